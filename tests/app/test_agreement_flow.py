"""Marking two sessions in the list and comparing them: what the coach sees at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore
from observer_tui.screens.agreement import AgreementScreen
from tests.app.conftest import SIZE, make_app, screen_text, settle, wait_for
from tests.unit.test_agreement import AT, session


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    pin_time_zone("UTC")


def lesson(data: DataFolder) -> tuple[Session, Session]:
    """Sam and Jo in Ann Lee's lesson; Sam alone with Ben Roy the day after."""
    store = SessionStore(data.sessions)
    sam = session(
        "Sam",
        {"SLE": "3", "PBE": "4", "LF": "2", "CFU": "4"},
        behaviours={("SLE", 1): "H", ("CFU", 1): "M"},
        snapshots={0: {"learning_activity": "yes", "off_task": "0-1"}},
        tags=(("CFU",), ("SLE",)),
    )
    jo = session(
        "Jo",
        {"SLE": "3", "PBE": "2", "LF": "3", "CFU": "4"},
        behaviours={("SLE", 1): "H", ("CFU", 1): "L"},
        snapshots={0: {"learning_activity": "yes", "off_task": "2-5"}},
        tags=(("CFU",), ("CFU",)),
    ).model_copy(update={"started_at": AT + timedelta(minutes=2)})
    ben = session("Sam", {"SLE": "3"}).model_copy(
        update={"id": "ben", "teacher": "Ben Roy", "started_at": AT + timedelta(days=1)}
    )
    for one in (sam, jo, ben):
        store.save(one)
    return sam, jo


async def on_agreement(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, ObserverApp)
    await wait_for(pilot, lambda: isinstance(app.screen, AgreementScreen), what="it")
    await wait_for(pilot, lambda: "ELEMENT" in screen_text(app), what="the figures")


def test_agreement_screen(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    lesson(data)
    app = make_app(data, library, clock)

    async def compared(pilot: Pilot[None]) -> None:
        await settle(app)
        # Ben Roy's, then Jo's (marked), then Sam's: F10 compares the marked and it.
        await pilot.press("down", "insert", "down", "f10")
        await on_agreement(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=compared)


async def test_the_highlighted_session_is_compared_with_the_other_coach_of_its_lesson(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    sam, jo = lesson(data)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("down", "down", "ctrl+g", "0")  # F10 without Fn, on Sam's session
        await on_agreement(pilot)
        text = screen_text(app)
        assert f"A: Sam ({sam.id})" in text
        assert f"B: Jo ({jo.id})" in text
        assert "75% of 4: not met yet" in text
        assert "PBE      4  2  2 apart" in text
        await pilot.press("escape", "up", "up")
        await pilot.press("f10")  # Ben Roy's lesson had one coach
        await wait_for(pilot, lambda: bool(app._notifications), what="a notice")
        (notice,) = [n.message for n in app._notifications]
        assert notice.startswith("No other coach recorded this lesson")
        assert not isinstance(app.screen, AgreementScreen)


async def test_marks_show_in_the_title_and_a_third_replaces_the_first(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    sam, jo = lesson(data)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press(*"ann")  # typing in the filter: Insert still marks
        await wait_for(pilot, lambda: "Sessions: 2 of 3" in screen_text(app), what="filter")
        await pilot.press("insert")
        assert "Sessions: 2 of 3 · 1 marked to compare" in screen_text(app)
        await pilot.press("insert")  # again: unmarked
        assert "marked" not in screen_text(app)
        await pilot.press("insert", "down", "insert")
        await pilot.press("f10")
        await on_agreement(pilot)
        assert f"A: Jo ({jo.id})" in screen_text(app)
        assert f"B: Sam ({sam.id})" in screen_text(app)
        await pilot.press("escape")
        await settle(app)
        title = screen_text(app).splitlines()[0]
        assert title.strip() == "Sessions: 2 of 3"  # comparing cleared the marks
