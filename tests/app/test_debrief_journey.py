"""What a new coach hit walking through the debrief at 80x24 (issue 13), each as a Pilot test."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.summary import SummaryScreen
from tests.app.conftest import SIZE, make_app, screen_text, sessions_on_disk, settle


def flat(app: ObserverApp) -> str:
    """The screen's words in one line: text wrapped at the edge reads on."""
    return " ".join(screen_text(app).split())


NOTES = ["asked three students #CFU", "+ praised effort #FB", "! pupil led recap #T"]


def debrief_app(data: DataFolder, library: RubricLibrary, clock: ManualClock) -> ObserverApp:
    teach = library.get("teach")
    assert teach is not None
    return make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))


async def into_debrief(pilot: Pilot[None], clock: ManualClock, stage: int = 0) -> DebriefScreen:
    """Three notes 30 s apart, the observation ended, the debrief open at `stage`."""
    await pilot.pause()
    for text in NOTES:
        clock.advance(30)
        await pilot.press(*text, "enter")
    await pilot.press("f10", "y")
    await pilot.pause()
    await pilot.press(*["f3"] * stage)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DebriefScreen)
    return screen


@pytest.mark.parametrize("size", [SIZE, (120, 40)], ids=["80x24", "120x40"])
async def test_rehearsal_feedback_is_on_screen_next_to_what_was_tried(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, size: tuple[int, int]
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=size) as pilot:
        screen = await into_debrief(pilot, clock, stage=3)
        screen.query_one("#round-tried", Input).focus()
        await pilot.press(*"first go", "tab", *"slow down")
        await pilot.pause()
        assert app.focused is screen.query_one("#round-feedback", Input)
        shown = screen_text(app)
        assert "first go" in shown and "slow down" in shown
        await pilot.press("enter")
        await settle(app)
    [session] = sessions_on_disk(data)
    assert [(r.tried, r.feedback) for r in session.debrief.rehearsal] == [("first go", "slow down")]


