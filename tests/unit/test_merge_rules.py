"""The merge's rules one by one, on two versions of a session made in memory: what the
merged file holds, and what the coach is told came from the other laptop."""

from __future__ import annotations

from datetime import date, timedelta

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import RatingKey, Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.merge import Merged, merge
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from tests.conftest import start_observation


def observed(teach: Rubric, clock: ManualClock, *texts: str) -> Observation:
    observation = start_observation(teach, clock)
    for text in texts:
        clock.advance(5)
        observation.commit(read_draft(text, teach), clock.now())
    return observation


def ended(teach: Rubric, clock: ManualClock) -> Session:
    observation = observed(teach, clock, "pupils paired up")
    observation.end()
    return observation.session


def test_what_the_coach_is_told(teach: Rubric, clock: ManualClock) -> None:
    session = ended(teach, clock)
    counted = Merged(session, notes=1, edits=2, snapshots=3, debrief=1)
    assert counted.brought
    assert counted.describe() == (
        "Merged 1 note, 2 edits, 3 snapshots and 1 debrief change from another laptop"
    )
    assert Merged(session, notes=2).describe("the conflict copy") == (
        "Merged 2 notes from the conflict copy"
    )
    assert not Merged(session).brought
    assert Merged(session).describe("the conflict copy") == "Nothing new from the conflict copy"


def test_every_part_the_other_laptop_changed_later_is_taken_and_counted(
    teach: Rubric, clock: ManualClock
) -> None:
    base = ended(teach, clock)
    ours, theirs = Debriefing(base, clock), Debriefing(base, clock)
    ours.set_answer(Stage.DESCRIBE, "ours, first")
    clock.advance(5)
    theirs.set_answer(Stage.DESCRIBE, "theirs, later")
    theirs.set_goal(when="I finish explaining", how="I ask three named pupils")
    theirs.set_follow_up(date(2026, 12, 9))
    theirs.review_step("did it twice")
    theirs.set_step(text="cold call", model="Amira, then Ben")
    theirs.rate(RatingKey("CFU", "element"), "3")
    theirs.rate(RatingKey("FB", "element"), "4")
    theirs.add_round("asked the room", "name first")
    theirs.complete()

    merged = merge(ours.session, theirs.session)

    debrief = merged.session.debrief
    assert debrief.answer(Stage.DESCRIBE).text == "theirs, later"
    assert (debrief.goal.when, debrief.goal.how) == (
        "I finish explaining",
        "I ask three named pupils",
    )
    assert debrief.follow_up == date(2026, 12, 9)
    assert debrief.step_review == "did it twice"
    assert (debrief.step.text, debrief.step.model) == ("cold call", "Amira, then Ben")
    assert {(r.code, r.value) for r in debrief.ratings} == {("CFU", "3"), ("FB", "4")}
    assert [r.tried for r in debrief.rehearsal] == ["asked the room"]
    assert debrief.status == "complete"
    assert debrief.completed_at == theirs.debrief.completed_at
    assert debrief.edited == theirs.debrief.edited  # every stamp theirs, all later
    # describe, goal, follow-up, review, step, 2 ratings, the round, finishing
    assert merged.debrief == 9
    assert merged.describe() == "Merged 9 debrief changes from another laptop"


def test_parts_changed_later_here_stay_and_nothing_is_said(
    teach: Rubric, clock: ManualClock
) -> None:
    base = ended(teach, clock)
    older, newer = Debriefing(base, clock), Debriefing(base, clock)
    older.set_goal(when="older")
    older.rate(RatingKey("CFU", "element"), "2")
    older.set_step(text="older step")
    clock.advance(5)
    newer.set_goal(when="newer")
    newer.rate(RatingKey("CFU", "element"), "4")
    newer.set_step(text="newer step")

    merged = merge(newer.session, older.session)

    assert merged.session.debrief == newer.debrief
    assert (merged.debrief, merged.brought) == (0, False)


def test_a_change_at_the_same_moment_on_both_keeps_this_laptops(
    teach: Rubric, clock: ManualClock
) -> None:
    base = ended(teach, clock)
    a, b = Debriefing(base, clock), Debriefing(base, clock)
    a.set_goal(when="A's")
    b.set_goal(when="B's")  # the same clock time: neither is later
    assert merge(a.session, b.session).session.debrief.goal.when == "A's"
    assert merge(b.session, a.session).session.debrief.goal.when == "B's"


