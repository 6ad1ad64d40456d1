"""The observation screen at 80x24: long notes in the log, the last agreed step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import PreviousStep
from observer_tui.widgets.note_input import NoteInput
from tests.app.conftest import SIZE, make_app, settle
from tests.app.test_snapshots import timer_caught_up

LONG = (
    "the teacher asked three students to explain the method they used and then wrote it "
    "on the board while the rest of the class copied it down in silence"
)


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """Dates on screen in UTC, as in the baselines."""
    pin_time_zone("UTC")


def test_notes_log_with_long_notes_cut_with_an_ellipsis(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))

    async def observe(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for n in range(1, 6):
            clock.advance(30)
            await pilot.press(*f"{n}")
            app.screen.query_one(NoteInput).insert(f" {LONG} #CFU")
            await pilot.press("enter")
        clock.advance(30)
        await pilot.press(*"short one", "enter", "up")
        await settle(app)
        await timer_caught_up(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=observe)


def test_observation_screen_with_the_last_agreed_step(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    previous = PreviousStep(
        session_id="20261112-0900-jane-doe-0000abcd",
        at=datetime(2026, 11, 12, 9, tzinfo=UTC),
        step="ask three named pupils before moving on",
        element="CFU",
        goal="every pupil answers once",
        follow_up="2026-11-19",
    )
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15, previous=previous)
    app = make_app(data, library, clock, plan)

    async def observe(pilot: Pilot[None]) -> None:
        await pilot.pause()
        clock.advance(40)
        await pilot.press(*"asked Sam, Ali and Jo #CFU", "enter")
        await settle(app)
        await timer_caught_up(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=observe)
