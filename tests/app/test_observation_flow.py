"""The whole drop-in with Pilot at 80x24 and an injected clock, checked on screen and on disk."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.observation import ObservationScreen
from observer_tui.screens.start import StartScreen
from observer_tui.widgets.note_input import NoteInput
from observer_tui.widgets.notes_log import NotesLog
from observer_tui.widgets.rubric_panel import RubricPanel
from observer_tui.widgets.timer import ObservationTimer
from tests.app.conftest import (
    SIZE,
    make_app,
    notes_on_disk,
    open_start_form,
    session_on_disk,
    settle,
    wait_for,
)


async def type_note(
    pilot: Pilot[None], clock: ManualClock, text: str, typing_seconds: float = 5
) -> None:
    """Type the first character, let time pass while typing the rest, then press Enter."""
    await pilot.press(text[0])
    clock.advance(typing_seconds)
    await pilot.press(*text[1:])
    await pilot.press("enter")


def log_lines(app: ObserverApp) -> list[str]:
    """The notes log's entries as the coach reads them."""
    log = app.screen.query_one(NotesLog)
    lines = []
    for index in range(log.option_count):
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(log.get_option_at_index(index).prompt)
        lines.append(console.export_text().rstrip())
    return lines


async def test_whole_drop_in_ends_with_exactly_those_notes_on_disk(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press(*"Jane Doe", "tab", *"Y8 maths", "tab", "tab", *"CFU FB", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        assert isinstance(app.focused, NoteInput)

        clock.advance(20)
        await type_note(pilot, clock, "asked three students #CFU")
        clock.advance(10)
        await type_note(pilot, clock, "+ praised effort #FB")
        clock.advance(10)
        await type_note(pilot, clock, "- lost pace in transition #T")
        clock.advance(10)
        await type_note(pilot, clock, "? why were the back rows quiet")
        clock.advance(10)
        await type_note(pilot, clock, "! a pupil led the recap #CT")
        # A focus element by its key (F3 = first focus, CFU), then text.
        clock.advance(10)
        await pilot.press("f3")
        clock.advance(3)
        await pilot.press(*"cold call", "enter")

        # Snapshot: F5 then one key per field.
        clock.advance(170)
        await pilot.press("f5", "y", "2")

        # Pause for an interruption; time in it does not count.
        await pilot.press("f9")
        clock.advance(300)
        await pilot.pause()
        assert "paused" in str(app.screen.query_one(ObservationTimer).render())
        await pilot.press(*"x")  # typed during the pause: stamped at the pause's offset
        clock.advance(60)
        await pilot.press("f9")
        clock.advance(30)
        await pilot.press(*"fter the break", "enter")

        # Edit the strength: go to the log, up to it, e, change the text and retag.
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.focused, NotesLog)
        await pilot.press("home", "down", "e")
        await pilot.pause()
        edit = app.screen.query_one(NoteInput)
        assert edit.text == "+ praised effort #FB"
        edit.set_draft("+ praised effort warmly #FB #SLE")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        assert isinstance(app.focused, NotesLog)

        # Delete the question, then undo.
        await pilot.press("down", "down", "d")
        await pilot.pause()
        assert not any("back rows" in line for line in log_lines(app))
        await pilot.press("u")
        await pilot.pause()
        assert "back rows" in log_lines(app)[3]
        # And delete the surprise for good.
        await pilot.press("home", "down", "down", "down", "down", "d")
        await settle(app)

        panel = app.screen.query_one(RubricPanel)
        assert "CFU 2" in "\n".join(str(n.label) for n in panel.root.children[1].children)
        assert "saved" in str(app.screen.query_one("#save-state", Static).render())

        # End: F10, confirm.
        await pilot.press("escape", "f10")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await settle(app)

    saved: dict[str, Any] = session_on_disk(data)
    notes = [(n["offset"], n["kind"], n["tags"], n["text"]) for n in saved["notes"]]
    assert notes == [
        (20.0, "plain", ["CFU"], "asked three students"),
        (35.0, "strength", ["FB", "SLE"], "praised effort warmly"),
        (50.0, "growth", ["T"], "lost pace in transition"),
        (65.0, "question", [], "why were the back rows quiet"),
        (95.0, "plain", ["CFU"], "cold call"),
        (268.0, "plain", [], "xfter the break"),
    ]
    assert saved["status"] == "observed"
    assert saved["teacher"] == "Jane Doe" and saved["context"] == "Y8 maths"
    assert saved["coach"] == "Sam Coach"
    assert saved["focus"] == ["CFU", "FB"]
    [snapshot] = saved["snapshots"]
    assert snapshot["values"] == {"learning_activity": "yes", "off_task": "2-5"}
    assert snapshot["offset"] == 268.0
    [pause] = saved["pauses"]
    assert pause["started_at"] < pause["ended_at"]
    assert saved["ended_at"] is not None
    assert set(saved["elements"]) == {"CFU", "FB", "SLE", "T", "CT"}


async def test_empty_input_does_nothing_and_unknown_tags_are_flagged_first(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press("enter")  # start with defaults
        await pilot.pause()
        await pilot.press("enter", "space", "enter")
        await pilot.press(*"great moment #XYZ", "enter")
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "Not a code in Teach" in status and "#XYZ" in status
        assert app.screen.query_one(NotesLog).option_count == 0
        await pilot.press("enter")  # again: kept as plain text
        await settle(app)
        assert app.screen.query_one(NotesLog).option_count == 1
    [note] = notes_on_disk(data)
    assert note["text"] == "great moment #XYZ" and note["tags"] == []


async def test_markup_looking_text_and_long_pastes_are_kept_literally(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    pasted = "\n".join(f"line {i} [bold]not bold[/] [link=x]y [@click=quit]" for i in range(40))
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(NoteInput).insert(pasted)
        await pilot.press("enter")
        await pilot.press(*"[/]", "enter")
        await settle(app)
        assert app.is_running
        assert "[bold]not bold[/]" in log_lines(app)[0]
        assert log_lines(app)[1].endswith("[/]")
    notes = notes_on_disk(data)
    assert notes[0]["text"] == pasted
    assert notes[1]["text"] == "[/]"


async def test_time_up_signal_and_overtime(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_start_form(pilot)
        await pilot.press("tab", "tab", "tab", "tab", *"1", "enter")
        await pilot.pause()
        timer = app.screen.query_one(ObservationTimer)
        clock.advance(50)
        await wait_for(pilot, lambda: timer.has_class("-ending"), what="the last-minute timer")
        assert timer.has_class("-ending")
        clock.advance(15)
        await wait_for(pilot, lambda: timer.has_class("-overtime"), what="the overtime timer")
        assert timer.has_class("-overtime")
        assert "+00:05 over" in str(timer.render())
        assert any("Time's up" in n.message for n in app._notifications)
        assert isinstance(app.focused, NoteInput)


async def test_start_form_says_what_to_fix(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press("tab", "tab", "tab", *"NOPE", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "no element 'NOPE'" in str(app.screen.query_one("#start-error", Static).render())
        assert app.focused is app.screen.query_one("#focus", Input)


async def test_a_note_can_be_marked_coach_only_from_the_log(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press("enter")
        await pilot.press(*"worried about pace", "enter", "up", "p")
        await settle(app)
        assert "coach-only worried about pace" in log_lines(app)[0]
    [note] = notes_on_disk(data)
    assert note["private"] is True


async def test_keys_typed_right_after_enter_start_the_next_note(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    """On a busy laptop Enter and the next note's first keys reach the app in one read:
    they are the start of the next note, not wiped with the one just saved."""
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach))
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(20)
        await pilot.press(*"first note")
        clock.advance(10)
        for key, character in [("enter", "\r"), *((c, c) for c in "next")]:
            app.post_message(events.Key(key, character))
        await settle(app)
        assert app.screen.query_one(NoteInput).text == "next"
        clock.advance(5)
        await pilot.press(*" one", "enter")
        await settle(app)
    assert [(n["offset"], n["text"]) for n in notes_on_disk(data)] == [
        (20.0, "first note"),
        (30.0, "next one"),
    ]
