"""Two versions of one session made into one, so no laptop's note is lost.

When the file on disk is not the version this app last read or wrote (a second laptop saved
it, or a sync tool renamed a newer copy over it, or left a conflict copy beside it), the two
versions are merged rather than one replacing the other:

- notes and snapshots are united by id; when both versions hold a note, the later edit wins,
  and the coach-only mark set later, on either, is kept (`Note.private_at`);
- a deleted note leaves a tombstone (`Session.deleted_notes`): the note stays deleted unless
  the other version edited it after the deletion (an undo does);
- pauses are united by their start;
- interval ticks are united interval by interval; a code one laptop cleared after the
  other ticked it stays cleared (`IntervalTicks.edited`, core/intervals.py);
- each part of the debrief takes the later edit (`Debrief.edited`): each stage's answer
  (its text, its coach-only mark and its remark apart), each element's rating and each
  field of the step alone; rehearsal rounds of both are kept;
- the teacher's goal: the same goal on both takes each field (title, elements, state) from
  the later edit; two different goals (one laptop started a new one) go by which was set
  later, never a mix of the two; goals closed on either are kept;
- what only one version knows (an element copy, an end time, fields of a newer version) is
  kept.

`ours` is the version this app is saving; for what has no edit time (who, which class), ours
wins. The merge is symmetric in what it keeps: nothing either version holds is dropped unless
a later change in the other removed it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from observer_tui.core.debrief import (
    ANSWER_OWN_PARTS,
    ActionStep,
    Answer,
    Debrief,
    Rating,
    RehearsalRound,
    Stage,
    TeacherGoal,
    answer_part,
)
from observer_tui.core.intervals import merged_ticks

if TYPE_CHECKING:
    from observer_tui.core.session import Note, Pause, Session, Snapshot


@dataclass(frozen=True)
class Merged:
    """The merged session, and what the other version brought to it."""

    session: Session
    notes: int = 0
    """Notes only the other version had."""
    edits: int = 0
    """Notes the other version changed later (or deleted) that this one had."""
    debrief: int = 0
    """Parts of the debrief the other version changed later."""
    snapshots: int = 0
    """Snapshots only the other version had."""
    ticks: int = 0
    """Interval codes the other version ticked or cleared later."""

    @property
    def brought(self) -> bool:
        """Whether the other version added anything to ours."""
        return bool(self.notes or self.edits or self.debrief or self.snapshots or self.ticks)

    def describe(self, source: str = "another laptop") -> str:
        """One line for the coach: "Merged 2 notes and 1 edit from another laptop"."""
        parts = [
            _count(self.notes, "note"),
            _count(self.edits, "edit"),
            _count(self.snapshots, "snapshot"),
            _count(self.ticks, "interval tick"),
            _count(self.debrief, "debrief change"),
        ]
        said = [part for part in parts if part]
        if not said:
            return f"Nothing new from {source}"
        listed = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1]
        return f"Merged {listed} from {source}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}" if number else ""


def merge(ours: Session, theirs: Session) -> Merged:
    """One session holding both versions' work (see the module's docstring)."""
    if ours == theirs:
        return Merged(ours)
    deleted = _later(ours.deleted_notes, theirs.deleted_notes)
    notes, added, edits = _notes(ours.notes, theirs.notes, deleted)
    snapshots, new_snapshots = _snapshots(ours.snapshots, theirs.snapshots)
    debrief, parts = _debrief(ours.debrief, theirs.debrief)
    plan = ours.interval_plan or theirs.interval_plan
    intervals, ticks = merged_ticks(ours.intervals, theirs.intervals, plan.codes if plan else ())
    # Fields only the other version knows (written by a newer version) are kept too.
    extra = {**(theirs.model_extra or {}), **(ours.model_extra or {})}
    kept = {note.id for note in notes}  # once, not once per tombstone
    update: dict[str, object] = {
        "notes": notes,
        "deleted_notes": {k: v for k, v in deleted.items() if k not in kept},
        "snapshots": snapshots,
        "pauses": _pauses(ours.pauses, theirs.pauses),
        "elements": {**theirs.elements, **ours.elements},
        "debrief": debrief,
        "interval_plan": plan,
        "intervals": intervals,
        **extra,
    }
    if ours.ended_at is None and theirs.ended_at is not None:
        update |= {"ended_at": theirs.ended_at, "status": theirs.status}
    # The check-in is set once, when the drop-in starts: a copy without it (an older
    # version's) never takes it away.
    if not ours.asked and theirs.asked:
        update["asked"] = theirs.asked
    merged = ours.model_copy(update=update)
    return Merged(
        merged, notes=added, edits=edits, debrief=parts, snapshots=new_snapshots, ticks=ticks
    )


def _later(ours: Mapping[str, datetime], theirs: Mapping[str, datetime]) -> dict[str, datetime]:
    """Two maps of times by key, united, each key with the later time."""
    united = dict(ours)
    for key, at in theirs.items():
        if key not in united or at > united[key]:
            united[key] = at
    return united


def _notes(
    ours: tuple[Note, ...], theirs: tuple[Note, ...], deleted: dict[str, datetime]
) -> tuple[tuple[Note, ...], int, int]:
    """Notes of both, by id, the later edit of each; those deleted after their last edit
    dropped. Also how many came from `theirs` only, and how many of ours theirs changed."""
    mine = {note.id: note for note in ours}
    other = {note.id: note for note in theirs}
    chosen: list[Note] = []
    added = edits = 0
    # Ours in their order, then theirs; sorted by time, stably, so notes of one moment keep
    # the order this laptop showed them in.
    for note_id in [*mine, *(note_id for note_id in other if note_id not in mine)]:
        a, b = mine.get(note_id), other.get(note_id)
        note = b if a is None or (b is not None and b.changed_at > a.changed_at) else a
        assert note is not None
        note = _with_later_mark(note, a, b)
        gone = deleted.get(note_id)
        if gone is not None and gone >= note.changed_at:
            if a is not None:
                edits += 1  # deleted on the other laptop after ours was last changed
            continue
        if a is None:
            added += 1
        elif note is not a:
            edits += 1
        chosen.append(note)
    chosen.sort(key=lambda note: note.at)
    return tuple(chosen), added, edits


def _with_later_mark(note: Note, a: Note | None, b: Note | None) -> Note:
    """`note` with the coach-only mark of whichever version set it later: a fix of the
    text on one laptop keeps the mark made on the other."""
    if a is None or b is None:
        return note
    marked = b if b.private_changed_at > a.private_changed_at else a
    if a.private_changed_at == b.private_changed_at or marked.private == note.private:
        return note
    return note.model_copy(update={"private": marked.private, "private_at": marked.private_at})


def _snapshots(
    ours: tuple[Snapshot, ...], theirs: tuple[Snapshot, ...]
) -> tuple[tuple[Snapshot, ...], int]:
    known = {snapshot.id for snapshot in ours}
    new = [snapshot for snapshot in theirs if snapshot.id not in known]
    united = sorted((*ours, *new), key=lambda snapshot: snapshot.at)
    return tuple(united), len(new)


def _pauses(ours: tuple[Pause, ...], theirs: tuple[Pause, ...]) -> tuple[Pause, ...]:
    """Pauses of both, by start; an ended pause wins over the same one still open."""
    by_start = {pause.started_at: pause for pause in theirs}
    for pause in ours:
        other = by_start.get(pause.started_at)
        if other is None or pause.ended_at is not None or other.ended_at is None:
            by_start[pause.started_at] = pause
    return tuple(by_start[start] for start in sorted(by_start))


# The debrief's parts, each taken whole from whichever version changed it later. Ratings
# (by element), the step (by field) and the rehearsal rounds are merged finer below.
_PARTS = ("goal", "follow_up", "step_review")
_STATUS_ORDER = {"not_started": 0, "in_progress": 1, "complete": 2}


def _ratings(
    ours: tuple[Rating, ...], theirs: tuple[Rating, ...], theirs_later: Callable[[str, str], bool]
) -> tuple[tuple[Rating, ...], int]:
    """Each element's rating (or its clearing) from the version that changed it later, and
    how many came from theirs: two laptops rating different elements keep both."""
    mine = {rating.key: rating for rating in ours}
    other = {rating.key: rating for rating in theirs}
    chosen = dict(mine)
    taken = 0
    for key in [*mine, *(key for key in other if key not in mine)]:
        if mine.get(key) != other.get(key) and theirs_later(key.part, "ratings"):
            taken += 1
            if key in other:
                chosen[key] = other[key]
            else:
                del chosen[key]
    return tuple(chosen.values()), taken


def _rounds(
    ours: tuple[RehearsalRound, ...], theirs: tuple[RehearsalRound, ...]
) -> tuple[RehearsalRound, ...]:
    """The rehearsal log of both: ours, then the rounds theirs has beyond ours (a round
    is only ever added, so one logged on either laptop is one more go)."""
    extra = list(theirs)
    for round_ in ours:
        if round_ in extra:
            extra.remove(round_)
    return (*ours, *extra)


_GOAL_FIELDS = ("title", "elements", "state")


def _goals(
    ours: Debrief, theirs: Debrief, theirs_later: Callable[[str, str], bool]
) -> tuple[dict[str, object], int]:
    """The teacher's goal and the goals closed, merged (see the module's docstring), and
    whether theirs brought a change (1) or not (0, with an empty update)."""
    mine, other = ours.teacher_goal, theirs.teacher_goal
    goal: TeacherGoal | None = mine
    taken = 0
    if (mine is None) != (other is None) or (mine and other and mine.id != other.id):
        if theirs_later("teacher_goal", "teacher_goal"):
            goal, taken = other, 1
    elif mine is not None and other is not None:
        fields = {
            name: getattr(other, name)
            for name in _GOAL_FIELDS
            if theirs_later(f"teacher_goal.{name}", "teacher_goal")
            and getattr(other, name) != getattr(mine, name)
        }
        if fields:
            goal, taken = mine.model_copy(update=fields), 1
    closed = {g.id: g for g in ours.closed_goals}
    closed |= {g.id: g for g in theirs.closed_goals if g.id not in closed}
    if goal is not None:
        closed.pop(goal.id, None)  # reopened later on one laptop: it is the goal again
    taken += len(closed.keys() - {g.id for g in ours.closed_goals})
    if not taken:
        return {}, 0
    # One change to the coach, whether it brought a new goal, a closed one, or both.
    return {"teacher_goal": goal, "closed_goals": tuple(closed.values())}, 1


def _answer(
    ours: Answer, theirs: Answer, stage: Stage, theirs_later: Callable[[str, str], bool]
) -> Answer:
    """One stage's answer: its text with its citations, its coach-only mark and its remark,
    each from the version that changed it later, so a typo fixed on one laptop never
    clears a mark made on the other."""
    whole = answer_part(stage)
    fields: dict[str, object] = {}
    if theirs_later(whole, ""):
        fields |= {"text": theirs.text, "citations": theirs.citations}
    for name in ANSWER_OWN_PARTS:
        if theirs_later(answer_part(stage, name), whole):
            fields[name] = getattr(theirs, name)
    return ours.model_copy(update=fields) if fields else ours


def _debrief(ours: Debrief, theirs: Debrief) -> tuple[Debrief, int]:
    """Each part of the debrief from the version that changed it later (ours if neither
    says), and how many parts came from theirs."""
    if ours == theirs:
        return ours, 0
    update: dict[str, object] = {}
    taken = 0

    def theirs_later(part: str, whole: str = "") -> bool:
        """Whether theirs changed `part` later; a part neither stamped (a file of a version
        before finer stamps) goes by the `whole` it belongs to."""
        if whole and part not in ours.edited and part not in theirs.edited:
            part = whole
        mine, other = ours.edited.get(part), theirs.edited.get(part)
        return other is not None and (mine is None or other > mine)

    ratings, from_theirs = _ratings(ours.ratings, theirs.ratings, theirs_later)
    if from_theirs:
        update["ratings"], taken = ratings, taken + from_theirs
    fields = {
        name: getattr(theirs.step, name)
        for name in ActionStep.model_fields
        if theirs_later(f"step.{name}", "step")
        and getattr(theirs.step, name) != getattr(ours.step, name)
    }
    if fields:
        update["step"], taken = ours.step.model_copy(update=fields), taken + 1
    goals, from_theirs = _goals(ours, theirs, theirs_later)
    if from_theirs:
        update |= goals
        taken += from_theirs
    rounds = _rounds(ours.rehearsal, theirs.rehearsal)
    if rounds != ours.rehearsal:
        update["rehearsal"], taken = rounds, taken + 1
    for part in _PARTS:
        if theirs_later(part) and getattr(theirs, part) != getattr(ours, part):
            update[part] = getattr(theirs, part)
            taken += 1
    answers = dict(ours.answers)
    for stage, answer in theirs.answers.items():
        if stage not in answers:  # an answer is never removed: theirs alone has it
            answers[stage] = answer
            taken += answer != Answer()
        elif (merged := _answer(answers[stage], answer, stage, theirs_later)) != answers[stage]:
            answers[stage] = merged
            taken += 1
    update["answers"] = answers
    if _STATUS_ORDER[theirs.status] > _STATUS_ORDER[ours.status]:
        update |= {"status": theirs.status, "completed_at": theirs.completed_at}
        taken += theirs.status == "complete"
    update["edited"] = _later(ours.edited, theirs.edited)
    extra = {**(theirs.model_extra or {}), **(ours.model_extra or {})}
    return ours.model_copy(update={**update, **extra}), taken
