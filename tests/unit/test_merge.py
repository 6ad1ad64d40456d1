"""Two laptops on one session: whatever either saved is in the file at the end.

Each test plays two coaches' laptops as two `Observation`s (or `Debriefing`s) of the same
session, saving through their own `SessionStore` into one folder, the way a sync tool hands
each laptop the other's file.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import RatingKey, Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import teacher_export
from observer_tui.core.locations import DataFolder
from observer_tui.core.merge import merge
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore, read_session, write_atomic
from observer_tui.core.workspace import Merged, Workspace
from tests.conftest import start_observation


def texts(session: Session) -> list[str]:
    return [note.text for note in session.notes]


def on_disk(data: DataFolder, session: Session) -> Session:
    return read_session(data.sessions / f"{session.id}.json")


def second_laptop(
    path: Path, rubric: Rubric, clock: ManualClock
) -> tuple[SessionStore, Observation]:
    """Coach B's laptop opens the file coach A saved."""
    store = SessionStore(path.parent)
    return store, Observation(store.read(path), rubric, clock)


def note(observation: Observation, text: str) -> None:
    clock = observation.clock
    assert isinstance(clock, ManualClock)
    clock.advance(5)
    observation.commit(read_draft(text, observation.rubric), observation.clock.now())


def test_two_laptops_typing_into_one_session_keep_every_note(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    a_store, a = SessionStore(data.sessions), start_observation(teach, clock)
    note(a, "A: asked three pupils")
    path = a_store.save(a.session)
    b_store, b = second_laptop(path, teach, clock)
    note(b, "B: hinge question on the board")
    b_store.save(b.session)
    note(a, "A: cold call")
    written = a_store.write(a.session)
    assert written.notice == "Merged 1 note from another laptop" and not written.warning
    assert texts(on_disk(data, a.session)) == [
        "A: asked three pupils",
        "B: hinge question on the board",
        "A: cold call",
    ]
    # A's screen never had B's note; A's next saves keep it all the same.
    note(a, "A: exit ticket")
    assert a_store.write(a.session).notice is None
    note(b, "B: wait time")
    b_store.save(b.session)
    assert texts(on_disk(data, a.session)) == [
        "A: asked three pupils",
        "B: hinge question on the board",
        "A: cold call",
        "A: exit ticket",
        "B: wait time",
    ]


def test_a_newer_file_renamed_over_the_open_one_is_merged_not_overwritten(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    """What a sync tool does: it writes the other laptop's version to a temp file and
    renames it over the session file."""
    store, mine = SessionStore(data.sessions), start_observation(teach, clock)
    note(mine, "mine, first")
    path = store.save(mine.session)
    theirs = Observation(read_session(path), teach, clock)
    note(theirs, "from the other laptop")
    temp = path.with_name(".sync-tmp")
    temp.write_bytes(theirs.session.to_json())
    os.replace(temp, path)
    note(mine, "mine, second")
    store.save(mine.session)
    assert texts(read_session(path)) == ["mine, first", "from the other laptop", "mine, second"]


def test_the_later_edit_of_a_note_wins_on_either_laptop(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    a_store, a = SessionStore(data.sessions), start_observation(teach, clock)
    note(a, "first wording")
    note(a, "second note")
    path = a_store.save(a.session)
    b_store, b = second_laptop(path, teach, clock)
    first, second = (n.id for n in a.session.notes)
    clock.advance(10)
    a.edit(first, read_draft("A's wording, earlier", teach))
    clock.advance(10)
    b.edit(first, read_draft("B's wording, later #CFU", teach))
    b.toggle_private(second)
    b_store.save(b.session)
    a_store.save(a.session)
    merged = read_session(path)
    assert texts(merged) == ["B's wording, later", "second note"]
    assert merged.notes[0].tags == ("CFU",)
    assert merged.notes[1].private
    assert "CFU" in merged.elements


def test_a_coach_only_mark_survives_a_later_fix_of_the_text_elsewhere(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    a_store, a = SessionStore(data.sessions), start_observation(teach, clock)
    note(a, "Sam froze at the board")
    path = a_store.save(a.session)
    b_store, b = second_laptop(path, teach, clock)
    [only] = (n.id for n in a.session.notes)
    clock.advance(10)
    a.toggle_private(only)  # A: this is for the coach's eyes
    a_store.save(a.session)
    clock.advance(10)
    b.edit(only, read_draft("Sam froze at the board, then recovered", teach))  # B: a typo
    b_store.save(b.session)
    [merged] = read_session(path).notes
    assert merged.text == "Sam froze at the board, then recovered"  # the later text
    assert merged.private  # and the mark, which B never touched
    clock.advance(10)
    b = second_laptop(path, teach, clock)[1]
    b.toggle_private(only)  # B shares it again, later still: that wins
    b_store.save(b.session)
    a_store.save(a.session)
    assert not read_session(path).notes[0].private


def test_a_deleted_note_stays_deleted_and_an_undo_brings_it_back(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    a_store, a = SessionStore(data.sessions), start_observation(teach, clock)
    note(a, "keep")
    note(a, "typo to delete")
    path = a_store.save(a.session)
    b_store, b = second_laptop(path, teach, clock)
    a.delete(a.session.notes[1].id)
    a_store.save(a.session)
    note(b, "B's note")  # B still has the deleted note on screen
    b_store.save(b.session)
    assert texts(read_session(path)) == ["keep", "B's note"]
    clock.advance(5)
    a.undo_delete()
    a_store.save(a.session)
    b_store.save(b.session)  # B's copy still carries the tombstone it merged in
    assert texts(read_session(path)) == ["keep", "typo to delete", "B's note"]
    assert read_session(path).deleted_notes == {}


def test_each_part_of_the_debrief_takes_the_later_edit(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    observation = start_observation(teach, clock)
    note(observation, "evidence")
    observation.end()
    a_store = SessionStore(data.sessions)
    path = a_store.save(observation.session)
    b_store = SessionStore(data.sessions)
    a, b = Debriefing(a_store.read(path), clock), Debriefing(b_store.read(path), clock)
    a.set_answer(Stage.DESCRIBE, "A describes")
    clock.advance(1)
    b.set_answer(Stage.DESCRIBE, "B describes, later")
    b.set_answer(Stage.EVALUATE, "B evaluates")
    clock.advance(1)
    a.set_step(text="A's step, latest")
    b_store.save(b.session)
    a_store.save(a.session)
    debrief = read_session(path).debrief
    assert debrief.answer(Stage.DESCRIBE).text == "B describes, later"
    assert debrief.answer(Stage.EVALUATE).text == "B evaluates"
    assert debrief.step.text == "A's step, latest"
    b.complete()
    b_store.save(b.session)
    a.set_goal(when="I finish explaining")
    a_store.save(a.session)
    debrief = read_session(path).debrief
    assert debrief.status == "complete" and debrief.goal.when == "I finish explaining"
    assert debrief.step.text == "A's step, latest"


def test_an_answer_marked_coach_only_stays_so_after_a_later_fix_of_its_text_elsewhere(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    """A marks Analyse coach-only and adds a remark; B fixes a typo in it later: before,
    B's answer won whole and the private answer reached the teacher's copy."""
    observation = start_observation(teach, clock)
    observation.end()
    a_store = SessionStore(data.sessions)
    path = a_store.save(observation.session)
    a = Debriefing(a_store.read(path), clock)
    a.set_answer(Stage.ANALYSE, "Sam is anxious at hme")
    a_store.save(a.session)
    b_store = SessionStore(data.sessions)
    b = Debriefing(b_store.read(path), clock)
    clock.advance(5)
    a.set_private(Stage.ANALYSE, True)
    a.set_remark(Stage.ANALYSE, "ask the head of year")
    a_store.save(a.session)
    clock.advance(5)
    b.set_answer(Stage.ANALYSE, "Sam is anxious at home")
    b_store.save(b.session)
    merged = read_session(path).debrief.answer(Stage.ANALYSE)
    assert merged.text == "Sam is anxious at home"
    assert merged.private and merged.coach_remark == "ask the head of year"
    assert "anxious" not in teacher_export(read_session(path), "md", teach)
    clock.advance(5)
    b = Debriefing(read_session(path), clock)
    b.set_private(Stage.ANALYSE, False)  # B shares it again, later still: that wins
    b_store.save(b.session)
    a_store.save(a.session)
    assert not read_session(path).debrief.answer(Stage.ANALYSE).private


def test_ratings_step_fields_and_rounds_from_two_laptops_are_all_kept(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    """A rates CFU and fixes the step's wording; B rates FB, sets the step's model and logs
    a rehearsal round: before, the later laptop's ratings, step and rounds won whole."""
    observation = start_observation(teach, clock)
    observation.end()
    a_store = SessionStore(data.sessions)
    path = a_store.save(observation.session)
    b_store = SessionStore(data.sessions)
    a, b = Debriefing(a_store.read(path), clock), Debriefing(b_store.read(path), clock)
    a.rate(RatingKey("CFU", "element"), "3")
    a.set_step(text="cold call three named pupils")
    a.add_round("asked Amira first", "good: name, then question")
    a_store.save(a.session)
    clock.advance(5)
    b.rate(RatingKey("FB", "element"), "4")
    b.set_step(model="Amira, then Ben, then Cal: tell me why")
    b.add_round("asked the room", "name a pupil first")
    b_store.save(b.session)
    debrief = read_session(path).debrief
    assert {(r.code, r.value) for r in debrief.ratings} == {("CFU", "3"), ("FB", "4")}
    assert debrief.step.text == "cold call three named pupils"
    assert debrief.step.model == "Amira, then Ben, then Cal: tell me why"
    assert [r.tried for r in debrief.rehearsal] == ["asked the room", "asked Amira first"]
    clock.advance(5)
    a = Debriefing(read_session(path), clock)
    a.rate(RatingKey("FB", "element"), "")  # A clears FB later: the clearing wins
    a_store.save(a.session)
    b_store.save(b.session)
    assert [r.code for r in read_session(path).debrief.ratings] == ["CFU"]


def test_pauses_and_snapshots_of_both_are_kept(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    a_store, a = SessionStore(data.sessions), start_observation(teach, clock)
    path = a_store.save(a.session)
    b_store, b = second_laptop(path, teach, clock)
    a.toggle_pause()
    clock.advance(30)
    a.toggle_pause()
    b.take_snapshot({"learning_activity": "yes"}, None)
    a_store.save(a.session)
    b_store.save(b.session)
    merged = read_session(path)
    assert len(merged.pauses) == 1 and merged.pauses[0].ended_at is not None
    assert [s.values["learning_activity"] for s in merged.snapshots] == ["yes"]


def test_an_ended_observation_stays_ended(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    a_store, a = SessionStore(data.sessions), start_observation(teach, clock)
    path = a_store.save(a.session)
    b_store, b = second_laptop(path, teach, clock)
    a.end()
    a_store.save(a.session)
    note(b, "late note")
    b_store.save(b.session)
    merged = read_session(path)
    assert merged.status == "observed" and merged.ended_at is not None
    assert texts(merged) == ["late note"]


def test_a_session_deleted_elsewhere_is_not_recreated_and_its_notes_go_to_the_trash(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    store, mine = SessionStore(data.sessions, data.trash), start_observation(teach, clock)
    note(mine, "before")
    path = store.save(mine.session)
    data.trash.mkdir(exist_ok=True)
    os.replace(path, data.trash / path.name)  # the other laptop's app moved it there
    note(mine, "after the deletion")
    written = store.write(mine.session)
    assert not path.exists()
    assert written.in_trash and written.path == data.trash / path.name
    assert written.notice is not None and "deleted on another laptop" in written.notice
    assert written.warning
    note(mine, "still typing")
    assert store.write(mine.session).path == data.trash / path.name
    assert not path.exists()
    assert texts(read_session(data.trash / path.name)) == [
        "before",
        "after the deletion",
        "still typing",
    ]


def test_a_file_replaced_by_an_unreadable_one_is_kept_aside_and_the_notes_saved(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    store, mine = SessionStore(data.sessions, data.trash), start_observation(teach, clock)
    note(mine, "saved before")
    path = store.save(mine.session)
    broken = b'{"schema_version": 1, "half written'
    path.write_bytes(broken)
    note(mine, "typed after")
    written = store.write(mine.session)
    assert texts(read_session(path)) == ["saved before", "typed after"]
    (kept,) = data.trash.iterdir()
    assert kept.read_bytes() == broken  # set aside as it was, never changed
    assert written.notice is not None and written.warning
    assert str(kept) in written.notice and "cannot be read" in written.notice


def test_a_file_from_a_newer_version_is_never_replaced(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    store, mine = SessionStore(data.sessions), start_observation(teach, clock)
    path = store.save(mine.session)
    newer = orjson.loads(path.read_bytes()) | {"schema_version": 2}
    path.write_bytes(orjson.dumps(newer))
    before = path.read_bytes()
    note(mine, "typed after")
    written = store.write(mine.session)
    assert path.read_bytes() == before
    assert written.in_trash and written.warning and written.notice is not None
    assert "newer observer-tui" in written.notice and str(written.path) in written.notice
    note(mine, "and again")
    assert store.write(mine.session).path == written.path
    assert texts(read_session(written.path)) == ["typed after", "and again"]
    assert path.read_bytes() == before


def test_a_conflict_copy_is_merged_into_the_session_and_moved_to_the_trash(
    data: DataFolder, teach: Rubric, clock: ManualClock, tmp_path: Path
) -> None:
    store, mine = SessionStore(data.sessions), start_observation(teach, clock)
    note(mine, "mine")
    path = store.save(mine.session)
    theirs = Observation(read_session(path), teach, clock)
    note(theirs, "theirs, in the conflict copy")
    copy = path.with_name(f"{path.stem} (conflicted copy 2026-12-01).json")
    write_atomic(copy, theirs.session.to_json())
    note(mine, "mine again")
    store.save(mine.session)
    workspace = Workspace(data, cache=tmp_path / "cache")
    heard: list[object] = []
    workspace.listen(heard.append)
    refresh = workspace.refresh()
    assert texts(read_session(path)) == ["mine", "theirs, in the conflict copy", "mine again"]
    assert not copy.exists() and (data.trash / copy.name).exists()
    assert refresh.problems == []
    told = [change for change in heard if isinstance(change, Merged)]
    assert [change.message for change in told] == [
        f"Merged 1 note from a sync conflict copy ({copy.name}), now in the trash"
    ]
    assert workspace.index.get(mine.session.id) is not None
    assert workspace.index.get(mine.session.id).notes == 3  # type: ignore[union-attr]
    workspace.close()


def test_fields_a_newer_version_wrote_survive_a_save_at_every_level(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    store, mine = SessionStore(data.sessions), start_observation(teach, clock)
    note(mine, "a note")
    mine.end()
    path = store.save(mine.session)
    raw = orjson.loads(path.read_bytes())
    raw["interval_codes"] = [["T/Q", "AnQ"]]
    raw["notes"][0]["interval"] = 3
    raw["rubric"]["checksum"] = "abc"
    raw["debrief"]["goal_id"] = "g-1"
    raw["debrief"]["goal"]["due"] = "2027-01-01"
    # Inside the copy of the rubric's snapshot definition too, checked as strictly as a
    # rubric file is.
    raw["snapshot_spec"]["every_minutes"] = 2
    raw["snapshot_spec"]["fields"][0]["colour"] = "red"
    path.write_bytes(orjson.dumps(raw))
    session = SessionStore(data.sessions).read(path)
    debriefing = Debriefing(session, clock)
    debriefing.set_goal(how="three named pupils")
    store2 = SessionStore(data.sessions)
    store2.read(path)
    store2.save(debriefing.session)
    again = orjson.loads(path.read_bytes())
    assert again["interval_codes"] == [["T/Q", "AnQ"]]
    assert again["notes"][0]["interval"] == 3
    assert again["rubric"]["checksum"] == "abc"
    assert again["debrief"]["goal_id"] == "g-1"
    assert again["debrief"]["goal"] == {
        "when": "",
        "how": "three named pupils",
        "due": "2027-01-01",
    }


# Property: a merge loses nothing either side holds, whichever order.

_EDITS = st.lists(
    st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["add", "edit", "delete"])),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_EDITS)
def test_a_merge_keeps_every_note_not_deleted_whatever_the_order(
    edits: list[tuple[str, str]],
) -> None:
    from observer_tui.core.rubrics import load_library

    teach = load_library(None).get("teach")
    assert teach is not None
    clock = ManualClock()
    base = start_observation(teach, clock)
    note(base, "shared start")
    a = Observation(base.session, teach, clock)
    b = Observation(base.session, teach, clock)
    for who, what in edits:
        side = a if who == "a" else b
        clock.advance(1)
        notes = side.session.notes
        if what == "add" or not notes:
            note(side, f"{who} {len(notes)}")
        elif what == "edit":
            side.edit(notes[-1].id, read_draft(f"{who} edited", teach))
        else:
            side.delete(notes[0].id)
    ab, ba = merge(a.session, b.session).session, merge(b.session, a.session).session
    assert [n.id for n in ab.notes] == [n.id for n in ba.notes]
    assert [n.text for n in ab.notes] == [n.text for n in ba.notes]
    for version in (a.session, b.session):
        for kept in version.notes:
            gone = ab.deleted_notes.get(kept.id)
            if gone is None:
                assert kept.id in {n.id for n in ab.notes}
    # Merging again changes nothing.
    assert merge(ab, a.session).session.notes == ab.notes
    assert merge(ab, b.session).session.notes == ab.notes
