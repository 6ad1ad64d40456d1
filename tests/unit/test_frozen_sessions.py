"""Session values never change under a reader: each change makes a new value, and whoever
holds an older one (the writer thread, a screen, the index) still reads it as it was."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import RatingKey, Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.profiles import Profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import SaveResult, SessionStore, SessionWriter, Written, read_session
from tests.conftest import start_observation

V1 = Path(__file__).parent.parent / "data" / "session-v1.json"


def lists_inside(value: object, where: str = "session") -> list[str]:
    """Where a mutable list hides inside a value (models, tuples and mappings walked)."""
    if isinstance(value, list):
        return [where]
    found: list[str] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += lists_inside(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            found += lists_inside(item, f"{where}[{index}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            found += lists_inside(item, f"{where}[{key!r}]")
    return found


def lesson(teach: Rubric, clock: ManualClock) -> Observation:
    """Three notes in, one pause taken: a drop-in under way."""
    observation = start_observation(teach, clock, focus=("CFU", "FB"))
    for text in ("asked three pupils #CFU", "+ praised effort #FB", "- two rows off task #T"):
        clock.advance(30)
        observation.commit(read_draft(text, teach), clock.now())
    observation.toggle_pause()
    clock.advance(60)
    observation.toggle_pause()
    return observation


def note_id(observation: Observation, index: int) -> str:
    return observation.session.notes[index].id


OBSERVATION_CHANGES: list[tuple[str, Callable[[Observation, Rubric, ManualClock], object]]] = [
    ("commit", lambda o, r, c: o.commit(read_draft("! a pupil led the recap #CT", r), c.now())),
    ("edit", lambda o, r, c: o.edit(note_id(o, 0), read_draft("- rewritten #LF #SLE", r))),
    ("coach-only", lambda o, r, c: o.toggle_private(note_id(o, 1))),
    ("delete", lambda o, r, c: o.delete(note_id(o, 1))),
    ("pause", lambda o, r, c: o.toggle_pause()),
    ("snapshot", lambda o, r, c: o.take_snapshot({"learning_activity": "yes"}, 0)),
    ("end", lambda o, r, c: o.end()),
]


@pytest.mark.parametrize(
    "change", [change for _, change in OBSERVATION_CHANGES], ids=[n for n, _ in OBSERVATION_CHANGES]
)
def test_an_observation_change_leaves_the_value_a_reader_holds_as_it_was(
    teach: Rubric,
    clock: ManualClock,
    change: Callable[[Observation, Rubric, ManualClock], object],
) -> None:
    observation = lesson(teach, clock)
    before = observation.session
    saved = before.to_json()
    notes, elements, pauses = before.notes, dict(before.elements), before.pauses
    revision = observation.revision
    clock.advance(20)

    change(observation, teach, clock)

    assert before.to_json() == saved
    assert before.notes is notes and before.pauses is pauses
    assert dict(before.elements) == elements
    assert [n.text for n in before.notes] == [
        "asked three pupils",
        "praised effort",
        "two rows off task",
    ]
    assert before.status == "observing" and before.ended_at is None and not before.snapshots
    assert observation.session is not before
    assert observation.session.to_json() != saved
    assert observation.revision == revision + 1


def test_undo_brings_a_note_back_in_a_new_value(teach: Rubric, clock: ManualClock) -> None:
    observation = lesson(teach, clock)
    deleted = observation.delete(note_id(observation, 1))
    before = observation.session
    saved = before.to_json()
    # Back as it was, stamped as changed after its deletion (so a merge keeps it).
    restored = observation.undo_delete()
    assert restored is not None and restored.edited_at is not None
    # Later than the deletion even in the same tick of the clock: a merge keeps it.
    assert restored.edited_at > before.deleted_notes[restored.id] == clock.now()
    assert restored.model_copy(update={"edited_at": None}) == deleted
    assert before.to_json() == saved
    assert [n.id for n in before.notes] == [note_id(observation, 0), note_id(observation, 2)]
    assert observation.session.notes[1] == restored


def test_each_value_on_the_way_keeps_its_own_notes(teach: Rubric, clock: ManualClock) -> None:
    observation = start_observation(teach, clock)
    values = [observation.session]
    for number in range(5):
        clock.advance(10)
        observation.commit(read_draft(f"note {number}", teach), clock.now())
        values.append(observation.session)
    assert [len(value.notes) for value in values] == [0, 1, 2, 3, 4, 5]
    assert [n.text for n in values[3].notes] == ["note 0", "note 1", "note 2"]


def test_a_new_tag_is_remembered_in_the_new_value_only(teach: Rubric, clock: ManualClock) -> None:
    observation = start_observation(teach, clock, focus=("CFU",))
    before = observation.session
    observation.commit(read_draft("cold call #FB", teach), clock.now())
    assert list(before.elements) == ["CFU"]
    assert list(observation.session.elements) == ["CFU", "FB"]
    assert observation.session.elements["FB"].name == "Feedback"


def debriefing_of(teach: Rubric, clock: ManualClock) -> Debriefing:
    observation = lesson(teach, clock)
    observation.end()
    debriefing = Debriefing(observation.session, clock)
    debriefing.rate(RatingKey("CFU", "element"), "3")
    debriefing.set_answer(Stage.DESCRIBE, "pupils explained")
    return debriefing


DEBRIEF_CHANGES: list[tuple[str, Callable[[Debriefing], object]]] = [
    ("answer", lambda d: d.set_answer(Stage.EVALUATE, "went well")),
    ("coach-only", lambda d: d.set_private(Stage.DESCRIBE, True)),
    ("cite", lambda d: d.cite(Stage.DESCRIBE, d.session.notes[0])),
    ("cite rating", lambda d: d.cite_rating(RatingKey("CFU", "element"), d.session.notes[1])),
    ("rate", lambda d: d.rate(RatingKey("FB", "element"), "4")),
    ("clear rating", lambda d: d.rate(RatingKey("CFU", "element"), "")),
    ("step", lambda d: d.set_step(text="cold call", element="CFU", model="like this")),
    ("round", lambda d: d.add_round("first go", "slower")),
    ("goal", lambda d: d.set_goal(when="after a new idea", how="three names")),
    ("follow-up", lambda d: d.set_follow_up(date(2026, 12, 1))),
    ("step review", lambda d: d.review_step("did it twice")),
    ("complete", lambda d: d.complete()),
]


@pytest.mark.parametrize(
    "change", [change for _, change in DEBRIEF_CHANGES], ids=[n for n, _ in DEBRIEF_CHANGES]
)
def test_a_debrief_change_leaves_the_value_a_reader_holds_as_it_was(
    teach: Rubric, clock: ManualClock, change: Callable[[Debriefing], object]
) -> None:
    debriefing = debriefing_of(teach, clock)
    before = debriefing.session
    saved = before.to_json()
    revision = debriefing.revision
    clock.advance(60)

    change(debriefing)

    assert before.to_json() == saved
    debrief = before.debrief
    assert debrief.status == "in_progress" and debrief.completed_at is None
    assert list(debrief.answers) == [Stage.DESCRIBE]
    assert debrief.answer(Stage.DESCRIBE).text == "pupils explained"
    assert not debrief.answer(Stage.DESCRIBE).citations
    assert not debrief.answer(Stage.DESCRIBE).private
    assert [(r.code, r.value, r.citations) for r in debrief.ratings] == [("CFU", "3", ())]
    assert not debrief.step.text and not debrief.rehearsal and not debrief.goal.when
    assert debrief.follow_up is None and not debrief.step_review
    assert debriefing.session is not before
    assert debriefing.session.to_json() != saved
    assert debriefing.revision == revision + 1


def test_a_session_cannot_be_changed_in_place(teach: Rubric, clock: ManualClock) -> None:
    session = lesson(teach, clock).session
    with pytest.raises(ValidationError):
        session.teacher = "someone else"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        session.notes[0].text = "rewritten"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        session.notes.append(session.notes[0])  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        session.debrief.status = "complete"  # type: ignore[misc]


def test_no_list_hides_in_a_session_however_it_was_made(
    teach: Rubric, clock: ManualClock, data: DataFolder
) -> None:
    debriefing = debriefing_of(teach, clock)
    for _, change in DEBRIEF_CHANGES:
        change(debriefing)
    observation = lesson(teach, clock)
    for _, make in OBSERVATION_CHANGES:
        make(observation, teach, clock)
    observation.undo_delete()
    school = Profile.model_validate(
        {
            "id": "oak",
            "name": "Oak",
            "rubric": "teach",
            "snapshot_marks": [{"start_minute": 2, "end_minute": 3}],
            "debrief_prompts": {"describe": ["What did you notice first?"]},
        }
    )
    at_school = start_observation(teach, clock, profile=school).session
    store = SessionStore(data.sessions)
    reread = read_session(store.save(debriefing.session))
    old = read_session(V1)
    assert old.snapshot_spec is not None and old.debrief_prompts is not None
    assert at_school.snapshot_spec is not None and at_school.debrief_prompts is not None
    for session in (debriefing.session, observation.session, at_school, reread, old):
        assert lists_inside(session) == []


def test_the_value_handed_to_the_writer_is_written_as_handed(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    """While the writer is still writing one value, the coach commits more notes: the file
    holds exactly the notes of the value it was handed, never a mix."""
    store = SessionStore(data.sessions)
    writing = threading.Event()
    go_on = threading.Event()
    real_write = store.write
    written: list[bytes] = []

    def slow_save(session: Session) -> Written:
        writing.set()
        assert go_on.wait(5)
        done = real_write(session)
        written.append(done.path.read_bytes())
        return done

    store.write = slow_save  # type: ignore[method-assign]
    results: list[SaveResult] = []
    writer = SessionWriter(store, results.append)
    observation = start_observation(teach, clock)
    observation.commit(read_draft("first", teach), clock.now())
    handed = observation.session
    handed_bytes = handed.to_json()
    writer.submit(handed, observation.revision)
    assert writing.wait(5)
    for number in range(20):
        observation.commit(read_draft(f"later {number}", teach), clock.now())
    go_on.set()
    assert writer.flush(5)
    writer.submit(observation.session, observation.revision)
    assert writer.close()

    assert written[0] == handed_bytes
    assert [n.text for n in handed.notes] == ["first"]
    assert [(r.revision, r.error) for r in results] == [(1, None), (21, None)]
    assert len(read_session(store.path_for(handed)).notes) == 21
