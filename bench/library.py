"""The session library at a trust's scale: 0, 1,000, 10,000 and 100,000 sessions.

Each data folder is filled once with generated sessions (12 notes each, half of them
debriefed) under `--dir` and reused by later runs while it holds the right number of files.
Twenty sessions in every folder, whatever its size, are with the teacher Zoe Quill and have
a note holding the word 'zeugma', so one teacher's list and a rare word's search have the
same answer at every size; every session's notes hold 'questioning' (the common word).

Reported, for each size:

- the first index (no database yet), with files per second: the `SessionIndex` refresh
  the app and the CLI run on a folder they have not indexed;
- warm, through the command line in a subprocess as a script would run it, wall time and
  peak memory: `sessions list --json`, `search zeugma`, `search questioning` (every session),
  `sessions list --teacher "Zoe Quill"`, `stats`, `stats --quality` and
  `stats --coverage 12`;
- warm, in the core: `count()`, `page(0, 50)` and `page(0, 50, 'questioning 7')`.

Warm figures are reported as a ratio to the 1,000 figure measured in the same run.

Goals: at 100,000 sessions each warm figure within 3x of the 1,000 figure, but those whose
output or matches grow with the folder (`NO_GOAL`: the whole list as JSON, and the common
word's search and page, which match every session); search's peak memory under 250 MB; the
first index of 100,000 files in 30 s or less.

`--app` adds the real app's figures, headless at 80x24 with a warm index, each launch in a
process of its own: time to the first screenful of the session list, to the whole list
(every session reachable, the folder checked), to a filter's answer (typing the rare word,
its 0.15 s pause after the last key included), and the process's peak memory.

Run: python bench/library.py [--runs 3] [--dir FOLDER] [--sizes 0 1000 10000 100000] [--app]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.rubrics import load_library
from observer_tui.core.session import Session, new_session, new_session_id

SIZES = (0, 1000, 10000, 100000)
GOAL = 3.0
MEMORY_GOAL_MB = 250
FIRST_INDEX_GOAL = 30.0
TEACHERS = ["Ann Lee", "Ben Roy", "Cy Oduya", "Dee Park", "Eve Moss", "Fay Khan"]
RARE_TEACHER = "Zoe Quill"
RARE_WORD = "zeugma"
COMMON_WORD = "questioning"
FIXED = 20
"""Sessions with the rare teacher and word, at every size."""


def template() -> tuple[Session, Session]:
    """A real drop-in of 12 notes, ended, and the same drop-in debriefed."""
    teach = load_library(None).default()
    clock = ManualClock(datetime(2025, 1, 6, 9, tzinfo=UTC))
    session = new_session(
        teacher="Ann Lee",
        class_name="Y8 maths",
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
            read_draft(f"+ note {number} about {COMMON_WORD} #CFU", teach), clock.now()
        )
    observation.end()
    session = observation.session
    debriefing = Debriefing(session, clock)
    # A step, so the quality figures' follow-up query has every debrief to look at.
    debriefing.set_step(text="ask three named pupils before explaining", element="CFU")
    debriefing.complete()
    return session, debriefing.session


def fill(data: DataFolder, count: int) -> None:
    """`count` sessions, copies of the template with new ids, teachers and times."""
    session, debriefed = template()
    data.create()
    rare_every = max(1, count // FIXED)
    for number in range(count):
        at = session.started_at + timedelta(hours=number)
        rare = number % rare_every == 0 and number // rare_every < FIXED
        teacher = RARE_TEACHER if rare else TEACHERS[number % len(TEACHERS)]
        base = debriefed if number % 2 else session
        debrief = base.debrief
        if debrief.completed_at is not None:
            debrief = debrief.model_copy(update={"completed_at": at + timedelta(hours=2)})
        notes = list(base.notes)
        if rare:
            notes[5] = notes[5].model_copy(update={"text": f"a {RARE_WORD} on the board"})
        copy = base.model_copy(
            update={
                "id": new_session_id(teacher, at),
                "teacher": teacher,
                "started_at": at,
                "ended_at": at + timedelta(minutes=15),
                "debrief": debrief,
                "notes": tuple(notes),
            }
        )
        # No fsync: this is test data, and 100,000 fsyncs would take minutes.
        (data.sessions / f"{copy.id}.json").write_bytes(copy.to_json())


def folder_for(root: Path, count: int) -> DataFolder:
    """The reusable data folder with `count` sessions, filled if it is not complete."""
    data = DataFolder(root / f"data-{count}")
    files = len(os.listdir(data.sessions)) if data.sessions.is_dir() else -1
    if files != count:
        shutil.rmtree(data.root, ignore_errors=True)
        started = time.perf_counter()
        fill(data, count)
        print(f"generated {count:,} sessions in {time.perf_counter() - started:.1f} s")
    return data


def first_index(data: DataFolder, cache: Path) -> float:
    """Seconds for the first refresh of a folder with no database yet."""
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    index = SessionIndex.for_folder(data.sessions, cache)
    index.refresh()
    seconds = time.perf_counter() - started
    index.close()
    return seconds


def run_cli(data: DataFolder, cache: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one `observer-tui` command in a subprocess."""
    script = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "seconds = time.perf_counter() - started\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(seconds, peak)\n"
    )
    command = [sys.executable, "-m", "observer_tui", "--data-dir", str(data.root), *args]
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", script, *command],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    seconds, peak = out.split()
    return float(seconds), float(peak)


