"""A drop-in in progress: every change to the session goes through here, one revision each.

Each change makes a new Session value and keeps it as `session`; a value handed out before
(to the writer, a screen, a test) never changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from observer_tui.core.clock import Clock
from observer_tui.core.drafts import Draft
from observer_tui.core.intervals import IntervalNow, interval_now, ticked, toggled
from observer_tui.core.rubric import Rubric, SnapshotMark
from observer_tui.core.session import Note, Pause, Session, Snapshot, new_id
from observer_tui.core.timer import TimerState

if TYPE_CHECKING:
    from observer_tui.core.merge import Merged


class Observation:
    """Owns a Session while it is being observed. Each change replaces `session` with a new
    value (the old one is never changed) and bumps `revision`."""

    def __init__(self, session: Session, rubric: Rubric, clock: Clock) -> None:
        self._session = session
        self.rubric = rubric
        self.clock = clock
        self.revision = 0
        """Counts changes; a save of revision N holds every change up to N."""
        self._deleted: list[tuple[int, Note]] = []

    @property
    def session(self) -> Session:
        """The session as it is now; a value nobody changes, safe to hand to any reader."""
        return self._session

    def _change(self, **fields: object) -> None:
        """Make the next value of the session: these fields changed, the rest shared."""
        self._session = self._session.model_copy(update=fields)
        self.revision += 1

    def _set_notes(self, notes: tuple[Note, ...], tags: Sequence[str] = ()) -> None:
        session = self._session.with_elements(self.rubric, tags)
        self._session = session.model_copy(update={"notes": notes})
        self.revision += 1

    def adopt(self, other: Session) -> Merged | None:
        """Take in what another version of this session holds (another laptop's notes,
        merged into the file); None if it holds nothing this one lacks. Not a change of
        this laptop's: the revision stays."""
        from observer_tui.core.merge import merge

        merged = merge(self._session, other)
        if not merged.brought:
            return None
        self._session = merged.session
        return merged

    def ahead_of(self, other: Session) -> bool:
        """Whether this session holds work that another version of it lacks (a sync tool
        brought in a copy made before this laptop's last save)."""
        from observer_tui.core.merge import merge

        return merge(other, self._session).brought

    def timer(self) -> TimerState:
        """The timer now."""
        session = self.session
        return TimerState(
            elapsed=session.elapsed(self.clock.now()),
            planned=session.planned_minutes * 60.0,
            paused=session.paused,
            ended=session.ended_at is not None,
        )

    def commit(self, draft: Draft, typed_at: datetime) -> Note:
        """Add a note, stamped with the moment its first character was typed."""
        note = Note(
            id=new_id(),
            at=typed_at,
            offset=round(self.session.elapsed(typed_at), 1),
            text=draft.text,
            tags=tuple(draft.tags),
            kind=draft.kind,
        )
        self._set_notes((*self.session.notes, note), note.tags)
        return note

    def index_of(self, note_id: str) -> int:
        """Where the note is in the session's notes."""
        return next(i for i, note in enumerate(self.session.notes) if note.id == note_id)

    def _replace_note(self, index: int, note: Note, tags: Sequence[str] = ()) -> None:
        notes = self.session.notes
        self._set_notes((*notes[:index], note, *notes[index + 1 :]), tags)

    def edit(self, note_id: str, draft: Draft) -> Note:
        """Change a note's text, tags and kind; its time stays."""
        index = self.index_of(note_id)
        note = edited_note(self.session.notes[index], draft, self.clock.now())
        self._replace_note(index, note, note.tags)
        return note

    def toggle_private(self, note_id: str) -> Note:
        """Mark a note coach-only (left out of the teacher's copy), or shared again."""
        index = self.index_of(note_id)
        note = private_toggled(self.session.notes[index], self.clock.now())
        self._replace_note(index, note)
        return note

    def delete(self, note_id: str) -> Note:
        """Remove a note, leaving when it was deleted (so a merge does not bring it back);
        `undo_delete` brings it back."""
        index = self.index_of(note_id)
        notes = self.session.notes
        note = notes[index]
        # Never before the version deleted, whatever this laptop's clock says.
        deleted = {**self.session.deleted_notes, note_id: max(note.changed_at, self.clock.now())}
        self._session = self._session.model_copy(update={"deleted_notes": deleted})
        self._set_notes((*notes[:index], *notes[index + 1 :]))
        self._deleted.append((index, note))
        return note

    @property
    def can_undo(self) -> bool:
        """Whether a deleted note can be brought back."""
        return bool(self._deleted)

    def undo_delete(self) -> Note | None:
        """Put the most recently deleted note back where it was."""
        if not self._deleted:
            return None
        index, note = self._deleted.pop()
        # Edited after its deletion: a copy elsewhere that still has the tombstone keeps it.
        gone = self.session.deleted_notes.get(note.id, note.changed_at)
        note = note.model_copy(update={"edited_at": _after(gone, self.clock.now())})
        deleted = {k: v for k, v in self.session.deleted_notes.items() if k != note.id}
        self._session = self._session.model_copy(update={"deleted_notes": deleted})
        notes = self.session.notes
        index = min(index, len(notes))
        self._set_notes((*notes[:index], note, *notes[index:]))
        return note

    def set_details(self, teacher: str, class_name: str) -> bool:
        """Set or fix who and which class is observed; whether anything changed. The id,
        and so the file name, stays: the index follows through the next save."""
        teacher, class_name = teacher.strip(), class_name.strip()
        if (teacher, class_name) == (self.session.teacher, self.session.class_name):
            return False
        self._change(teacher=teacher, class_name=class_name)
        return True

    def toggle_pause(self) -> bool:
        """Pause or resume; returns whether it is paused now."""
        now = self.clock.now()
        pauses = self.session.pauses
        if self.session.paused:
            closed = pauses[-1].model_copy(update={"ended_at": now})
            self._change(pauses=(*pauses[:-1], closed))
        else:
            self._change(pauses=(*pauses, Pause(started_at=now)))
        return self.session.paused

    def due_mark(self) -> int | None:
        """The snapshot mark whose window is open now and has no snapshot yet."""
        spec = self.session.snapshot_spec
        if spec is None or self.session.ended_at is not None:
            return None
        minute = self.session.elapsed(self.clock.now()) / 60
        taken = {snapshot.mark for snapshot in self.session.snapshots}
        for index, mark in enumerate(spec.marks):
            if index not in taken and mark.start_minute <= minute < mark.end_minute + 1:
                return index
        return None

    def mark(self, index: int) -> SnapshotMark | None:
        """The rubric's snapshot mark by index."""
        spec = self.session.snapshot_spec
        return spec.marks[index] if spec and 0 <= index < len(spec.marks) else None

    def take_snapshot(self, values: Mapping[str, str], mark: int | None) -> Snapshot:
        """Record a time-on-task snapshot now."""
        now = self.clock.now()
        snapshot = Snapshot(
            id=new_id(),
            at=now,
            offset=round(self.session.elapsed(now), 1),
            mark=mark,
            values=dict(values),
        )
        self._change(snapshots=(*self.session.snapshots, snapshot))
        return snapshot

    def interval(self) -> IntervalNow | None:
        """The current interval and its time left, if the drop-in codes intervals."""
        plan = self.session.interval_plan
        if plan is None:
            return None
        return interval_now(plan, self.session.elapsed(self.clock.now()))

    def toggle_code(self, code: str) -> bool:
        """Tick `code` in the current interval, or clear it; whether it is ticked now."""
        now = self.interval()
        if now is None:
            raise ValueError("this drop-in has no interval coding")
        changed = toggled(self.session, now.number, code, self.clock.now())
        self._change(intervals=changed.intervals)
        return code in ticked(self.session, now.number)

    def end(self) -> None:
        """Finish the observation: close any pause and record the end time."""
        now = self.clock.now()
        if self.session.paused:
            self.toggle_pause()
        self._change(ended_at=now, status="observed")

    def tag_counts(self) -> dict[str, int]:
        """How many notes carry each code."""
        counts: dict[str, int] = {}
        for note in self.session.notes:
            for tag in note.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return counts


def edited_note(note: Note, draft: Draft, now: datetime) -> Note:
    """The note with the draft's text, tags and kind, stamped as edited `now`; its time
    stays (the debrief edits notes this way too)."""
    update = {"text": draft.text, "tags": tuple(draft.tags), "kind": draft.kind}
    return note.model_copy(update={**update, "edited_at": _after(note.changed_at, now)})


def private_toggled(note: Note, now: datetime) -> Note:
    """The note made coach-only, or shared again, stamped as edited `now`."""
    edited = _after(note.changed_at, now)
    return note.model_copy(
        update={"private": not note.private, "edited_at": edited, "private_at": edited}
    )


def _after(version: datetime, now: datetime) -> datetime:
    """When a change to a version made at `version` is stamped: now, or just after that
    version if this laptop's clock is behind the one that made it, so a merge always takes
    the change over the version it was made from (core/merge.py)."""
    return max(now, version + timedelta(microseconds=1))
