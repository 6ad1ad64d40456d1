"""Rough edges of the coach's journey: correcting notes and details after the drop-in, the
trash, back to the search results, the start time in the list, and emoji that keep rows
the width the screen is."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.exports import teacher_export
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.details import DetailsScreen
from observer_tui.screens.edit_note import EditNoteScreen
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.notes import NotesScreen
from observer_tui.screens.search import SearchScreen
from observer_tui.screens.summary import SummaryScreen
from observer_tui.widgets.lazy_table import LazyTable
from tests.app.conftest import (
    SIZE,
    make_app,
    notes_on_disk,
    screen_text,
    session_on_disk,
    sessions_on_disk,
    settle,
    wait_for,
)
from tests.conftest import drop_in


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """Times on screen read the same on every machine."""
    pin_time_zone("UTC")


async def caught_up(app: ObserverApp, pilot: Pilot[None]) -> None:
    """The filter and search wait 0.15-0.2 s after the last keystroke before they start."""
    await pilot.pause(0.25)
    await settle(app)


def flat(app: ObserverApp) -> str:
    """The screen's words in one line: text wrapped at the edge reads on."""
    return " ".join(screen_text(app).split())


# After F10: notes and details corrected in the debrief and the summary


async def into_debrief(pilot: Pilot[None], clock: ManualClock) -> None:
    """Two notes 30 s apart, the observation ended, the debrief open."""
    await pilot.pause()
    for text in ("asked three students #CFU", "seems tired today"):
        clock.advance(30)
        await pilot.press(*text, "enter")
    await pilot.press("f10", "y")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen), what="debrief")


def debrief_app(data: DataFolder, library: RubricLibrary, clock: ManualClock) -> ObserverApp:
    teach = library.get("teach")
    assert teach is not None
    return make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))


def teachers_copy(data: DataFolder) -> str:
    [session] = sessions_on_disk(data)
    return teacher_export(session, "md")


async def test_in_the_debrief_a_note_is_edited_and_made_coach_only(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await into_debrief(pilot, clock)
        assert "^s Notes" in screen_text(app)  # in the footer
        await pilot.press("ctrl+s")  # the notes, on the newest
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen), what="the notes")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen), what="them again")
        assert "The note at 01:00 is coach-only" in flat(app)
        await pilot.press("up", "enter")  # the first note, to edit
        await wait_for(pilot, lambda: isinstance(app.screen, EditNoteScreen), what="the edit")
        await pilot.press("end", *" by name", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen), what="the notes")
        assert "Saved the note at 00:30." in flat(app)
        await pilot.press("escape")
        await settle(app)
        assert isinstance(app.screen, DebriefScreen)
        text = flat(app)
        shown = screen_text(app)  # the evidence, at once
        assert "00:30 · #CFU asked three" in shown and "students by name" in shown
        assert "01:00 · coach-only seems" in shown
        assert "Saved the note at 00:30." in text
        notes = notes_on_disk(data)
        assert [(n["text"], n.get("private", False)) for n in notes] == [
            ("asked three students by name", False),
            ("seems tired today", True),
        ]
        copy = teachers_copy(data)
        assert "asked three students by name" in copy and "tired" not in copy
        await pilot.press("f10", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="summary")
        await pilot.press("end")
        await pilot.pause()
        text = flat(app)
        assert "#CFU asked three students by name" in text
        assert "coach-only seems tired today" in text


async def test_in_the_summary_a_note_is_shared_again_and_the_teacher_fixed(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await into_debrief(pilot, clock)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen), what="the notes")
        await pilot.press("p", "escape", "f10", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="summary")
        await settle(app)
        assert "tired" not in teachers_copy(data)
        assert "n Notes" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen), what="the notes")
        await pilot.press("p")  # the newest, coach-only: shared again
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen), what="them again")
        assert "The note at 01:00 is shared with the teacher again." in flat(app)
        await pilot.press("escape")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailsScreen), what="details")
        await pilot.press("ctrl+u", *"Jane Doe-Smith", "enter")
        await settle(app)
        assert isinstance(app.screen, SummaryScreen)
        assert "Jane Doe-Smith · Y8" in flat(app)
        assert "coach-only" not in flat(app)
        on_disk = session_on_disk(data)
        assert on_disk["teacher"] == "Jane Doe-Smith"
        assert on_disk["debrief"]["status"] == "complete"  # type: ignore[index]
        copy = teachers_copy(data)
        assert "seems tired today" in copy and "Jane Doe-Smith" in copy
        await pilot.press("m")  # the export the coach sends says so too
        await wait_for(pilot, lambda: any(data.root.glob("exports/*.md")), what="the export")
        [exported] = data.root.glob("exports/*.md")
        assert "seems tired today" in exported.read_text()


