"""The observation screen in a shared folder: another laptop's notes show up, and a sync
tool that brings back an older copy of the file loses none of this laptop's notes."""

from __future__ import annotations

import os

from textual.widgets import Input, TextArea

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import read_session
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.observation import ObservationScreen
from tests.app.conftest import SIZE, make_app, notes_on_disk, screen_text, settle, wait_for


def rename_over(path: os.PathLike[str], data: bytes) -> None:
    """What a sync tool does: a temp file renamed over the session file."""
    temp = f"{os.fspath(path)}.sync"
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


async def test_an_older_copy_brought_back_by_a_sync_tool_loses_no_note(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        for text in ("first note", "second note"):
            await pilot.press(*text, "enter")
            await settle(app)
        (path,) = data.sessions.glob("*.json")
        older = read_session(path)
        # Another laptop's copy, made after the first note only, with a note of its own.
        other = Observation(older.model_copy(update={"notes": older.notes[:1]}), teach, clock)
        clock.advance(3)
        other.commit(read_draft("from the other laptop", teach), clock.now())
        rename_over(path, other.session.to_json())
        app._refresh_folder(full=True)
        await wait_for(
            app,
            lambda: "from the other laptop" in screen_text(app),
            what="the other laptop's note on screen",
        )
        await settle(app)
        assert [n["text"] for n in notes_on_disk(data)] == [
            "first note",
            "second note",
            "from the other laptop",
        ]
        assert "Merged 1 note from another laptop" in screen_text(app)


async def test_the_debrief_shows_what_another_laptop_wrote_and_keeps_it(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    """Two coaches debrief one lesson: B's Evaluate answer and step show on A's screen, and
    A's next keystrokes in Describe do not undo them."""
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*"pupils paired up", "enter", "f10", "y")
        await wait_for(app, lambda: isinstance(app.screen, DebriefScreen), what="the debrief")
        await pilot.press(*"They worked")
        await settle(app)
        (path,) = data.sessions.glob("*.json")
        clock.advance(5)
        theirs = Debriefing(read_session(path), clock)
        theirs.set_answer(Stage.EVALUATE, "From B: the pairs talked maths")
        theirs.set_step(text="From B: cold call three pupils")
        rename_over(path, theirs.session.to_json())
        app._refresh_folder(full=True)
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        await wait_for(
            app,
            lambda: screen.query_one("#step-text", Input).value.startswith("From B"),
            what="B's step in A's field",
        )
        evaluate = screen.query_one("#answer-evaluate", TextArea)
        assert evaluate.text == "From B: the pairs talked maths"
        told = [n.message for n in app._notifications]
        assert "Merged 2 debrief changes from another laptop" in told
        clock.advance(5)
        await pilot.press(*" in pairs")  # A goes on typing where A was
        await settle(app)
        assert screen.query_one("#answer-describe", TextArea).text == "They worked in pairs"
        debrief = read_session(path).debrief
        assert debrief.answer(Stage.EVALUATE).text == "From B: the pairs talked maths"
        assert debrief.step.text == "From B: cold call three pupils"
        assert debrief.answer(Stage.DESCRIBE).text == "They worked in pairs"
        await pilot.press("f3", *" mostly")  # on to Evaluate: typing goes on after B's words
        await settle(app)
        assert evaluate.text == "From B: the pairs talked maths mostly"
