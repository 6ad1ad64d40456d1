"""The drop-in as a coach walks it at 80x24: the notes log, leaving, Tab, fixing details."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.pilot import Pilot
from textual.widgets import Static

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import PreviousStep
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.observation import ObservationScreen
from observer_tui.widgets.note_input import NoteInput
from observer_tui.widgets.notes_log import NotesLog
from observer_tui.widgets.rubric_panel import RubricPanel
from tests.app.conftest import (
    SIZE,
    make_app,
    notes_on_disk,
    screen_text,
    session_on_disk,
    settle,
    wait_for,
)

LONG = (
    "the teacher asked three students to explain the method they used and then wrote it "
    "on the board while the rest of the class copied it down in silence"
)


def observing(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, **plan: str
) -> ObserverApp:
    teach = library.get("teach")
    assert teach is not None
    teacher, class_name = plan.get("teacher", "Jane Doe"), plan.get("class_name", "Y8 maths")
    return make_app(data, library, clock, ObservationPlan(teacher, class_name, teach, ["CFU"], 15))


async def add_notes(pilot: Pilot[None], clock: ManualClock, texts: list[str]) -> None:
    """Type each note (the first key, then the rest at once: fast), then Enter."""
    for text in texts:
        clock.advance(10)
        await pilot.press(text[0])
        pilot.app.screen.query_one(NoteInput).insert(text[1:])
        await pilot.press("enter")


def log_of(app: ObserverApp) -> NotesLog:
    return app.screen.query_one(NotesLog)


def status_line(app: ObserverApp) -> str:
    """The line above the note input, where the screen says what just happened."""
    return str(app.screen.query_one("#status", Static).render())


async def test_the_log_opens_on_the_newest_note_in_view_and_d_deletes_what_is_seen(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, [f"note {n} {LONG}" for n in range(1, 4)])
        await pilot.press("up")  # the log, on note 3
        await pilot.pause()
        await pilot.press("escape")
        await add_notes(pilot, clock, [f"note {n} {LONG}" for n in range(4, 8)])
        await pilot.press("up")  # the log again: on note 7 now, not note 3
        await pilot.pause()
        assert isinstance(app.focused, NotesLog)
        assert "note 7" in screen_text(app)
        await pilot.press("d")
        await settle(app)
        texts = [note["text"] for note in notes_on_disk(data)]
        assert [text.split()[1] for text in texts] == ["1", "2", "3", "4", "5", "6"]


async def test_d_on_a_note_scrolled_out_of_view_shows_it_and_deletes_nothing(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, [f"note {n} {LONG}" for n in range(1, 9)])
        await pilot.press("up")  # the log, on note 8
        await pilot.pause()
        log_of(app).scroll_home(animate=False)  # as the mouse wheel does: note 8 out of view
        await pilot.pause()
        assert "note 8" not in screen_text(app)
        await pilot.press("d")
        await settle(app)
        assert len(notes_on_disk(data)) == 8
        assert "press d again to delete it" in status_line(app)
        assert "note 8" in screen_text(app)  # scrolled back to the note d would delete
        await pilot.press("d")
        await settle(app)
        assert [note["text"].split()[1] for note in notes_on_disk(data)] == [
            str(n) for n in range(1, 8)
        ]


async def test_a_long_note_is_cut_in_the_log_with_an_ellipsis(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, [f"first {LONG} and more {LONG}", "second short one"])
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "first" in line)
        second = next(i for i, line in enumerate(lines) if "second short one" in line)
        assert second - first == 3, "a long note takes three lines in the log"
        assert lines[second - 1].split("▏")[0].rstrip().endswith("…")


async def test_after_an_edit_the_edited_note_is_still_highlighted_and_in_view(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, [f"note {n} {LONG}" for n in range(1, 8)] + ["short"])
        await pilot.press("up")  # the log, on the short newest note at its foot
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(NoteInput).insert(f" then {LONG}")  # now three lines long
        await pilot.press("enter")
        await settle(app)
        assert notes_on_disk(data)[-1]["text"] == f"short then {LONG}"
        assert isinstance(app.focused, NotesLog)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "short then" in line)
        # All three of its lines on screen, down to the one cut with '…', above the status.
        assert lines[first + 2].split("▏")[0].rstrip().endswith("…")
        assert "Edited the note at 01:20" in lines[first + 3]
        await pilot.press("p")  # acts on the edited note, at once
        await settle(app)
        assert [note.get("private", False) for note in notes_on_disk(data)] == [False] * 7 + [True]


async def test_ctrl_q_while_observing_asks_and_cancel_keeps_observing(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and "Leave the observation?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        assert isinstance(app.focused, NoteInput)
        await pilot.press(*"go")  # the next keys are notes, not a shell's
        assert app.screen.query_one(NoteInput).text == "go"


async def test_leaving_to_resume_later_quits_with_the_session_saved_and_paused(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("l")
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")
    on_disk = session_on_disk(data)
    assert on_disk.get("ended_at") is None
    assert [note["text"] for note in notes_on_disk(data)] == ["asked three students"]
    pauses = on_disk["pauses"]
    assert isinstance(pauses, list) and pauses[-1].get("ended_at") is None


async def test_ending_from_ctrl_q_goes_on_to_the_debrief(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="the debrief")
        await settle(app)
    assert session_on_disk(data)["status"] == "observed"


async def test_repeated_tab_cycles_through_the_candidates_the_hint_shows(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        note_input = app.screen.query_one(NoteInput)
        await pilot.press(*"asked #c")
        await pilot.pause()
        assert "Tab → #CFU" in screen_text(app) and "#CT" in screen_text(app)
        shown = []
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            shown.append(note_input.text)
        assert shown == ["asked #CFU ", "asked #CT ", "asked #PBE "]
        assert "#PBE Positive behavioural expectations (3 of" in screen_text(app)
        await pilot.press(*"x", "tab")  # typed on: Tab starts afresh (no '#word' here)
        assert note_input.text == "asked #PBE x"


async def test_f7_sets_the_teacher_and_class_during_the_drop_in_and_keeps_the_file(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock, teacher="", class_name="")
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await settle(app)
        [before] = list(data.sessions.glob("*.json"))
        assert "(no teacher)" in screen_text(app)
        await pilot.press("f7", *"Jane Doe", "tab", *"Y8 maths", "enter")
        await settle(app)
        assert "Jane Doe · Y8 maths" in screen_text(app).splitlines()[0]
        assert list(data.sessions.glob("*.json")) == [before]
        on_disk = session_on_disk(data)
        assert (on_disk["teacher"], on_disk["context"]) == ("Jane Doe", "Y8 maths")
        assert [s.teacher for s in app.workspace.index.teacher("Jane Doe")] == ["Jane Doe"]
        assert isinstance(app.focused, NoteInput)


async def test_the_footer_says_resume_while_paused(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:

        def footer() -> str:
            return screen_text(app).splitlines()[-1]

        await pilot.pause()
        assert "^b Pause" in footer()
        await pilot.press("f9")
        await pilot.pause()
        assert "^b Resume" in footer() and "Pause" not in footer()
        await pilot.press("f9")
        await pilot.pause()
        assert "^b Pause" in footer()
        screen = app.screen
        assert isinstance(screen, ObservationScreen) and not screen.observation.session.paused


async def test_after_an_edit_or_a_retag_the_status_says_so(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["one", "two"])
        await pilot.pause()
        assert "Added note at 00:20" in screen_text(app)
        await pilot.press("up", "up", "e", *" again", "enter")  # "one", at 00:10
        await settle(app)
        assert [note["text"] for note in notes_on_disk(data)] == ["one again", "two"]
        assert status_line(app) == "Edited the note at 00:10"
        await pilot.press("t", *" #CFU", "enter")
        await settle(app)
        assert notes_on_disk(data)[0]["tags"] == ["CFU"]
        assert status_line(app) == "Retagged the note at 00:10 #CFU"
        assert "Added note" not in screen_text(app)


async def test_f6_hides_the_last_agreed_step_with_the_rubric_and_shows_both_again(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    previous = PreviousStep(
        session_id="20261112-0900-jane-doe-0000abcd",
        at=datetime(2026, 11, 12, 9, tzinfo=UTC),
        step="ask three named pupils before moving on",
    )
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15, previous=previous)
    app = make_app(data, library, clock, plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(RubricPanel)
        assert "ask three named pupils" in screen_text(app) and panel.display
        await pilot.press("f6")
        await pilot.pause()
        assert "ask three named pupils" not in screen_text(app) and not panel.display
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "ask three named pupils" in screen_text(app) and panel.display


async def test_emptying_the_input_clears_the_tab_hint(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.press(*"#c")
        await pilot.pause()
        assert "Tab → #CFU" in status_line(app)
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert app.screen.query_one(NoteInput).text == ""
        assert status_line(app) == ""
        await pilot.press(*"#c", "tab")  # a completion's hint goes the same way
        await pilot.pause()
        assert "#CFU Checks for understanding" in status_line(app)
        await pilot.press(*["backspace"] * 5)
        await pilot.pause()
        assert status_line(app) == ""
        await pilot.press(*"two rows off task", "enter")  # a commit's line stays
        await pilot.pause()
        assert status_line(app) == "Added note at 00:10"


async def test_the_last_step_takes_a_second_line_rather_than_cut_its_goal(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    previous = PreviousStep(
        session_id="20261112-0900-jane-doe-0000abcd",
        at=datetime(2026, 11, 12, 9, tzinfo=UTC),
        step="ask three named pupils before moving on",
        element="CFU",
        goal="every pupil answers once",
        follow_up="2026-11-19",
    )
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15, previous=previous)
    app = make_app(data, library, clock, plan)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert (
            lines[1].strip() == "Last step (12 Nov): ask three named pupils before moving on #CFU"
        )
        assert lines[2].strip() == "every pupil answers once · follow-up Thu 19 Nov"
        assert "asked three students" in lines[3]  # the notes begin under it


async def test_a_check_in_too_long_for_two_lines_ends_with_an_ellipsis(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    asked = "whether the back rows join in " * 8
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15, asked=asked.strip())
    app = make_app(data, library, clock, plan)
    async with app.run_test(size=SIZE) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[1].startswith(" Asked: whether the back rows join in")
        assert lines[2].rstrip().endswith("…")
        assert "asked three students" in lines[3]


async def test_at_120_columns_the_rubric_panel_shows_whole_element_names(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = observing(data, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.pause()
        text = screen_text(app)
        assert "PBE 0 Positive behavioural expectations" in text
        assert "SCS 0 Social and collaborative skills" in text