def core_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


CLI = {
    "sessions list --json": ("sessions", "list", "--json"),
    f"search {RARE_WORD}": ("search", RARE_WORD),
    f"search {COMMON_WORD}": ("search", COMMON_WORD),
    f"sessions list --teacher '{RARE_TEACHER}'": ("sessions", "list", "--teacher", RARE_TEACHER),
    "stats": ("stats",),
    "stats --quality": ("stats", "--quality"),
    "stats --coverage 12": ("stats", "--coverage", "12"),
}


NO_GOAL = {
    "sessions list --json",
    f"search {COMMON_WORD}",
    f"core page(0, 50, '{COMMON_WORD} 7')",
}
"""Figures whose output or matches grow with the folder (every session, every note):
reported, but not held to the 3x goal."""


def measure(data: DataFolder, cache: Path, runs: int) -> dict[str, tuple[float, float | None]]:
    """Every warm figure for one folder: seconds, and peak MB for the subprocesses."""
    figures: dict[str, tuple[float, float | None]] = {}
    run_cli(data, cache, "sessions", "list", "--json")  # makes sure the index is warm
    for name, args in CLI.items():
        # The common word prints a line per note of every session: once is enough.
        times = 1 if COMMON_WORD in name else runs
        results = [run_cli(data, cache, *args) for _ in range(times)]
        figures[name] = (
            statistics.median(r[0] for r in results),
            max(r[1] for r in results),
        )
    index = SessionIndex.for_folder(data.sessions, cache / "observer-tui")
    index.refresh()
    figures["core count()"] = (core_time(index.count, runs * 5), None)
    figures["core page(0, 50)"] = (core_time(lambda: index.page(0, 50), runs * 5), None)
    figures[f"core page(0, 50, '{COMMON_WORD} 7')"] = (
        core_time(lambda: index.page(0, 50, f"{COMMON_WORD} 7"), runs * 5),
        None,
    )
    index.close()
    return figures


