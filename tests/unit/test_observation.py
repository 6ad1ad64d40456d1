"""Timing, kinds and tags as the coach types them."""

from __future__ import annotations

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import complete, completions, compose, hint, read_draft
from observer_tui.core.kinds import NoteKind
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.timer import clock_text
from tests.conftest import start_observation


def observation(teach: Rubric, clock: ManualClock, minutes: int = 15) -> Observation:
    return start_observation(teach, clock, teacher="Jane", focus=("CFU", "FB"), minutes=minutes)


@pytest.mark.parametrize(
    ("typed", "kind", "text", "tags"),
    [
        ("asked three students #CFU", NoteKind.PLAIN, "asked three students", ["CFU"]),
        ("+ praised effort #fb", NoteKind.STRENGTH, "praised effort", ["FB"]),
        ("- lost pace #LF, then #CFU.", NoteKind.GROWTH, "lost pace, then.", ["LF", "CFU"]),
        ("? why so quiet", NoteKind.QUESTION, "why so quiet", []),
        ("! pupil led recap #CT #CT", NoteKind.SURPRISE, "pupil led recap", ["CT"]),
        ("-5 degrees outside", NoteKind.PLAIN, "-5 degrees outside", []),
        ("line one\nline two #SLE", NoteKind.PLAIN, "line one\nline two", ["SLE"]),
        ("students #CFU then asked", NoteKind.PLAIN, "students then asked", ["CFU"]),
        ("#CFU\nasked", NoteKind.PLAIN, "asked", ["CFU"]),
        ("[bold]x[/] [@click=quit]", NoteKind.PLAIN, "[bold]x[/] [@click=quit]", []),
    ],
)
def test_read_draft(teach: Rubric, typed: str, kind: NoteKind, text: str, tags: list[str]) -> None:
    draft = read_draft(typed, teach)
    assert (draft.kind, draft.text, draft.tags, draft.unknown) == (kind, text, tags, [])


def test_unknown_codes_are_flagged_and_kept_in_the_text(teach: Rubric) -> None:
    draft = read_draft("great #XYZ moment #CFU", teach)
    assert draft.unknown == ["#XYZ"]
    assert draft.tags == ["CFU"]
    assert draft.text == "great #XYZ moment"


def test_compose_writes_a_note_back_as_typed(teach: Rubric, clock: ManualClock) -> None:
    obs = observation(teach, clock)
    note = obs.commit(read_draft("+ praised effort #FB #CFU", teach), clock.now())
    assert compose(note) == "+ praised effort #FB #CFU"
    assert read_draft(compose(note), teach).tags == ["FB", "CFU"]


def test_completion_by_code_then_by_name(teach: Rubric) -> None:
    assert [c.code for c in completions("c", teach)][:2] == ["CFU", "CT"]
    assert [c.code for c in completions("feed", teach)] == ["FB"]
    assert complete("asked #feed", "FB") == "asked #FB "


def test_offsets_exclude_pauses(teach: Rubric, clock: ManualClock) -> None:
    obs = observation(teach, clock)
    clock.advance(30)
    first = obs.commit(read_draft("one", teach), clock.now())
    obs.toggle_pause()
    clock.advance(120)
    typed_during_pause = clock.now()
    obs.toggle_pause()
    clock.advance(15)
    second = obs.commit(read_draft("two", teach), clock.now())
    third = obs.commit(read_draft("three", teach), typed_during_pause)
    assert (first.offset, second.offset, third.offset) == (30, 45, 30)
    assert obs.timer().elapsed == 45


def test_timer_warns_near_the_end_and_counts_overtime(teach: Rubric, clock: ManualClock) -> None:
    obs = observation(teach, clock, minutes=15)
    clock.advance(12 * 60)
    assert not obs.timer().ending_soon
    clock.advance(2 * 60)
    assert obs.timer().ending_soon and not obs.timer().overtime
    clock.advance(70)
    assert obs.timer().overtime and obs.timer().remaining == -10
    assert clock_text(obs.timer().remaining) == "00:10"


def test_snapshot_marks_come_due_in_their_window(teach: Rubric, clock: ManualClock) -> None:
    obs = observation(teach, clock)
    clock.advance(3 * 60)
    assert obs.due_mark() is None
    clock.advance(60)
    assert obs.due_mark() == 0
    obs.take_snapshot({"learning_activity": "yes", "off_task": "0-1"}, 0)
    assert obs.due_mark() is None
    clock.advance(5 * 60)
    assert obs.due_mark() == 1


def test_delete_and_undo_put_the_note_back_in_place(teach: Rubric, clock: ManualClock) -> None:
    obs = observation(teach, clock)
    notes = [obs.commit(read_draft(t, teach), clock.now()) for t in ("a", "b", "c")]
    obs.delete(notes[1].id)
    assert [n.text for n in obs.session.notes] == ["a", "c"]
    assert obs.session.deleted_notes == {notes[1].id: clock.now()}
    restored = obs.undo_delete()
    assert restored is not None and restored.model_copy(update={"edited_at": None}) == notes[1]
    assert obs.session.deleted_notes == {}
    assert [n.text for n in obs.session.notes] == ["a", "b", "c"]
    assert obs.undo_delete() is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("asked #cf", ("Tab → #CFU Checks for understanding", "hint")),
        (
            "asked #zzz",
            (
                "No code or name in Teach (World Bank) classroom observation matches 'zzz'",
                "warning",
            ),
        ),
        ("+ praised #FB ", ("strength #FB", "hint")),
    ],
)
def test_hint_while_typing(teach: Rubric, typed: str, expected: tuple[str, str]) -> None:
    assert hint(typed, teach) == expected
