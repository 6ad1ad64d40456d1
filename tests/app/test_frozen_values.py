"""What the screens hand up to be saved (SessionChanged, then the writer) is a value: later
typing never changes it."""

from __future__ import annotations

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Stage
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionWriter
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.observation import ObservationScreen
from tests.app.conftest import SIZE, make_app, settle


async def test_each_session_changed_keeps_the_session_as_it_was_then(
    data: DataFolder,
    library: RubricLibrary,
    teach: Rubric,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = ObservationPlan("Jane Doe", "Y8 maths", teach, ["CFU"], 15)
    app = make_app(data, library, clock, plan=plan)
    handed: list[tuple[Session, int, bytes]] = []
    submit = SessionWriter.submit

    def record(writer: SessionWriter, session: Session, revision: int) -> None:
        handed.append((session, revision, session.to_json()))
        submit(writer, session, revision)

    monkeypatch.setattr(SessionWriter, "submit", record)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        for text in ("asked three pupils #CFU", "+ praised effort #FB", "- lost pace #T"):
            clock.advance(20)
            await pilot.press(*text, "enter")
        await pilot.press("f9")
        clock.advance(60)
        await pilot.press("f9")
        await pilot.press("f8", "d")
        await pilot.press("f10", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press(*"pupils explained")
        await settle(app)

    assert len(handed) >= 9
    for session, _, at_the_time in handed:
        assert session.to_json() == at_the_time
    notes = [[n.text for n in session.notes] for session, _, _ in handed]
    assert notes[:4] == [
        [],
        ["asked three pupils"],
        ["asked three pupils", "praised effort"],
        ["asked three pupils", "praised effort", "lost pace"],
    ]
    assert notes[-1] == ["asked three pupils", "praised effort"]
    assert [s.paused for s, _, _ in handed[4:6]] == [True, False]
    assert handed[0][0].debrief.status == "not_started"
    assert handed[-1][0].debrief.answer(Stage.DESCRIBE).text == "pupils explained"
