"""Interrupted observations come back whole; a failing disk never loses a note."""

from __future__ import annotations

import errno

import pytest
from textual.widgets import Static

from observer_tui.commands import ScreenCommands
from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore, Written
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.observation import ObservationScreen
from observer_tui.widgets.note_input import NoteInput
from observer_tui.widgets.notes_log import NotesLog
from observer_tui.widgets.timer import ObservationTimer
from tests.app.conftest import (
    SIZE,
    make_app,
    open_start_form,
    screen_text,
    sessions_on_disk,
    settle,
    wait_for,
)
from tests.conftest import start_observation


def unfinished_session(data: DataFolder, teach: Rubric, clock: ManualClock) -> Session:
    observation = start_observation(teach, clock, teacher="Ana Ruiz", focus=("FB",))
    clock.advance(60)
    observation.commit(read_draft("+ warm welcome #SLE", teach), clock.now())
    observation.toggle_pause()
    clock.advance(120)
    session = observation.session
    SessionStore(data.sessions).save(session)
    return session


async def test_next_launch_offers_to_resume_with_notes_and_timer_intact(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    saved = unfinished_session(data, teach, clock)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("Static:last-of-type", Static).render())
        assert "Ana Ruiz" in question and "(1 note)" in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        assert isinstance(app.focused, NoteInput)
        assert app.screen.query_one(NotesLog).option_count == 1
        timer = str(app.screen.query_one(ObservationTimer).render())
        assert "paused" in timer and "01:00" in timer  # still paused, pause not counted
        await pilot.press("f9")
        clock.advance(30)
        await pilot.press(*"second note", "enter")
        await settle(app)
    [session] = sessions_on_disk(data)
    assert session.id == saved.id
    assert [(n.offset, n.text) for n in session.notes] == [
        (60, "warm welcome"),
        (90, "second note"),
    ]


async def test_corrupt_session_file_is_reported_and_left_untouched(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    bad = data.sessions / "broken.json"
    bad.write_bytes(b'{"schema_version": 1, "notes": [')
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app)
        await open_start_form(pilot)
        await pilot.press("enter")
        await pilot.press(*"a note", "enter")
        await settle(app)
        messages = [n.message for n in app._notifications]
        assert any(str(bad) in m and "not valid JSON" in m for m in messages)
    assert bad.read_bytes() == b'{"schema_version": 1, "notes": ['
    assert len(list(data.sessions.glob("*.json"))) == 2


async def test_full_disk_keeps_notes_in_memory_and_saves_them_when_it_recovers(
    data: DataFolder,
    library: RubricLibrary,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(data, library, clock)
    real_write = app.workspace.store.write
    disk = {"full": True}

    def save(session: Session) -> Written:
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(session)

    monkeypatch.setattr(app.workspace.store, "write", save)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_start_form(pilot)
        await pilot.press("enter")
        await pilot.press(*"first", "enter", *"second", "enter")
        save_state = app.screen.query_one("#save-state", Static)
        await wait_for(pilot, lambda: "NOT SAVED" in str(save_state.render()), what="NOT SAVED")
        state = str(save_state.render())
        assert "NOT SAVED" in state
        assert any("No space left on device" in n.message for n in app._notifications)
        assert app.screen.query_one(NotesLog).option_count == 2
        assert list(data.sessions.glob("*.json")) == []
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        # The dialog's own words: while observing, the toast of the same error comes down
        # from the top right, over the dialog rather than the note input beneath it.
        asked = " ".join(str(text.render()) for text in app.screen.query(Static))
        assert "The latest changes are not on disk" in asked
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and isinstance(app.focused, NoteInput)
        disk["full"] = False
        await settle(app)
        assert "saved" in str(app.screen.query_one("#save-state", Static).render())
    [session] = sessions_on_disk(data)
    assert [n.text for n in session.notes] == ["first", "second"]


async def test_help_lists_every_key_and_the_palette_offers_the_actions(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        titles = {hit.text async for hit in ScreenCommands(screen).discover()}
        assert {"Kind", "Snapshot", "Pause", "Rubric", "Notes", "End", "Help"} <= titles
        assert "Edit" not in titles  # only from the notes log
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for command in ObservationScreen.ACTIONS:
            assert command.help in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, NoteInput)
