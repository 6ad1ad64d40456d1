"""A debrief being written: every change to it goes through here, one revision each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from observer_tui.core.debrief import (
    BankStepUse,
    Citation,
    Debrief,
    Rating,
    RatingKey,
    RehearsalRound,
    Stage,
    TeacherGoal,
    answer_part,
    still_cited,
    without_lead_word,
)

if TYPE_CHECKING:
    from observer_tui.core.clock import Clock
    from observer_tui.core.drafts import Draft
    from observer_tui.core.merge import Merged
    from observer_tui.core.rubric import Rubric
    from observer_tui.core.session import Note, Session


class Debriefing:
    """Owns a session's debrief while it is being written. Each change replaces `session`
    with a new value (the old one is never changed) and bumps `revision`."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self.clock = clock
        self.revision = 0
        """Counts changes; a save of revision N holds every change up to N."""

    @property
    def session(self) -> Session:
        """The session as it is now; a value nobody changes, safe to hand to any reader."""
        return self._session

    def adopt(self, other: Session) -> Merged | None:
        """Take in what another version of this session holds (another laptop's answers,
        ratings, notes), so the next change is made over them; None if it holds nothing
        this one lacks. Not a change of this laptop's: the revision stays."""
        from observer_tui.core.merge import merge

        merged = merge(self._session, other)
        if not merged.brought:
            return None
        self._session = merged.session
        return merged

    @property
    def debrief(self) -> Debrief:
        return self._session.debrief

    def _update(
        self, *, part: str | None = None, also: tuple[str, ...] = (), **changes: object
    ) -> None:
        """The debrief with these fields changed, each stamped with the time of the change
        (`part` names a finer part, e.g. one stage's answer, for a merge to take alone;
        `also` more, e.g. the one rating changed besides 'ratings')."""
        status = self.debrief.status if self.debrief.status == "complete" else "in_progress"
        now = self.clock.now()
        parts = [part] if part else list(changes)
        parts += also
        # Never before the part's last change, whatever this laptop's clock says: a merge
        # takes the later (core/merge.py).
        before = self.debrief.edited
        stamps = {
            name: max(now, before[name] + timedelta(microseconds=1)) if name in before else now
            for name in parts
        }
        edited = {**before, **stamps}
        debrief = self.debrief.model_copy(update={"status": status, "edited": edited, **changes})
        self._session = self._session.model_copy(update={"debrief": debrief})
        self.revision += 1

    def set_answer(self, stage: Stage, text: str) -> None:
        """The answer's text, as typed; a citation whose marker was deleted goes with it."""
        answer = self.debrief.answer(stage)
        citations = still_cited(text, answer.citations)
        answer = answer.model_copy(update={"text": text, "citations": citations})
        self._update(part=answer_part(stage), answers={**self.debrief.answers, stage: answer})

    def set_remark(self, stage: Stage, text: str) -> None:
        """The stage's coach-only remark, as typed."""
        answer = self.debrief.answer(stage).model_copy(update={"coach_remark": text})
        self._update(
            part=answer_part(stage, "coach_remark"), answers={**self.debrief.answers, stage: answer}
        )

    def set_private(self, stage: Stage, private: bool) -> None:
        """Mark a stage's answer coach-only, or not."""
        answer = self.debrief.answer(stage).model_copy(update={"private": private})
        self._update(
            part=answer_part(stage, "private"), answers={**self.debrief.answers, stage: answer}
        )

    def cite(self, stage: Stage, note: Note) -> bool:
        """Link a note to a stage's answer as evidence; False if it was already cited."""
        answer = self.debrief.answer(stage)
        if any(c.note_id == note.id for c in answer.citations):
            return False
        citation = Citation(note_id=note.id, offset=note.offset)
        answer = answer.model_copy(update={"citations": (*answer.citations, citation)})
        self._update(part=answer_part(stage), answers={**self.debrief.answers, stage: answer})
        return True

    def cite_rating(self, key: RatingKey, note: Note) -> bool:
        """Link a note to a rating as evidence; False if it is not rated or already cited."""
        ratings = self.debrief.ratings
        for index, rating in enumerate(ratings):
            if rating.key == key:
                if any(c.note_id == note.id for c in rating.citations):
                    return False
                citation = Citation(note_id=note.id, offset=note.offset)
                cited = rating.model_copy(update={"citations": (*rating.citations, citation)})
                self._update(
                    ratings=(*ratings[:index], cited, *ratings[index + 1 :]), also=(key.part,)
                )
                return True
        return False

    def rate(self, key: RatingKey, value: str) -> None:
        """Set (or, with an empty value, clear) a rating, keeping its evidence."""
        old = next((r for r in self.debrief.ratings if r.key == key), None)
        others = tuple(r for r in self.debrief.ratings if r.key != key)
        if not value:
            self._update(ratings=others, also=(key.part,))
            return
        rating = Rating(
            code=key.code,
            scale=key.scale,
            look_for=key.look_for,
            value=value,
            citations=old.citations if old else (),
        )
        self._update(ratings=(*others, rating), also=(key.part,))

    def set_step(self, **fields: str | None) -> None:
        """Change the action step's text, element, model or scenario (each field has its
        own edit time, so two laptops may fix different fields). A step emptied is no
        longer the bank step it was picked from."""
        changes: dict[str, object] = dict(fields)
        if fields.get("text") == "" and self.debrief.step.bank_step is not None:
            changes["bank_step"] = None
        step = self.debrief.step.model_copy(update=changes)
        self._update(step=step, also=tuple(f"step.{name}" for name in changes))

    def pick_step(
        self,
        *,
        text: str,
        model: str,
        scenario: str,
        element: str | None,
        bank_step: BankStepUse | None,
        rubric: Rubric | None,
    ) -> None:
        """Fill the step from a bank step (or tie it to one): its title, model and
        rehearsal scenario, the element it serves, and which bank step it is."""
        if element is not None and rubric is not None:
            self._session = self._session.with_elements(rubric, [element])
        fields: dict[str, object] = {
            "text": text,
            "model": model,
            "scenario": scenario,
            "element": element,
            "bank_step": bank_step,
        }
        step = self.debrief.step.model_copy(update=fields)
        self._update(step=step, also=tuple(f"step.{name}" for name in fields))

    def add_round(self, tried: str, feedback: str) -> None:
        """Log one rehearsal round."""
        rounds = (*self.debrief.rehearsal, RehearsalRound(tried=tried, feedback=feedback))
        self._update(rehearsal=rounds)

    def set_step_element(self, code: str | None, rubric: Rubric | None) -> None:
        """The element the step serves; the session keeps a copy of it from the rubric,
        so it reads right if the rubric changes."""
        if code is not None and rubric is not None:
            self._session = self._session.with_elements(rubric, [code])
        self.set_step(element=code)

    def set_goal(self, *, when: str | None = None, how: str | None = None) -> None:
        """Change the goal's when or how, without a leading 'When'/'How' typed into it."""
        fields = {}
        if when is not None:
            fields["when"] = without_lead_word("when", when)
        if how is not None:
            fields["how"] = without_lead_word("how", how)
        self._update(goal=self.debrief.goal.model_copy(update=fields))

    def set_teacher_goal(
        self, *, title: str | None = None, elements: tuple[str, ...] | None = None
    ) -> None:
        """Change the teacher's goal's title or elements; with no goal yet, set a new one
        (its id minted now). A goal set here and emptied again is no goal."""
        from observer_tui.core.session import new_id

        goal = self.debrief.teacher_goal
        fields: dict[str, object] = {}
        if title is not None:
            fields["title"] = title
        if elements is not None:
            fields["elements"] = elements
        if goal is None:
            if not (title or "").strip() and not elements:
                return
            goal = TeacherGoal(
                id=new_id(), set_at=self.clock.now(), set_in=self._session.id, **fields
            )
            self._update(
                part="teacher_goal",
                also=tuple(f"teacher_goal.{name}" for name in fields),
                teacher_goal=goal,
            )
            return
        goal = goal.model_copy(update=fields)
        if goal.set_in == self._session.id and not goal.title.strip() and not goal.elements:
            self._update(part="teacher_goal", teacher_goal=None)
            return
        self._update(
            part=f"teacher_goal.{next(iter(fields))}" if len(fields) == 1 else "teacher_goal",
            also=tuple(f"teacher_goal.{name}" for name in fields),
            teacher_goal=goal,
        )

    def close_goal(self, state: str) -> TeacherGoal | None:
        """Mark the teacher's goal achieved or dropped, leaving room for a new one (the
        step then belongs to whichever goal is set next); the goal closed, or None."""
        goal = self.debrief.teacher_goal
        if goal is None or state not in ("achieved", "dropped"):
            return None
        closed = goal.model_copy(update={"state": state})
        others = tuple(g for g in self.debrief.closed_goals if g.id != goal.id)
        self._update(
            part="teacher_goal",
            also=("closed_goals",),
            teacher_goal=None,
            closed_goals=(*others, closed),
        )
        return closed

    def reopen_goal(self) -> TeacherGoal | None:
        """Take back the last goal this debrief closed: active again, the step's goal.
        None if none was closed, or a new goal has been set since."""
        if not self.debrief.closed_goals or self.debrief.teacher_goal is not None:
            return None
        *others, last = self.debrief.closed_goals
        goal = last.model_copy(update={"state": "active"})
        self._update(
            part="teacher_goal",
            also=("closed_goals", "teacher_goal.state"),
            teacher_goal=goal,
            closed_goals=tuple(others),
        )
        return goal

    def set_follow_up(self, day: date | None) -> None:
        """The date of the next drop-in."""
        self._update(follow_up=day)

    def review_step(self, text: str) -> None:
        """Record how the teacher did on last time's step."""
        self._update(step_review=text)

    def _replace_note(self, note: Note, rubric: Rubric | None) -> None:
        """The session with this version of a note (same id); its new tags' elements
        copied from the rubric. The debrief's status stays: fixing a note is not
        debriefing."""
        notes = tuple(note if n.id == note.id else n for n in self._session.notes)
        session = self._session
        if rubric is not None:
            session = session.with_elements(rubric, note.tags)
        self._session = session.model_copy(update={"notes": notes})
        self.revision += 1

    def note(self, note_id: str) -> Note:
        """The session's note with this id (KeyError if there is none)."""
        for note in self._session.notes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)

    def edit_note(self, note_id: str, draft: Draft, rubric: Rubric | None) -> Note:
        """Correct a note's text, tags and kind after the drop-in; its time stays, and so
        do the citations of it."""
        from observer_tui.core.observation import edited_note

        note = edited_note(self.note(note_id), draft, self.clock.now())
        self._replace_note(note, rubric)
        return note

    def toggle_private(self, note_id: str) -> Note:
        """Make a note coach-only (left out of the teacher's copy), or shared again."""
        from observer_tui.core.observation import private_toggled

        note = private_toggled(self.note(note_id), self.clock.now())
        self._replace_note(note, None)
        return note

    def set_details(self, teacher: str, class_name: str) -> bool:
        """Set or fix who and which class was observed; whether anything changed. The id,
        and so the file name, stays."""
        teacher, class_name = teacher.strip(), class_name.strip()
        if (teacher, class_name) == (self._session.teacher, self._session.class_name):
            return False
        self._session = self._session.model_copy(
            update={"teacher": teacher, "class_name": class_name}
        )
        self.revision += 1
        return True

    def complete(self) -> None:
        """Mark the debrief complete, now."""
        self._update(part="status", status="complete", completed_at=self.clock.now())
