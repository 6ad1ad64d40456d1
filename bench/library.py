"""Time to a ready session library with 0, 1,000 and 10,000 sessions, and search over 10,000.

For each size, a data folder is filled with generated sessions (12 notes each, half of
them debriefed). The real ObserverApp then runs headless at 80x24 with a warm cache (one
untimed run first builds it) and the clock runs from launch until the library screen
(F2) shows every session. Reported as a ratio to the empty library measured in the same
run. Also: a cold scan (no cache) of 10,000 files, and a search over 10,000 sessions.

Goal: 10,000 sessions within 1.5x of the empty library.

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

from textual.widgets import DataTable

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.index import scan_library, search
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.rubrics import load_library
from observer_tui.core.session import new_session, new_session_id
from observer_tui.core.storage import write_atomic
from observer_tui.screens.library import LibraryScreen

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
        copy = base.model_copy(
            update={
                "id": new_session_id(teacher, at),
                "teacher": teacher,
                "started_at": at,
                "ended_at": at + timedelta(minutes=15),
            }
        )
        write_atomic(data.sessions / f"{copy.id}.json", copy.to_json())


def ready(app: ObserverApp, count: int) -> bool:
    """Whether the library screen lists all `count` sessions."""
    screen = app.screen
    return (
        isinstance(screen, LibraryScreen)
        and len(app.sessions) == count
        and screen.query_one("#sessions", DataTable).row_count == count
    )


async def time_to_ready(data: DataFolder, cache: Path, count: int) -> float:
    """Seconds from launch until the library screen lists every session."""
    started = time.perf_counter()
    app = ObserverApp(data, load_library(data.rubrics), cache=cache)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        while not ready(app, count):
            await asyncio.sleep(0.002)
        elapsed = time.perf_counter() - started
    return elapsed


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
        medians: dict[int, float] = {}
        for count in SIZES:
            asyncio.run(time_to_ready(folders[count], cache, count))  # builds the cache
            runs = [
                asyncio.run(time_to_ready(folders[count], cache, count))
                for _ in range(arguments.runs)
            ]
            medians[count] = statistics.median(runs)
        started = time.perf_counter()
        cold = scan_library(folders[10000].sessions, None)
        cold_seconds = time.perf_counter() - started
        started = time.perf_counter()
        hits = search(cold.summaries, "questioning 7")
        search_seconds = time.perf_counter() - started
    print(f"{'sessions':>9}  {'ready (median)':>14}  {'ratio to empty':>14}")
    for count in SIZES:
        print(
            f"{count:>9}  {medians[count] * 1000:>11.0f} ms  {medians[count] / medians[0]:>13.2f}x"
        )
    print(f"cold scan of 10,000 files (no cache): {cold_seconds:.2f} s")
    print(f"search over 10,000 sessions: {search_seconds * 1000:.0f} ms ({len(hits)} lines)")
    ratio = medians[10000] / medians[0]
    met = ratio <= GOAL
    print(f"goal: 10,000 within {GOAL}x of empty: {'met' if met else 'NOT met'} ({ratio:.2f}x)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
