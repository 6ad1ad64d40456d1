"""The debrief after a drop-in: describe, evaluate, analyse, then one step, rehearsed, as a goal."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from observer_tui.core.clock import Clock
    from observer_tui.core.session import Note, Session


class Stage(StrEnum):
    """The debrief's stages, in order."""

    DESCRIBE = "describe"
    EVALUATE = "evaluate"
    ANALYSE = "analyse"
    NEXT_STEP = "next_step"

    @property
    def heading(self) -> str:
        """The stage as the coach reads it."""
        return STAGE_TITLES[self]


STAGE_TITLES = {
    Stage.DESCRIBE: "Describe",
    Stage.EVALUATE: "Evaluate",
    Stage.ANALYSE: "Analyse",
    Stage.NEXT_STEP: "Next step",
}

DEFAULT_PROMPTS = {
    Stage.DESCRIBE: [
        "What happened in the lesson? Facts only: what did you and the pupils do and say?",
        "Which moment stands out to you?",
    ],
    Stage.EVALUATE: [
        "What went well, and which element does it show?",
        "What would you like to work on?",
    ],
    Stage.ANALYSE: [
        "Why do you think that happened?",
        "What surprised you, and what does it tell us?",
    ],
    Stage.NEXT_STEP: [
        "What progress since last time deserves praise?",
        "What one small step will you take next, and what does it look like done well?",
        "When exactly will you do it, and how?",
    ],
}


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Citation(_Record):
    """A note cited as evidence, kept by id with its time so it reads even if the note goes."""

    note_id: str
    offset: float
    """The note's offset in seconds, for 'at 04:12'."""


class Answer(_Record):
    """What was said at one stage, with the notes that back it."""

    text: str = ""
    citations: list[Citation] = Field(default_factory=list)
    private: bool = False
    """Coach-only: left out of what the teacher sees."""


class Rating(_Record):
    """An optional rating of one element (or behaviour) on one of the rubric's scales."""

    code: str
    """The element's code."""
    scale: str
    """The scale's id, e.g. 'element' or 'behaviour'."""
    value: str
    """A level of that scale, e.g. '3' or 'M'."""
    look_for: int | None = None
    """For a behaviour scale: which of the element's look-fors (1-based)."""
    citations: list[Citation] = Field(default_factory=list)

    @property
    def key(self) -> RatingKey:
        """What is rated: element code, scale id and look-for."""
        return RatingKey(self.code, self.scale, self.look_for)


class RatingKey(NamedTuple):
    """What a rating is of: an element (or one of its look-fors) on one scale."""

    code: str
    scale: str
    look_for: int | None = None

    @property
    def label(self) -> str:
        """'CFU' or 'CFU look-for 2'."""
        return self.code if self.look_for is None else f"{self.code} look-for {self.look_for}"


class RehearsalRound(_Record):
    """One go at the step: what was tried and the feedback given before the next."""

    tried: str = ""
    feedback: str = ""


class ActionStep(_Record):
    """The one bite-sized step agreed, tied to an element, with the model of it done well."""

    text: str = ""
    element: str | None = None
    """The element code it serves."""
    model: str = ""
    """What good looks like, as the coach modelled it."""


class Goal(_Record):
    """The step as a plan: when <situation>, how <action>."""

    when: str = ""
    how: str = ""


class Debrief(_Record):
    """Everything agreed after the lesson. Frozen: each change makes a new Debrief."""

    status: Literal["not_started", "in_progress", "complete"] = "not_started"
    completed_at: AwareDatetime | None = None
    answers: dict[Stage, Answer] = Field(default_factory=dict)
    """Describe, evaluate and analyse answers by stage; next_step holds the praise."""
    ratings: list[Rating] = Field(default_factory=list)
    step: ActionStep = Field(default_factory=ActionStep)
    rehearsal: list[RehearsalRound] = Field(default_factory=list)
    goal: Goal = Field(default_factory=Goal)
    follow_up: date | None = None
    """The date of the next drop-in."""
    step_review: str = ""
    """How the teacher did on the step agreed last time (see Session.previous)."""

    def answer(self, stage: Stage) -> Answer:
        """The answer at a stage (empty if none yet)."""
        return self.answers.get(stage, Answer())


class Debriefing:
    """Owns a session's debrief while it is being written. Each change bumps `revision`."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self.revision = 0
        """Counts changes; a save of revision N holds every change up to N."""

    @property
    def debrief(self) -> Debrief:
        return self.session.debrief

    def _update(self, **changes: object) -> None:
        status = self.debrief.status if self.debrief.status == "complete" else "in_progress"
        self.session.debrief = self.debrief.model_copy(update={"status": status, **changes})
        self.revision += 1

    def set_answer(self, stage: Stage, text: str) -> None:
        """The answer's text, as typed."""
        answer = self.debrief.answer(stage).model_copy(update={"text": text})
        self._update(answers={**self.debrief.answers, stage: answer})

    def set_private(self, stage: Stage, private: bool) -> None:
        """Mark a stage's answer coach-only, or not."""
        answer = self.debrief.answer(stage).model_copy(update={"private": private})
        self._update(answers={**self.debrief.answers, stage: answer})

    def cite(self, stage: Stage, note: Note) -> bool:
        """Link a note to a stage's answer as evidence; False if it was already cited."""
        answer = self.debrief.answer(stage)
        if any(c.note_id == note.id for c in answer.citations):
            return False
        citation = Citation(note_id=note.id, offset=note.offset)
        answer = answer.model_copy(update={"citations": [*answer.citations, citation]})
        self._update(answers={**self.debrief.answers, stage: answer})
        return True

    def cite_rating(self, key: RatingKey, note: Note) -> bool:
        """Link a note to a rating as evidence; False if it is not rated or already cited."""
        ratings = list(self.debrief.ratings)
        for index, rating in enumerate(ratings):
            if rating.key == key:
                if any(c.note_id == note.id for c in rating.citations):
                    return False
                citation = Citation(note_id=note.id, offset=note.offset)
                ratings[index] = rating.model_copy(
                    update={"citations": [*rating.citations, citation]}
                )
                self._update(ratings=ratings)
                return True
        return False

    def rate(self, key: RatingKey, value: str) -> None:
        """Set (or, with an empty value, clear) a rating, keeping its evidence."""
        old = next((r for r in self.debrief.ratings if r.key == key), None)
        others = [r for r in self.debrief.ratings if r.key != key]
        if not value:
            self._update(ratings=others)
            return
        rating = Rating(
            code=key.code,
            scale=key.scale,
            look_for=key.look_for,
            value=value,
            citations=old.citations if old else [],
        )
        self._update(ratings=[*others, rating])

    def set_step(self, **fields: str | None) -> None:
        """Change the action step's text, element or model."""
        self._update(step=self.debrief.step.model_copy(update=fields))

    def add_round(self, tried: str, feedback: str) -> None:
        """Log one rehearsal round."""
        rounds = [*self.debrief.rehearsal, RehearsalRound(tried=tried, feedback=feedback)]
        self._update(rehearsal=rounds)

    def set_goal(self, **fields: str) -> None:
        """Change the goal's when or how."""
        self._update(goal=self.debrief.goal.model_copy(update=fields))

    def set_follow_up(self, day: date | None) -> None:
        """The date of the next drop-in."""
        self._update(follow_up=day)

    def review_step(self, text: str) -> None:
        """Record how the teacher did on last time's step."""
        self._update(step_review=text)

    def complete(self) -> None:
        """Mark the debrief complete, now."""
        self._update(status="complete", completed_at=self.clock.now())