def test_a_file_stamped_before_per_rating_times_goes_by_the_ratings_stamp(
    teach: Rubric, clock: ManualClock
) -> None:
    """An older version stamped only 'ratings' (and 'step') as a whole."""
    base = ended(teach, clock)
    a, b = Debriefing(base, clock), Debriefing(base, clock)
    a.rate(RatingKey("CFU", "element"), "2")
    a.set_step(text="A's step")
    clock.advance(5)
    b.rate(RatingKey("CFU", "element"), "4")
    b.set_step(text="B's step")

    def whole_stamps_only(session: Session) -> Session:
        debrief = session.debrief
        edited = {k: v for k, v in debrief.edited.items() if "." not in k or k.startswith("ans")}
        return session.model_copy(update={"debrief": debrief.model_copy(update={"edited": edited})})

    old_a, old_b = whole_stamps_only(a.session), whole_stamps_only(b.session)
    merged = merge(old_a, old_b)
    assert [r.value for r in merged.session.debrief.ratings] == ["4"]
    assert merged.session.debrief.step.text == "B's step"
    assert merged.debrief == 2
    assert merge(old_b, old_a).session.debrief.step.text == "B's step"


def test_a_started_debrief_elsewhere_is_taken_but_only_finishing_is_news(
    teach: Rubric, clock: ManualClock
) -> None:
    base = ended(teach, clock)
    theirs = Debriefing(base, clock)
    theirs.set_answer(Stage.DESCRIBE, "")  # started, nothing written
    merged = merge(base, theirs.session)
    assert merged.session.debrief.status == "in_progress"
    assert merged.debrief == 0
    finished = Debriefing(base, clock)
    finished.complete()
    assert merge(theirs.session, finished.session).session.debrief.status == "complete"
    assert merge(finished.session, theirs.session).session.debrief.status == "complete"


def test_fields_only_either_version_knows_are_kept_ours_first(
    teach: Rubric, clock: ManualClock
) -> None:
    base = ended(teach, clock)
    data = base.model_dump(mode="json")
    ours = Session.model_validate(
        {**data, "x_ours": 1, "x_both": "ours", "debrief": {**data["debrief"], "d_ours": 1}}
    )
    theirs = Session.model_validate(
        {**data, "x_theirs": 2, "x_both": "theirs", "debrief": {**data["debrief"], "d_th": 2}}
    )
    merged = merge(ours, theirs).session.model_dump(mode="json")
    assert (merged["x_ours"], merged["x_theirs"], merged["x_both"]) == (1, 2, "ours")
    assert (merged["debrief"]["d_ours"], merged["debrief"]["d_th"]) == (1, 2)


def test_notes_added_changed_and_deleted_elsewhere_are_counted(
    teach: Rubric, clock: ManualClock
) -> None:
    ours = observed(teach, clock, "kept", "fixed there", "deleted there")
    theirs = Observation(ours.session, teach, clock)
    kept, fixed, gone = (n.id for n in ours.session.notes)
    clock.advance(5)
    theirs.edit(fixed, read_draft("fixed there, later", teach))
    theirs.delete(gone)
    for text in ("new one", "new two"):
        clock.advance(5)
        theirs.commit(read_draft(text, teach), clock.now())

    merged = merge(ours.session, theirs.session)

    texts = [n.text for n in merged.session.notes]
    assert texts == ["kept", "fixed there, later", "new one", "new two"]
    assert (merged.notes, merged.edits) == (2, 2)
    assert merged.describe() == "Merged 2 notes and 2 edits from another laptop"
    assert gone in merged.session.deleted_notes and kept not in merged.session.deleted_notes


def test_a_note_deleted_elsewhere_at_the_moment_it_was_made_stays_deleted(
    teach: Rubric, clock: ManualClock
) -> None:
    ours = observed(teach, clock, "typo")
    [note] = ours.session.notes
    tombstone = {note.id: note.changed_at}
    theirs = ours.session.model_copy(update={"notes": (), "deleted_notes": tombstone})
    merged = merge(ours.session, theirs)
    assert merged.session.notes == () and merged.edits == 1