async def test_a_citation_deleted_from_the_answer_is_no_longer_evidence(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await into_debrief(pilot, clock)
        await pilot.press(*"They worked in pairs.", "f4")  # cites the note at 00:30
        await pilot.pause()
        answer = screen.query_one("#answer-describe", TextArea)
        assert answer.text == "They worked in pairs. [00:30] "
        await pilot.press(*["backspace"] * len(" [00:30] "))
        await settle(app)
        [session] = sessions_on_disk(data)
        [describe] = [a for s, a in session.debrief.answers.items() if s.value == "describe"]
        assert describe.text == "They worked in pairs."
        assert describe.citations == ()
        await pilot.press("f10", "y")
        await settle(app)
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert "They worked in pairs." in shown and "Evidence: notes at" not in shown


async def test_the_goal_reads_once_when_the_coach_types_when(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await into_debrief(pilot, clock, stage=3)
        await pilot.press(*"Praise.", "tab", *"Ask three named pupils")
        screen.query_one("#goal-when", Input).focus()
        await pilot.press(*"When I finish explaining", "tab", *"how I ask three pupils")
        await settle(app)
        [session] = sessions_on_disk(data)
        goal = session.debrief.goal
        assert (goal.when, goal.how) == ("I finish explaining", "I ask three pupils")
        await pilot.press("f10", "y")
        await settle(app)
        shown = screen_text(app)
        assert "When I finish explaining" in shown
        assert "When When" not in shown and "how: how" not in shown


async def test_finishing_with_nothing_agreed_says_what_is_missing(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await into_debrief(pilot, clock)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app)
        assert "Still missing" in shown
        for missing in ["praise", "action step", "goal", "follow-up date"]:
            assert missing in shown
        await pilot.press("n")  # back to the debrief, nothing marked complete
        await settle(app)
        assert isinstance(app.screen, DebriefScreen)
    [session] = sessions_on_disk(data)
    assert session.debrief.status != "complete"


async def test_finishing_with_everything_agreed_lists_nothing_missing(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await into_debrief(pilot, clock, stage=3)
        await pilot.press(*"Great names.", "tab", *"Ask three named pupils")
        screen.query_one("#goal-when", Input).focus()
        await pilot.press(*"I finish explaining", "tab", *"I ask three", "tab", *"2026-12-01")
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Still missing" not in screen_text(app)


async def test_tabbing_into_a_filled_field_keeps_its_text(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await into_debrief(pilot, clock, stage=3)
        await pilot.press(*"Praise.", "tab", *"Ask three pupils")
        await pilot.press("shift+tab", "tab", "!")  # out of the step and back in
        await settle(app)
        assert screen.query_one("#step-text", Input).value == "Ask three pupils!"
    [session] = sessions_on_disk(data)
    assert session.debrief.step.text == "Ask three pupils!"


async def test_the_step_can_serve_any_rubric_element_noted_ones_first(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await into_debrief(pilot, clock, stage=3)
        select = screen.query_one("#step-element", Select)
        codes = [str(value) for _, value in select._options if value is not Select.NULL]
        assert codes[:2] == ["CFU", "FB"]  # the focus and the noted element first
        assert "T" not in codes  # a quick tag is not an element a step serves
        assert len(codes) > 5  # and every other element of the rubric after them
        select.value = codes[-1]
        await settle(app)
    [session] = sessions_on_disk(data)
    assert session.debrief.step.element == codes[-1]
    assert codes[-1] in session.elements  # a copy kept, so it reads right later


async def test_quick_tags_get_no_rating(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await into_debrief(pilot, clock, stage=1)
        shown = screen_text(app)
        assert "CFU Checking" in shown or "CFU " in shown
        assert "T Transition" not in shown


async def test_the_status_line_is_cleared_on_a_new_stage(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await into_debrief(pilot, clock)
        await pilot.press("f4")
        await pilot.pause()
        assert "Cited the note at 00:30 in Describe." in screen_text(app)
        await pilot.press("f3")
        await pilot.pause()
        assert "Cited the note" not in screen_text(app)


async def test_a_coach_only_remark_leaves_the_answer_shared(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await into_debrief(pilot, clock)
        await pilot.press(*"They worked in pairs.")
        screen.query_one("#remark-describe", TextArea).focus()
        await pilot.press(*"HUSH: ask the head about Ben")
        await pilot.press("f10", "y")
        await settle(app)
        assert isinstance(app.screen, SummaryScreen)
        shown = flat(app)
        assert "Describe They worked in pairs." in shown
        assert "Describe, coach-only remark: HUSH: ask the head about Ben" in shown
        await pilot.press("m")
        await settle(app)
    [session] = sessions_on_disk(data)
    [exported] = list((data.root / "exports").glob("*.md"))
    text = exported.read_text()
    assert "They worked in pairs." in text and "HUSH" not in text
    [describe] = [a for s, a in session.debrief.answers.items() if s.value == "describe"]
    assert (describe.private, describe.coach_remark) == (False, "HUSH: ask the head about Ben")


async def test_describe_shows_the_snapshots_it_asks_about(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(245)
        await pilot.press(*"students settle quickly", "enter", "f5", "y", "2")
        await pilot.press("f10", "y")
        await pilot.pause()
        # The stage's side of the screen, left of the evidence list, read on across lines.
        shown = " ".join(line[:46].strip() for line in screen_text(app).splitlines())
        assert "time on task at each snapshot" in shown
        assert "Snapshot at 04:05" in shown and "Students off task: 2–5 (medium)" in shown


async def test_one_note_is_one_note_in_the_summary(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"asked why #CFU", "enter", "f10", "y")
        await pilot.pause()
        await pilot.press("f10", "y")
        await settle(app)
        assert isinstance(app.screen, SummaryScreen)
        assert "Timeline (1 note)" in screen_text(app)
