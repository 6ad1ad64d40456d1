"""What the coach sees change as they observe: edits, pauses, snapshots and the tag tally."""

from __future__ import annotations

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.kinds import NoteKind
from observer_tui.core.rubric import Rubric
from observer_tui.core.summary import notes_per_element, notes_per_kind, snapshot_figures
from tests.conftest import start_observation


def test_an_edit_changes_text_tags_and_kind_of_that_note_only(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    notes = [obs.commit(read_draft(text, teach), clock.now()) for text in ("a", "b", "c")]
    clock.advance(60)
    edited = obs.edit(notes[1].id, read_draft("+ better #FB", teach))
    assert [(n.text, n.kind, n.tags) for n in obs.session.notes] == [
        ("a", NoteKind.PLAIN, ()),
        ("better", NoteKind.STRENGTH, ("FB",)),
        ("c", NoteKind.PLAIN, ()),
    ]
    assert (edited.id, edited.at, edited.offset) == (notes[1].id, notes[1].at, notes[1].offset)
    assert "FB" in obs.session.elements


def test_marking_a_note_private_keeps_the_others_and_toggles_back(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    notes = [obs.commit(read_draft(text, teach), clock.now()) for text in ("a", "b", "c")]
    obs.toggle_private(notes[0].id)
    assert [(n.text, n.private) for n in obs.session.notes] == [
        ("a", True),
        ("b", False),
        ("c", False),
    ]
    obs.toggle_private(notes[0].id)
    assert [n.private for n in obs.session.notes] == [False, False, False]


def test_every_change_is_a_new_revision(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    note = obs.commit(read_draft("a", teach), clock.now())
    obs.edit(note.id, read_draft("b", teach))
    obs.toggle_pause()
    obs.toggle_pause()
    obs.delete(note.id)
    obs.undo_delete()
    assert obs.revision == 6


def test_the_timer_says_paused_and_ended(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    assert not obs.timer().paused and not obs.timer().ended
    assert obs.toggle_pause() is True
    assert obs.timer().paused
    clock.advance(60)
    assert obs.toggle_pause() is False
    clock.advance(30)
    obs.end()
    timer = obs.timer()
    assert timer.ended and not timer.paused and timer.elapsed == 30
    assert obs.session.status == "observed"


def test_a_second_pause_keeps_the_first(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    for _ in range(3):
        clock.advance(10)
        obs.toggle_pause()
        clock.advance(100)
        obs.toggle_pause()
    assert len(obs.session.pauses) == 3
    assert all(p.ended_at is not None for p in obs.session.pauses)
    assert obs.timer().elapsed == 30


def test_ending_while_paused_closes_the_pause(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    clock.advance(10)
    obs.toggle_pause()
    clock.advance(50)
    obs.end()
    assert not obs.session.paused
    assert obs.session.pauses[-1].ended_at == clock.now()
    assert obs.session.ended_at == clock.now()


def test_a_snapshot_is_stamped_to_the_tenth_of_a_second(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    clock.advance(61.26)
    snapshot = obs.take_snapshot({"learning_activity": "yes"}, None)
    assert snapshot.offset == 61.3
    assert obs.session.snapshots == (snapshot,)


def test_a_snapshot_mark_is_due_until_a_minute_after_its_end(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    clock.advance(5 * 60 + 59)  # the first mark is minutes 4 to 5
    assert obs.due_mark() == 0
    clock.advance(1)
    assert obs.due_mark() is None
    clock.advance(3 * 60)  # minute 9: the second mark
    assert obs.due_mark() == 1
    obs.end()
    assert obs.due_mark() is None


def test_marks_by_index(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    spec = obs.session.snapshot_spec
    assert spec is not None
    assert obs.mark(0) == spec.marks[0]
    assert obs.mark(2) == spec.marks[2]
    assert obs.mark(3) is None
    assert obs.mark(-1) is None


def test_tag_counts_count_each_note_once_per_code(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    for typed in ("a #CFU", "b #CFU #FB", "c #FB", "d #CFU", "e"):
        obs.commit(read_draft(typed, teach), clock.now())
    assert obs.tag_counts() == {"CFU": 3, "FB": 2}


def test_the_summary_counts_notes_per_element_and_kind(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    for typed in ("+ a #CFU", "- b #CFU #FB", "+ c #FB", "d #CFU", "? e"):
        obs.commit(read_draft(typed, teach), clock.now())
    session = obs.session
    names = {code: element.name for code, element in session.elements.items()}
    assert notes_per_element(session) == [("CFU", names["CFU"], 3), ("FB", names["FB"], 2)]
    assert notes_per_kind(session) == [
        (NoteKind.PLAIN, 1),
        (NoteKind.STRENGTH, 2),
        (NoteKind.GROWTH, 1),
        (NoteKind.QUESTION, 1),
    ]


def test_the_summary_tallies_each_snapshot_answer(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    assert snapshot_figures(obs.session) == []
    obs.take_snapshot({"learning_activity": "yes", "off_task": "0-1"}, 0)
    obs.take_snapshot({"learning_activity": "yes", "off_task": "6+"}, 1)
    obs.take_snapshot({"learning_activity": "no"}, 2)
    figures = snapshot_figures(obs.session)
    assert [(f.label, f.counts, f.taken) for f in figures] == [
        ("Teacher provides a learning activity to most students", [("Yes", 2), ("No", 1)], 3),
        ("Students off task", [("0–1 (high on task)", 1), ("2–5 (medium)", 0), ("6+ (low)", 1)], 3),
    ]


def test_a_note_is_stamped_to_the_tenth_of_a_second(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    clock.advance(61.26)
    assert obs.commit(read_draft("a", teach), clock.now()).offset == 61.3


def test_a_code_the_session_has_no_copy_of_is_counted_without_a_name(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    obs.commit(read_draft("a #CFU", teach), clock.now())
    note = obs.session.notes[0].model_copy(update={"tags": ("OLD",)})
    session = obs.session.model_copy(update={"notes": (note,)})
    assert notes_per_element(session) == [("OLD", "", 1)]