def test_an_observation_ended_elsewhere_ends_here_but_an_end_here_stays(
    teach: Rubric, clock: ManualClock
) -> None:
    here = observed(teach, clock, "a note")
    there = Observation(here.session, teach, clock)
    clock.advance(60)
    there.end()
    merged = merge(here.session, there.session).session
    assert merged.ended_at == there.session.ended_at
    assert merged.status == there.session.status
    assert [n.text for n in merged.notes] == ["a note"]
    clock.advance(60)
    here.end()  # later than there
    assert merge(here.session, there.session).session.ended_at == here.session.ended_at


def test_snapshots_of_both_in_time_order_and_the_new_ones_counted(
    teach: Rubric, clock: ManualClock
) -> None:
    ours = observed(teach, clock)
    ours.take_snapshot({"learning_activity": "yes"}, None)
    theirs = Observation(ours.session, teach, clock)
    clock.advance(30)
    theirs.take_snapshot({"learning_activity": "no"}, None)
    clock.advance(30)
    ours.take_snapshot({"learning_activity": "yes"}, 1)
    merged = merge(ours.session, theirs.session)
    values = [s.values["learning_activity"] for s in merged.session.snapshots]
    assert values == ["yes", "no", "yes"]
    assert merged.snapshots == 1
    assert merged.describe() == "Merged 1 snapshot from another laptop"


def test_a_pause_ended_on_either_laptop_is_ended(teach: Rubric, clock: ManualClock) -> None:
    ours = observed(teach, clock)
    ours.toggle_pause()  # paused here
    theirs = Observation(ours.session, teach, clock)
    clock.advance(30)
    theirs.toggle_pause()  # and resumed there
    clock.advance(30)
    theirs.toggle_pause()  # a second pause, there only, still open
    for merged in (merge(ours.session, theirs.session), merge(theirs.session, ours.session)):
        pauses = merged.session.pauses
        assert len(pauses) == 2
        assert pauses[0].ended_at == theirs.session.pauses[0].ended_at
        assert pauses[1].ended_at is None
        assert pauses[0].started_at < pauses[1].started_at


def test_element_copies_of_both_are_kept(teach: Rubric, clock: ManualClock) -> None:
    ours = observed(teach, clock)
    theirs = Observation(ours.session, teach, clock)
    clock.advance(5)
    theirs.commit(read_draft("checked #FB", teach), clock.now())
    assert "FB" not in ours.session.elements
    assert "FB" in merge(ours.session, theirs.session).session.elements


def test_the_coach_only_mark_set_later_wins_and_keeps_its_time(
    teach: Rubric, clock: ManualClock
) -> None:
    ours = observed(teach, clock, "private thought")
    [note] = ours.session.notes
    theirs = Observation(ours.session, teach, clock)
    clock.advance(5)
    ours.toggle_private(note.id)  # marked here
    clock.advance(5)
    theirs.edit(note.id, read_draft("private thought, reworded", teach))  # text there, later
    for merged in (merge(ours.session, theirs.session), merge(theirs.session, ours.session)):
        [both] = merged.session.notes
        assert both.text == "private thought, reworded"
        assert both.private
        assert both.private_at == ours.session.notes[0].private_at
    unmarked = Observation(ours.session, teach, clock)
    marked_again = Observation(ours.session, teach, clock)
    clock.advance(5)
    unmarked.toggle_private(note.id)
    marked_again.toggle_private(note.id)  # the same moment: neither mark is later
    [tied] = merge(unmarked.session, marked_again.session).session.notes
    assert tied.private == unmarked.session.notes[0].private


def test_stamps_of_both_are_kept_each_at_its_later_time(teach: Rubric, clock: ManualClock) -> None:
    base = ended(teach, clock)
    a, b = Debriefing(base, clock), Debriefing(base, clock)
    a.set_goal(when="A")
    clock.advance(timedelta(seconds=5).total_seconds())
    b.set_follow_up(date(2026, 12, 9))
    clock.advance(5)
    a.review_step("A reviews")
    edited = merge(a.session, b.session).session.debrief.edited
    assert edited["goal"] == a.debrief.edited["goal"]
    assert edited["follow_up"] == b.debrief.edited["follow_up"]
    assert edited["step_review"] == a.debrief.edited["step_review"]
