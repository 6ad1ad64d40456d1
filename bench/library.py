"""Time to a ready session library with 0, 1,000 and 10,000 sessions, and search over 10,000.

For each size, a data folder is filled with generated sessions (12 notes each, half of
them debriefed). The real ObserverApp then runs headless at 80x24 with a warm cache (one
untimed run first builds it) and the clock runs from launch until the session list (the
home screen) shows every session. Reported as a ratio to the empty library measured in the same
run. Also: a cold scan (no cache) of 10,000 files, and a search over 10,000 sessions.

Two moments are timed: the first screenful of sessions (the newest, from a small cache
read first: the coach can open one or type a filter) and the whole list (every session
checked against its file). Empty is the same app on an empty folder, up on the home screen.

Goal: the first screen with 10,000 sessions within 1.5x of the empty library.

Run: python bench/library.py [--runs 3] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.legacy_index import load_texts, scan_library, search
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.rubrics import load_library
from observer_tui.core.session import new_session, new_session_id
from observer_tui.core.storage import write_atomic
from observer_tui.screens.library import LibraryScreen
from observer_tui.widgets.lazy_table import LazyTable

SIZES = (0, 1000, 10000)
GOAL = 1.5
TEACHERS = ["Ann Lee", "Ben Roy", "Cy Oduya", "Dee Park", "Eve Moss", "Fay Khan"]


def fill(data: DataFolder, count: int) -> None:
    """`count` sessions: one is built for real, the rest are copies with new ids and times."""
    teach = load_library(None).default()
    clock = ManualClock(datetime(2025, 1, 6, 9, tzinfo=UTC))
    session = new_session(
        teacher="Ann Lee",
        context="Y8 maths",
        coach="Sam",
        rubric=teach,
        focus=["CFU"],
        planned_minutes=15,
        at=clock.now(),
    )
    observation = Observation(session, teach, clock)
    for number in range(12):
        clock.advance(60)
        observation.commit(
            read_draft(f"+ note {number} about questioning #CFU", teach), clock.now()
        )
    observation.end()
    debriefed = session.model_copy(deep=True)
    Debriefing(debriefed, clock).complete()
    data.create()
    for number in range(count):
        at = session.started_at + timedelta(hours=number)
        teacher = TEACHERS[number % len(TEACHERS)]
        base = debriefed if number % 2 else session
        debrief = base.debrief
        if debrief.completed_at is not None:
            debrief = debrief.model_copy(update={"completed_at": at + timedelta(hours=2)})
        copy = base.model_copy(
            update={
                "id": new_session_id(teacher, at),
                "teacher": teacher,
                "started_at": at,
                "ended_at": at + timedelta(minutes=15),
                "debrief": debrief,
            }
        )
        write_atomic(data.sessions / f"{copy.id}.json", copy.to_json())


SCREENFUL = 19
"""Session rows the list shows at 80x24."""


def shown(app: ObserverApp) -> int | None:
    """How many sessions the session list (the home screen) holds, once it is up."""
    screen = app.screen
    if not isinstance(screen, LibraryScreen) or not screen.is_mounted:
        return None
    return len(screen.query_one("#sessions", LazyTable).items)


async def time_to_ready(data: DataFolder, cache: Path, count: int) -> tuple[float, float]:
    """Seconds from launch until the session list shows its first screenful (ready to
    type a filter or open a session), and until it holds every session."""
    started = time.perf_counter()
    app = ObserverApp(data, load_library(data.rubrics), cache=cache)
    first = 0.0
    async with app.run_test(size=(80, 24)):
        while (rows := shown(app)) is None or rows < min(count, SCREENFUL):
            await asyncio.sleep(0.002)
        first = time.perf_counter() - started
        while not app.scanned or shown(app) != count:
            await asyncio.sleep(0.002)
        whole = time.perf_counter() - started
    return first, whole


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--dir", type=Path, default=None)
    arguments = options.parse_args()
    with tempfile.TemporaryDirectory(dir=arguments.dir) as temp:
        root = Path(temp)
        folders = {}
        for count in SIZES:
            folders[count] = DataFolder(root / f"data-{count}")
            fill(folders[count], count)
        cache = root / "cache"
        firsts: dict[int, float] = {}
        wholes: dict[int, float] = {}
        for count in SIZES:
            asyncio.run(time_to_ready(folders[count], cache, count))  # builds the cache
            runs = [
                asyncio.run(time_to_ready(folders[count], cache, count))
                for _ in range(arguments.runs)
            ]
            firsts[count] = statistics.median(first for first, _ in runs)
            wholes[count] = statistics.median(whole for _, whole in runs)
        started = time.perf_counter()
        scan_library(folders[10000].sessions, None)
        cold_seconds = time.perf_counter() - started
        warm = scan_library(folders[10000].sessions, cache)
        load_texts(folders[10000].sessions, cache, warm)  # makes sure the text cache is there
        started = time.perf_counter()
        texts = load_texts(folders[10000].sessions, cache, warm)
        texts_seconds = time.perf_counter() - started
        started = time.perf_counter()
        hits = search(warm.summaries, texts, "questioning 7")
        search_seconds = time.perf_counter() - started
    print(
        f"{'sessions':>9}  {'first screen':>12}  {'ratio':>6}  {'every session':>13}  {'ratio':>6}"
    )
    for count in SIZES:
        first, whole = firsts[count], wholes[count]
        print(
            f"{count:>9}  {first * 1000:>9.0f} ms  {first / firsts[0]:>5.2f}x"
            f"  {whole * 1000:>10.0f} ms  {whole / wholes[0]:>5.2f}x"
        )
    print(f"cold scan of 10,000 files (no cache): {cold_seconds:.2f} s")
    print(f"reading the search lines of 10,000 sessions (warm cache): {texts_seconds:.2f} s")
    print(f"search over 10,000 sessions: {search_seconds * 1000:.0f} ms ({len(hits)} lines)")
    ratio = firsts[10000] / firsts[0]
    met = ratio <= GOAL
    print(f"goal: 10,000 within {GOAL}x of empty: {'met' if met else 'NOT met'} ({ratio:.2f}x)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