async def test_f7_in_the_debrief_fixes_the_teacher_and_class(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = debrief_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await into_debrief(pilot, clock)
        await pilot.press("f7")  # the Describe answer has focus: a text area binds F7
        await wait_for(pilot, lambda: isinstance(app.screen, DetailsScreen), what="details")
        await pilot.press("ctrl+u", *"Jan Doe", "tab", "ctrl+u", *"Y9 maths", "enter")
        await settle(app)
        assert isinstance(app.screen, DebriefScreen)
        assert "Debrief · Jan Doe" in screen_text(app)
        assert "Now debriefing Jan Doe · Y9 maths." in flat(app)
        on_disk = session_on_disk(data)
        assert (on_disk["teacher"], on_disk["context"]) == ("Jan Doe", "Y9 maths")


# The session list: two drop-ins on one day


async def test_the_session_list_shows_when_each_drop_in_started(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, 5, tzinfo=UTC), teacher="Ann Lee")
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 13, 40, tzinfo=UTC), teacher="Ann Lee")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE):
        await settle(app)
        text = screen_text(app)
        assert " 20 Nov 26 13:40  Ann Lee        Y8 maths  Teach …  15:00" in text
        assert " 20 Nov 26 09:05  Ann Lee        Y8 maths  Teach …  15:00" in text
        assert all(len(line) == SIZE[0] for line in text.splitlines())


# Search: Escape from a session opened from the results goes back to them


async def test_escape_from_a_summary_opened_by_search_returns_to_the_results(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    for day, teacher in [(18, "Ann Lee"), (19, "Ben Roy"), (20, "Cy Dee")]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=teacher, notes=("asked why",), debrief_hours=1)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f7", *"why")
        await caught_up(app, pilot)
        await pilot.press("down")  # the second line: Ben Roy's
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        assert "Ben Roy" in screen_text(app)
        await pilot.press("escape")
        await caught_up(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        text = screen_text(app)
        assert "Search: 3 lines in 3 sessions" in text
        assert text.splitlines()[2].strip() == "why"  # the words, still in the field
        hits: LazyTable[object] = app.screen.query_one("#hits", LazyTable)
        assert hits.cursor == 1
        assert "Ben Roy · 00:30: asked why" in text  # the line highlighted, in full
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


# Emoji with a skin tone: every row as wide as the screen, whatever the terminal


def terminal_width(line: str) -> int:
    """Cells a terminal that draws each code point on its own (tmux 3.3, xterm) gives a
    line: wide characters two, combining and format characters none."""
    width = 0
    for character in line:
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def rows_fit(app: ObserverApp) -> list[str]:
    """The lines on screen that a terminal would draw wider or narrower than the screen."""
    return [line for line in screen_text(app).splitlines() if terminal_width(line) != SIZE[0]]


async def test_a_skin_toned_emoji_keeps_the_notes_log_summary_and_list_in_line(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    drop_in(
        data.sessions,
        teach,
        at=at,
        teacher="Ann 👍🏽 Lee",
        notes=("👍🏽 great", "👍🏿👍🏻 lots of thumbs up, long enough to wrap in the log #CFU"),
        debrief_hours=1,
    )
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        assert rows_fit(app) == []
        assert "Ann 👍 Lee" in screen_text(app)  # the tone is left out on screen only
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        await pilot.press("end")
        await pilot.pause()
        assert rows_fit(app) == []
        assert "👍 great" in screen_text(app)


# The trash: a deleted session comes back, never over another file


async def test_a_deleted_session_is_restored_from_the_trash(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    kept = drop_in(data.sessions, teach, at=at, teacher="Ann Lee", notes=("asked why",))
    before = (data.sessions / f"{kept.id}.json").read_bytes()
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f8", "y")
        await wait_for(pilot, lambda: "No sessions yet" in screen_text(app), what="it deleted")
        await pilot.press("f9")
        await wait_for(pilot, lambda: "Trash: 1 session" in screen_text(app), what="the trash")
        assert "Fri 20 Nov 2026 09:00  Ann Lee · Y8 maths · 1 note" in screen_text(app)
        await pilot.press("r")
        await settle(app)
        text = flat(app)
        assert "Restored the session with Ann Lee on Fri 20 Nov 2026 09:00" in text
        assert "Trash: empty" in text
        await pilot.press("escape")
        await settle(app)
        assert isinstance(app.screen, LibraryScreen)
        assert " 20 Nov 26 09:00  Ann Lee" in screen_text(app)
    assert (data.sessions / f"{kept.id}.json").read_bytes() == before
    assert list(data.trash.iterdir()) == []


async def test_a_session_in_the_trash_never_replaces_one_in_the_list(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    session = drop_in(data.sessions, teach, at=at, teacher="Ann Lee", notes=("asked why",))
    in_list = data.sessions / f"{session.id}.json"
    data.trash.mkdir(exist_ok=True)
    old_copy = data.trash / f"{session.id}.json"
    old_copy.write_bytes(in_list.read_bytes().replace(b"asked why", b"an older note"))
    (data.trash / "broken.json").write_bytes(b'{"schema_version": 1, "id"')
    files = {p: p.read_bytes() for p in (in_list, old_copy, data.trash / "broken.json")}
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "Trash: 2 sessions" in screen_text(app), what="the trash")
        assert "broken.json: cannot be read" in screen_text(app)
        await pilot.press("home", "r")  # the copy of the session still in the list
        await settle(app)
        text = flat(app)
        assert "Not restored. The session list already has this session" in text
        assert "Neither file is changed." in text
        await pilot.press("end", "r")  # the file that cannot be read
        await settle(app)
        assert "Not restored. broken.json cannot be read, so it stays in the trash" in flat(app)
    assert {p: p.read_bytes() for p in files} == files
