"""Note commit latency with 10 and with 2,000 notes already in the session.

Runs the real ObserverApp headless (Textual's run_test at 80x24, system clock, a temp data
folder) on the observation screen, fills the session with N notes and saves it, then commits
notes one at a time by pressing Enter on a draft. For each commit it times, from the Enter:

  ui       until the note is in the notes log (its option count went up);
  durable  until the session writer reports the note's revision saved (on disk, fsynced);
  settled  until the screen has handled that report and repainted (informational).

Goal: at 2,000 notes, the ui and durable medians are within 2x of those at 10 notes.

Run: python bench/commit_latency.py [--commits 30] [--dir FOLDER]
(--dir puts the data folders on the disk you want to measure; default: the temp folder.)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from observer_tui.app import ObserverApp
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import load_library
from observer_tui.core.workspace import Change, Saved, Workspace
from observer_tui.messages import SessionChanged
from observer_tui.screens.observation import ObservationScreen
from observer_tui.widgets.note_input import NoteInput
from observer_tui.widgets.notes_log import NotesLog

SIZES = (10, 2000)
GOAL_RATIO = 2.0
WAIT_SECONDS = 30.0
DRAFTS = (
    "asked three students to explain the method in their own words #CFU",
    "+ praised effort on the second attempt, named the strategy used #FB",
    "- long teacher talk while the board work was copied down",
    "? why were the mini whiteboards put away before the hinge question",
    "! a pupil led the recap of yesterday's lesson unprompted #LF",
)


def draft_text(index: int) -> str:
    return f"{DRAFTS[index % len(DRAFTS)]} (n{index})"


@dataclass
class Timings:
    ui: list[float] = field(default_factory=list)
    durable: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)


async def measure(existing: int, commits: int, warmup: int, folder: Path) -> Timings:
    """Commit `warmup + commits` notes on top of `existing` ones; time the last `commits`."""
    data = DataFolder(folder / "data")
    data.create()
    library = load_library(data.rubrics)
    rubric = library.default()
    plan = ObservationPlan("Jane Doe", "Y8 maths", rubric, ["CFU"], 15)
    workspace = Workspace(data, coach="bench")
    workspace.library = library
    app = ObserverApp(workspace, plan)
    timings = Timings()

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, ObservationScreen):
            raise RuntimeError(f"expected the observation screen, got {screen!r}")
        observation = screen.observation
        session_id = observation.session.id
        log = screen.query_one(NotesLog)
        note_input = screen.query_one(NoteInput)

        target = 0
        started = 0.0
        saved_at = 0.0
        saved = asyncio.Event()
        settled = asyncio.Event()

        def on_settled() -> None:
            timings.settled.append(time.perf_counter() - started)
            settled.set()

        loop = asyncio.get_running_loop()

        def on_durable() -> None:
            saved.set()
            screen.call_after_refresh(on_settled)

        def on_change(change: Change) -> None:
            """Runs on the writer thread, the moment the save is on disk."""
            nonlocal saved_at
            if not isinstance(change, Saved) or change.result.session_id != session_id:
                return
            result = change.result
            if result.error is not None:
                raise RuntimeError(f"save failed: {result.error}")
            if result.revision >= target and not saved.is_set():
                saved_at = time.perf_counter()
                loop.call_soon_threadsafe(on_durable)

        workspace.listen(on_change)

        # The existing notes, as if typed earlier in the lesson, shown and saved.
        for index in range(existing):
            observation.commit(read_draft(draft_text(index), rubric), observation.clock.now())
        log.show_notes(observation.session.notes)
        target = observation.revision
        app.post_message(SessionChanged(observation.session, observation.revision))
        await asyncio.wait_for(settled.wait(), WAIT_SECONDS)
        await pilot.pause()
        timings.settled.clear()

        for index in range(existing, existing + warmup + commits):
            note_input.set_draft(draft_text(index))
            await pilot.pause()
            count = log.option_count
            target = observation.revision + 1
            saved.clear()
            settled.clear()
            started = time.perf_counter()
            press = asyncio.create_task(pilot.press("enter"))
            while log.option_count == count:
                await asyncio.sleep(0)
            ui = time.perf_counter() - started
            await asyncio.wait_for(settled.wait(), WAIT_SECONDS)
            await press
            if observation.revision != target:
                raise RuntimeError("the commit did not make exactly one change")
            timings.ui.append(ui)
            timings.durable.append(saved_at - started)
        await pilot.pause()

    del timings.ui[:warmup], timings.durable[:warmup], timings.settled[:warmup]
    notes = len(observation.session.notes)
    if notes != existing + warmup + commits:
        raise RuntimeError(f"expected {existing + warmup + commits} notes, have {notes}")
    return timings


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=30, help="timed commits per size (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed commits first (3)")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the data folders")
    arguments = parser.parse_args(argv)
    if arguments.commits < 1:
        parser.error("--commits must be at least 1")

    results: dict[int, Timings] = {}
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="observer-bench-", dir=arguments.dir) as folder:
            results[size] = asyncio.run(
                measure(size, arguments.commits, arguments.warmup, Path(folder))
            )

    print(f"Note commit latency, headless 80x24, median of {arguments.commits} commits (ms)")
    print(f"{'existing notes':>14}{'ui':>9}{'durable':>10}{'settled':>10}{'max durable':>13}")
    for size, timings in results.items():
        print(
            f"{size:>14}{median_ms(timings.ui):>9.2f}{median_ms(timings.durable):>10.2f}"
            f"{median_ms(timings.settled):>10.2f}{max(timings.durable) * 1000:>13.2f}"
        )
    small, large = (results[size] for size in SIZES)
    ratios = {
        "ui": median_ms(large.ui) / median_ms(small.ui),
        "durable": median_ms(large.durable) / median_ms(small.durable),
        "settled": median_ms(large.settled) / median_ms(small.settled),
    }
    passed = ratios["ui"] <= GOAL_RATIO and ratios["durable"] <= GOAL_RATIO
    print(
        f"ratio {SIZES[1]}/{SIZES[0]}: ui {ratios['ui']:.2f}x, durable {ratios['durable']:.2f}x "
        f"(goal <= {GOAL_RATIO:g}x each): {'PASS' if passed else 'FAIL'}; "
        f"settled {ratios['settled']:.2f}x (no goal)"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
