"""A full debrief with Pilot: every stage, a citation, ratings, rehearsal, goal, follow-up;
closed mid-way and reopened with everything intact."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Select, TextArea

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary, load_library
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.summary import SummaryScreen
from tests.app.conftest import (
    SIZE,
    make_app,
    screen_text,
    sessions_on_disk,
    settle,
    wait_for,
)


async def test_full_debrief_survives_closing_midway(
    data: DataFolder,
    library: RubricLibrary,
    clock: ManualClock,
    pin_time_zone: Callable[[str], None],
) -> None:
    pin_time_zone("Asia/Tokyo")  # the coach's clock; the session starts at 09:30 UTC
    teach = library.get("teach")
    assert teach is not None
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))
    async with app.run_test(size=SIZE) as pilot:
        for seconds, text in [
            (30, "asked three students #CFU"),
            (30, "+ praised effort #FB"),
            (30, "! pupil led recap"),
        ]:
            clock.advance(seconds)
            await pilot.press(*text, "enter")
        await pilot.press("f10", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert "1 Describe" in screen_text(app)

        await pilot.press(*"They worked in pairs.", "f4")  # cite the first note
        await pilot.press("f3", *"Questioning went well.")
        rating = app.screen.query_one("#rate-0", Select)
        rating.focus()
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # 1 → 4
        await pilot.pause()
        assert rating.value == "4"
        await pilot.press("f4")  # cite the highlighted evidence for this rating
        await pilot.press("f3", *"The recap surprised us.")
        await pilot.press("f3")
        await pilot.pause()
        assert "Evidence: strength (1)" in screen_text(app)
        await pilot.press(*"Great use of names.", "f4", "tab", *"Ask three named pupils")
        app.screen.query_one("#step-model", TextArea).focus()
        await pilot.press(*"Coach asks Ana, Ben and Cy")
        app.screen.query_one("#round-tried", Input).focus()
        await pilot.press(*"first go", "tab", *"slow down", "enter")
        await pilot.press(*"second go", "tab", *"spot on", "enter")
        app.screen.query_one("#goal-when", Input).focus()
        await pilot.press(
            *"I finish explaining", "tab", *"I ask three pupils", "tab", *"2026-12-01"
        )
        await settle(app)
        # Closed mid-way: the app quits before the debrief is finished.

    [session] = sessions_on_disk(data)
    debrief = session.debrief
    assert debrief.status == "in_progress"
    answers = {stage.value: answer.text for stage, answer in debrief.answers.items()}
    assert answers == {
        "describe": "They worked in pairs. [00:30] ",
        "evaluate": "Questioning went well.",
        "analyse": "The recap surprised us.",
        "next_step": "Great use of names. [01:00] ",
    }
    [citation] = [a for s, a in debrief.answers.items() if s.value == "describe"][0].citations
    assert (citation.note_id, citation.offset) == (session.notes[0].id, 30)
    assert [(r.code, r.scale, r.look_for, r.value) for r in debrief.ratings] == [
        ("CFU", "element", None, "4")
    ]
    assert [c.note_id for c in debrief.ratings[0].citations] == [session.notes[0].id]
    assert debrief.step.text == "Ask three named pupils"
    assert debrief.step.model == "Coach asks Ana, Ben and Cy"
    assert [(r.tried, r.feedback) for r in debrief.rehearsal] == [
        ("first go", "slow down"),
        ("second go", "spot on"),
    ]
    assert (debrief.goal.when, debrief.goal.how) == ("I finish explaining", "I ask three pupils")
    assert str(debrief.follow_up) == "2026-12-01"

    # Reopened: the session list shows the debrief started; Enter carries on.
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        row = screen_text(app).splitlines()[4].split()  # date, time, teacher, class...
        assert row[4:7] == ["Jane", "Doe", "Y8"] and row[-2:] == ["3", "started"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.query_one("#answer-describe", TextArea).text.startswith("They worked")
        await pilot.press("f10", "y")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert "Jane Doe · Y8 · Tue 24 Nov 2026 18:30" in shown  # in the coach's local time
        for expected in ["Agreed step", "Ask three named pupils", "When I finish explaining"]:
            assert expected in shown
        await pilot.press("m")
        markdown = data.root / "exports" / f"{session.id}.md"  # written atomically
        await wait_for(pilot, markdown.exists, what=f"the export {markdown}")
        exported = markdown.read_text()
        assert "## Your next step" in exported and "I ask three pupils" in exported
        # The step comes before what was seen, as on the summary screen.
        assert exported.index("## Your next step") < exported.index("## What was seen")
        await pilot.press("h")
        page = data.root / "exports" / f"{session.id}.html"
        await wait_for(pilot, page.exists, what=f"the HTML export {page}")
        html = page.read_text()
        assert html.startswith("<!DOCTYPE html>") and "<svg" in html
        assert "I ask three pupils" in html
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    [session] = sessions_on_disk(data)
    assert session.debrief.status == "complete"
    assert session.debrief.completed_at == clock.now()


async def test_codes_with_slashes_and_dots_can_be_rated_per_look_for(
    data: DataFolder, clock: ManualClock
) -> None:
    rubric_file = data.rubrics / "school.json"
    rubric_file.write_text(
        """{"id": "school", "name": "School", "version": "2",
        "scales": [{"id": "b", "name": "Behaviour", "applies_to": "look_for",
                    "levels": [{"value": "L"}, {"value": "H"}]}],
        "domains": [{"name": "Area", "elements": [
            {"code": "D/V", "name": "Dialogue", "look_fors": ["asks why", "waits"]},
            {"code": "4.2", "name": "Recap"}]}]}"""
    )
    library = load_library(data.rubrics)
    school = library.get("school")
    assert school is not None
    app = make_app(data, library, clock, ObservationPlan("Ana", "", school, ["D/V", "4.2"], 10))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"good wait time #D/V", "enter", "f10", "y")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert "D/V·2 waits" in screen_text(app)
        second = app.screen.query_one("#rate-1", Select)
        second.focus()
        await pilot.press("enter", "down", "down", "enter", "f4")
        await settle(app)
    [session] = sessions_on_disk(data)
    [rating] = session.debrief.ratings
    assert (rating.code, rating.scale, rating.look_for, rating.value) == ("D/V", "b", 2, "H")
    assert [c.note_id for c in rating.citations] == [session.notes[0].id]