def app_run(root: Path, count: int) -> dict[str, float]:
    """One launch of the real app on the `count` folder (its index warm), headless at
    80x24: seconds to the first screenful, to the whole list, to a filter's answer, and the
    process's peak memory. Run in a process of its own, so memory is this size's."""
    from observer_tui.app import ObserverApp
    from observer_tui.core.workspace import Workspace
    from observer_tui.screens.library import LibraryScreen
    from observer_tui.widgets.lazy_table import LazyTable

    data = folder_for(root, count)
    cache = root / "cache" / f"app-{count}"
    expected = min(count, FIXED)

    def table(app: ObserverApp) -> LazyTable[object] | None:
        screen = app.screen
        if not isinstance(screen, LibraryScreen) or not screen.is_mounted:
            return None
        found: LazyTable[object] = screen.query_one("#sessions", LazyTable)
        return found

    def rows(app: ObserverApp) -> int:
        shown = table(app)
        return sum(1 for _ in shown.items.loaded()) if shown is not None else -1

    async def until(condition: Callable[[], bool]) -> float:
        while not condition():
            await asyncio.sleep(0.001)
        return time.perf_counter()

    async def launch() -> dict[str, float]:
        started = time.perf_counter()
        workspace = Workspace(data, coach="bench", cache=cache)
        workspace.read_rubrics()
        app = ObserverApp(workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            first = await until(lambda: rows(app) >= min(count, 19))
            whole = await until(
                lambda: (
                    workspace.refreshed and (t := table(app)) is not None and len(t.items) == count
                )
            )
            typed = time.perf_counter()
            await pilot.press(*RARE_WORD)
            answer = await until(lambda: (t := table(app)) is not None and len(t.items) == expected)
        return {
            "first screenful": first - started,
            "whole list": whole - started,
            "filter's answer": answer - typed,
        }

    asyncio.run(launch())  # warms the index and the disk cache
    figures = asyncio.run(launch())
    figures["peak memory MB"] = own_peak_mb()
    return figures


def own_peak_mb() -> float:
    """This process's peak memory. Linux carries ru_maxrss over an exec, so a process
    started by a bigger one would report the starter's peak: VmHWM is its own."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def app_figures(root: Path, sizes: list[int], runs: int) -> dict[int, dict[str, float]]:
    """The app figures per size, each the median of `runs` processes."""
    results: dict[int, dict[str, float]] = {}
    for count in sizes:
        runs_of = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, __file__, "--dir", str(root), "--app-one", str(count)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs_of.append(orjson.loads(out.splitlines()[-1]))
        results[count] = {
            name: statistics.median(run[name] for run in runs_of) for name in runs_of[0]
        }
    return results


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "observer-bench")
    options.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    options.add_argument("--app", action="store_true", help="also the app-level figures")
    options.add_argument("--app-one", type=int, help=argparse.SUPPRESS)
    arguments = options.parse_args()
    root: Path = arguments.dir
    if arguments.app_one is not None:
        print(orjson.dumps(app_run(root, arguments.app_one)).decode())
        return 0
    sizes: list[int] = arguments.sizes
    folders = {count: folder_for(root, count) for count in sizes}
    cache = root / "cache"
    met = True
    print(f"{'sessions':>9}  {'first index':>11}  {'files/s':>8}")
    for count in sizes:
        seconds = first_index(folders[count], cache / f"first-{count}")
        rate = f"{count / seconds:>8,.0f}" if count else f"{'-':>8}"
        print(f"{count:>9}  {seconds:>9.2f} s  {rate}")
        if count == 100000 and seconds > FIRST_INDEX_GOAL:
            met = False
    figures = {
        count: measure(folders[count], cache / f"warm-{count}", arguments.runs) for count in sizes
    }
    base = figures.get(1000)
    for name in next(iter(figures.values())):
        print(f"\n{name}" + ("  (no goal: grows with the folder)" if name in NO_GOAL else ""))
        for count in sizes:
            seconds, peak = figures[count][name]
            ratio = f"{seconds / base[name][0]:>6.2f}x" if base else ""
            memory = f"  {peak:>6.0f} MB" if peak is not None else ""
            print(f"{count:>9}  {seconds * 1000:>9.1f} ms  {ratio}{memory}")
            held = name not in NO_GOAL
            if held and base and count == 100000 and seconds / base[name][0] > GOAL:
                met = False
            if peak is not None and name.startswith("search") and peak > MEMORY_GOAL_MB:
                met = False
    if arguments.app:
        app = app_figures(root, sizes, arguments.runs)
        app_base = app.get(1000)
        for name in next(iter(app.values())):
            print(f"\napp: {name}")
            for count in sizes:
                value = app[count][name]
                ratio = f"{value / app_base[name]:>6.2f}x" if app_base else ""
                shown = f"{value:>9.0f} MB" if "MB" in name else f"{value * 1000:>9.1f} ms"
                print(f"{count:>9}  {shown}  {ratio}")
                if app_base and count == 100000 and value / app_base[name] > GOAL:
                    met = False
    print(f"\ngoals ({GOAL}x at 100,000; search < {MEMORY_GOAL_MB} MB; first index <= 30 s):")
    if 100000 not in sizes:
        print("not measured (no 100,000 folder in --sizes)")
        return 0
    print("met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    resource.getrusage(resource.RUSAGE_SELF)
    sys.exit(main())
