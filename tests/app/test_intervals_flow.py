"""A 10-minute COPUS drop-in with Pilot and the manual clock: ticks by key and by #CODE,
checked on screen, in the session file and in the intervals CSV; and the grid at 80x24."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot

from observer_tui.app import ObserverApp
from observer_tui.cli import main
from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import SessionStore
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.summary import SummaryScreen, summary
from tests.app.conftest import SIZE, make_app, screen_text, session_on_disk, settle, wait_for
from tests.app.test_snapshots import timer_caught_up
from tests.conftest import drop_in, start_observation


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """Dates on screen in UTC, as in the baselines."""
    pin_time_zone("UTC")


def copus_of(library: RubricLibrary) -> Rubric:
    rubric = library.get("copus")
    assert rubric is not None
    return rubric


async def tick_in_grid(pilot: Pilot[None], *keys: str) -> None:
    """↓ into the grid from the empty input, the keys, then Esc back to the input."""
    await pilot.press("down", *keys, "escape")


async def type_line(pilot: Pilot[None], text: str, *then: str) -> None:
    await pilot.press(*text, *then, "enter")


async def test_a_copus_drop_in_records_exactly_the_ticks_made(
    data: DataFolder,
    library: RubricLibrary,
    clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = ObservationPlan("Dr Ada Lovelace", "PHYS 101", copus_of(library), [], 10)
    app = make_app(data, library, clock, plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        # Interval 1: L and Lec by key in the grid; a note.
        await tick_in_grid(pilot, "a", "n")
        clock.advance(30)
        await type_line(pilot, "vectors on the board")
        assert "✓L " in screen_text(app) and "✓Lec " in screen_text(app)
        # Interval 2 (exactly at 2:00): the grid is clear; #PQ typed, S.AnQ by key.
        clock.advance(90)
        await timer_caught_up(pilot)
        assert "Interval 2 · 02:00 left · 0 ticked" in screen_text(app)
        assert "✓L " not in screen_text(app) and "✓Lec " not in screen_text(app)
        await type_line(pilot, "#PQ")
        await tick_in_grid(pilot, "f")
        # Interval 3: #AnQ asks which area; Tab completes S.AnQ, Tab again I.AnQ.
        clock.advance(120)
        await type_line(pilot, "#AnQ")
        assert "#AnQ is in 2 areas: #S.AnQ (Students) or #I.AnQ (Instructor)?" in screen_text(app)
        await pilot.press("ctrl+u", *"#AnQ", "tab", "tab", "enter")
        # ... a code ticked and cleared again is not ticked; arrows and Space tick too.
        await tick_in_grid(pilot, "k", "k", "right", "space")  # T/Q twice, then S.W
        # Interval 4, after a pause that does not count: D/V by key, Lec by #Lec.
        clock.advance(60)
        await pilot.press("f9")
        clock.advance(300)
        await pilot.press("f9")
        clock.advance(60)
        await timer_caught_up(pilot)
        assert "Interval 4 · 02:00 left" in screen_text(app)
        await tick_in_grid(pilot, "v")
        await type_line(pilot, "#Lec")
        # Interval 5: WG by key, MG by #MG.
        clock.advance(120)
        await tick_in_grid(pilot, "d")
        await type_line(pilot, "#mg")
        clock.advance(120)  # 10:00 observed
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await settle(app)

    saved: dict[str, Any] = session_on_disk(data)
    assert [(t["number"], t["codes"]) for t in saved["intervals"]] == [
        (1, ["L", "Lec"]),
        (2, ["S.AnQ", "PQ"]),
        (3, ["S.W", "I.AnQ"]),
        (4, ["Lec", "D/V"]),
        (5, ["WG", "MG"]),
    ]
    assert [note["text"] for note in saved["notes"]] == ["vectors on the board"]

    export = ["--data-dir", str(data.root), "export", str(saved["id"])]
    assert main([*export, "--format", "intervals-csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["interval", "start", "end"] and header[-1] == "comments"
    assert len(header) == 3 + 25 + 1
    ticks = [
        [code for code, cell in zip(header[3:-1], row[3:-1], strict=True) if cell == "1"]
        for row in body
    ]
    assert ticks == [["L", "Lec"], ["S.AnQ", "PQ"], ["S.W", "I.AnQ"], ["Lec", "D/V"], ["WG", "MG"]]
    assert all(set(row[3:-1]) <= {"0", "1"} for row in body)
    assert [row[:3] for row in body][1] == ["2", "02m00s", "04m00s"]
    assert body[0][-1] == "vectors on the board"


def test_the_interval_grid_at_80x24(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(
        data, library, clock, ObservationPlan("Dr Ada", "PHYS 101", copus_of(library), [], 50)
    )

    async def observe(pilot: Pilot[None]) -> None:
        await settle(app)
        clock.advance(125)
        await type_line(pilot, "worked example on the board")
        await type_line(pilot, "#Lec")
        await pilot.press("down", "a", "u", "right")
        await settle(app)
        await timer_caught_up(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=observe)


def test_the_summary_shows_each_codes_share_as_bars(
    library: RubricLibrary, clock: ManualClock
) -> None:
    copus = copus_of(library)
    observation = start_observation(copus, clock, focus=(), minutes=10)
    for interval in range(4):
        observation.toggle_code("Lec")
        if interval % 2:
            observation.toggle_code("PQ")
        clock.advance(120)
    observation.end()
    console = Console(width=80, file=io.StringIO(), record=True)
    console.print(summary(observation.session))
    text = console.export_text()
    assert "Intervals: 4 intervals of 2 min" in text
    assert "Lec   ████████████████  4/4 100%" in text
    assert "PQ    ████████░░░░░░░░  2/4  50%" in text
    assert "L     ░░░░░░░░░░░░░░░░  0/4   0%" in text


def listed_alone(app: ObserverApp, teacher: str) -> bool:
    text = screen_text(app)
    return "Sessions: 1 of 2" in text and teacher in text


async def test_the_summary_exports_the_ticks_of_an_interval_drop_in_only(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, teach: Rubric
) -> None:
    copus = start_observation(copus_of(library), clock, teacher="Dr Ada Lovelace")
    copus.toggle_code("Lec")
    clock.advance(130)
    copus.toggle_code("PQ")
    copus.end()
    coded = Debriefing(copus.session, clock)
    coded.complete()
    plain = drop_in(data.sessions, teach, at=clock.now(), teacher="Ben Okafor", debrief_hours=1)
    SessionStore(data.sessions).save(coded.session)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        for teacher, session_id, coded_in_intervals in (
            ("Dr Ada", coded.session.id, True),
            ("Ben Okafor", plain.id, False),
        ):
            await pilot.press(*teacher)
            await wait_for(pilot, partial(listed_alone, app, teacher), what="only them listed")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="summary")
            text = screen_text(app)
            assert text.startswith(teacher)
            assert ("i exports them as CSV" in text) is coded_in_intervals
            assert text.splitlines()[-1].rstrip().endswith("esc Back      ▏^p palette")
            await pilot.press("i")
            exported = data.root / "exports" / f"{session_id}-intervals.csv"
            if coded_in_intervals:
                await wait_for(pilot, exported.exists, what="the intervals CSV")
                rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
                lec, pq = rows[0].index("Lec"), rows[0].index("PQ")
                assert [(row[0], row[lec], row[pq]) for row in rows[1:]] == [
                    ("1", "1", "0"),
                    ("2", "0", "1"),
                ]
            else:
                await pilot.pause()
                assert not exported.exists()
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), what="the list")
            await pilot.press("ctrl+u")
            await wait_for(pilot, lambda: "Sessions: 2" in screen_text(app), what="both listed")
