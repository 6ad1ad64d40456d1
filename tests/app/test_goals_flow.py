"""The teacher's goal (over weeks) in the debrief's Next step: carried over, shown above
the step, marked achieved, and the next goal set, as the coach sees it and the file says."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan, carried_goal
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import SessionStore
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.goal_state import GoalStateScreen
from observer_tui.screens.step_picker import StepPickerScreen
from tests.app.conftest import SIZE, make_app, screen_text, settle, wait_for
from tests.app.test_step_picker import this_session, to_next_step
from tests.conftest import drop_in


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    pin_time_zone("UTC")


def app_with_goal(data: DataFolder, library: RubricLibrary, clock: ManualClock) -> ObserverApp:
    """Jane Doe's drop-in today, her goal set at last week's debrief carried over."""
    teach = library.get("teach")
    assert teach is not None
    session = drop_in(
        data.sessions, teach, at=datetime(2026, 3, 4, 9, 30, tzinfo=UTC), teacher="Jane Doe"
    )
    debriefing = Debriefing(session, ManualClock(datetime(2026, 3, 4, 10, tzinfo=UTC)))
    debriefing.set_teacher_goal(title="Pupils get precise feedback", elements=("FB",))
    debriefing.set_step(text="Name one thing done well", element="FB")
    SessionStore(data.sessions).save(debriefing.session)
    with closing(SessionIndex(data.sessions, None)) as index:
        index.refresh()
        goal = carried_goal(index.teacher("Jane Doe"), "Jane Doe")
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15)
    plan.goal = goal
    return make_app(data, library, clock, plan)


async def test_a_carried_goal_is_above_the_step_and_its_element_filters_the_bank(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_with_goal(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        screen = app.screen
        assert screen.query_one("#goal-title", Input).value == "Pupils get precise feedback"
        assert screen.query_one("#goal-elements", Input).value == "FB"
        assert "carried from 04 Mar · ^_ achieved/dropped" in screen_text(app)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, StepPickerScreen), what="picker")
        await pilot.pause()
        assert "Action steps · FB" in screen_text(app)  # the goal's element, not the focus


async def test_marking_the_goal_achieved_and_setting_the_next_is_in_the_file(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_with_goal(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        await pilot.press("ctrl+underscore")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalStateScreen), what="goal")
        await pilot.pause()
        assert "Achieved: the teacher reached it" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="debrief")
        await pilot.pause()
        shown = screen_text(app)
        assert "Marked “Pupils get precise feedback” achieved." in shown
        assert app.screen.query_one("#goal-title", Input).value == ""
        await pilot.press(*"Every pupil thinks hard")
        await settle(app)
    debrief = this_session(data)["debrief"]
    assert [(g["title"], g["state"]) for g in debrief["closed_goals"]] == [
        ("Pupils get precise feedback", "achieved")
    ]
    assert debrief["teacher_goal"]["title"] == "Every pupil thinks hard"
    assert debrief["teacher_goal"]["id"] != debrief["closed_goals"][0]["id"]


async def test_ctrl_g_then_g_opens_the_goals_choice_as_ctrl_underscore_does(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_with_goal(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_next_step(pilot, clock)
        await pilot.press("ctrl+g", "g")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalStateScreen), what="goal")
        await pilot.pause()
        assert "Achieved: the teacher reached it" in screen_text(app)


def test_next_step_with_a_carried_goal(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_with_goal(data, library, clock)

    async def to_goal(pilot: Pilot[None]) -> None:
        await to_next_step(pilot, clock)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=to_goal)
