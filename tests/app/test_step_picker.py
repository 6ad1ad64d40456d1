"""The action-step bank in the debrief's Next step: the picker fills the step, its model and
rehearsal, marks what the teacher worked on, and the session records the bank step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import BankStepUse
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import SessionStore
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.step_picker import StepPickerScreen
from tests.app.conftest import SIZE, make_app, screen_text, session_on_disk, settle, wait_for
from tests.conftest import drop_in


def earlier_step(data: DataFolder, teach: Rubric, step_id: str) -> None:
    """Jane Doe's drop-in of last week, whose step was the bank's `step_id`."""
    session = drop_in(
        data.sessions, teach, at=datetime(2026, 3, 4, 9, 30, tzinfo=UTC), teacher="Jane Doe"
    )
    debriefing = Debriefing(session, ManualClock(datetime(2026, 3, 4, 10, tzinfo=UTC)))
    debriefing.pick_step(
        text="Ask three named pupils before the task starts",
        model="",
        scenario="",
        element="CFU",
        bank_step=BankStepUse(bank="teach", id=step_id, version="1"),
        rubric=teach,
    )
    SessionStore(data.sessions).save(debriefing.session)


def today_app(data: DataFolder, library: RubricLibrary, clock: ManualClock) -> ObserverApp:
    teach = library.get("teach")
    assert teach is not None
    return make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))


async def to_next_step(pilot: Pilot[None], clock: ManualClock) -> None:
    await pilot.pause()
    for text in ["asked three students #CFU", "+ praised effort #FB"]:
        clock.advance(40)
        await pilot.press(*text, "enter")
    await pilot.press("f10", "y")
    await pilot.pause()
    await pilot.press("f3", "f3", "f3")
    await pilot.pause()


def this_session(data: DataFolder) -> dict[str, Any]:
    """Today's session file (the one debriefed now, not last week's)."""
    paths = [p for p in data.sessions.glob("*.json") if not p.name.startswith("20260304-")]
    assert len(paths) == 1, paths
    loaded: dict[str, Any] = orjson.loads(paths[0].read_bytes())
    return loaded


async def test_picking_fills_step_model_and_rehearsal_and_records_the_bank_step(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, teach: Rubric
) -> None:
    earlier_step(data, teach, "cfu-1")
    app = today_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        assert "^\\: from the bank · ^]: save to mine" in screen_text(app)
        await pilot.press("ctrl+backslash")
        await wait_for(pilot, lambda: isinstance(app.screen, StepPickerScreen), what="picker")
        await pilot.pause()
        shown = screen_text(app)
        assert "Action steps · CFU (3)" in shown
        assert "✓ CFU Checks for understanding 1 · Ask three named pupils" in shown
        assert "(worked on)" in shown
        assert "▶ CFU Checks for understanding 2 · Use mini-whiteboards" in shown
        assert "Model: Ask one question, give thinking time" in shown
        await pilot.press("enter")  # the suggested step is highlighted
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="debrief")
        screen = app.screen
        step = screen.query_one("#step-text", Input)
        assert step.value == "Use mini-whiteboards for a whole-class check"
        assert screen.query_one("#step-model", TextArea).text.startswith("Ask one question")
        scenario = screen.query_one("#step-scenario", TextArea)
        assert scenario.text.startswith("Run the routine twice")
        assert screen.query_one("#step-element", Select).value == "CFU"
        assert "from the bank: teach/cfu-2 v1" in screen_text(app)
        # Still the coach's to adapt to the class.
        scenario.focus()
        scenario.move_cursor(scenario.document.end)
        await pilot.press(*" In Y8 science.")
        await settle(app)

    written = this_session(data)["debrief"]["step"]
    assert written["bank_step"] == {"bank": "teach", "id": "cfu-2", "version": "1"}
    assert written["text"] == "Use mini-whiteboards for a whole-class check"
    assert written["element"] == "CFU"
    assert written["model"].startswith("Ask one question, give thinking time")
    assert written["scenario"].endswith("say what you saw. In Y8 science.")


async def test_escape_leaves_the_step_as_it_was(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = today_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, StepPickerScreen), what="picker")
        await pilot.pause()
        assert "▶ CFU Checks for understanding 1" in screen_text(app)  # nothing worked on yet
        await pilot.press("a")
        await pilot.pause()
        assert "Action steps · every element (27)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#step-text", Input).value == ""
        await settle(app)
    debrief = session_on_disk(data)["debrief"]
    assert isinstance(debrief, dict) and "bank_step" not in debrief["step"]


async def test_a_step_the_coach_writes_is_saved_to_their_bank_with_one_key(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = today_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        await pilot.press("f12")
        await pilot.pause()
        assert "Write the step and choose the element it serves" in screen_text(app)
        app.screen.query_one("#step-text", Input).focus()
        await pilot.press(*"Count down from five")
        app.screen.query_one("#step-element", Select).value = "PBE"
        app.screen.query_one("#step-model", TextArea).focus()
        await pilot.press(*"5, 4, 3, 2, 1, silent")
        await pilot.press("f12")
        await wait_for(pilot, lambda: "Saved to your bank" in screen_text(app), what="saved")
        assert "Saved to your bank sam-coach-teach (version 1)." in screen_text(app)
        await settle(app)

    bank = orjson.loads((data.steps / "sam-coach-teach.json").read_bytes())
    assert (bank["rubric"], bank["name"]) == ("teach", "Sam Coach own steps (teach)")
    assert [(s["id"], s["title"], s["elements"], s["model"]) for s in bank["steps"]] == [
        ("count-down-from-five", "Count down from five", ["PBE"], "5, 4, 3, 2, 1, silent")
    ]
    written = session_on_disk(data)["debrief"]
    assert isinstance(written, dict)
    assert written["step"]["bank_step"] == {
        "bank": "sam-coach-teach",
        "id": "count-down-from-five",
        "version": "1",
    }


async def test_ctrl_g_then_s_saves_the_step_where_ctrl_bracket_is_hard_to_type(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = today_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        app.screen.query_one("#step-text", Input).focus()
        await pilot.press(*"Count down from five")
        app.screen.query_one("#step-element", Select).value = "PBE"
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await pilot.press("s")
        await wait_for(pilot, lambda: "Saved to your bank" in screen_text(app), what="saved")
        await settle(app)
    bank = orjson.loads((data.steps / "sam-coach-teach.json").read_bytes())
    assert [s["title"] for s in bank["steps"]] == ["Count down from five"]


@pytest.fixture
def teach(library: RubricLibrary) -> Rubric:
    rubric = library.get("teach")
    assert rubric is not None
    return rubric
