"""The debrief after a drop-in: describe, evaluate, analyse, then one step, rehearsed, as a goal.

Only the models, frozen values like the session that holds them; `core/debriefing.py` makes
the changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Literal, NamedTuple

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from observer_tui.core.timer import clock_text


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
    # extra="allow": what a newer version wrote is kept when this one saves.
    model_config = ConfigDict(frozen=True, extra="allow")


class Citation(_Record):
    """A note cited as evidence, kept by id with its time so it reads even if the note goes."""

    note_id: str
    offset: float
    """The note's offset in seconds, for 'at 04:12'."""


class Answer(_Record):
    """What was said at one stage, with the notes that back it."""

    text: str = ""
    citations: tuple[Citation, ...] = ()
    """The notes cited; each has its marker (`citation_marker`) in `text`."""
    private: bool = False
    """Coach-only: the whole answer is left out of what the teacher sees."""
    coach_remark: str = ""
    """A remark for the coach alone, never in the teacher's copy, so one private thought
    does not hide the whole answer."""

    @model_serializer(mode="wrap")
    def _leave_out_no_remark(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # An answer without a remark is written as every version before remarks wrote it.
        data: dict[str, object] = handler(self)
        if data.get("coach_remark") == "":
            del data["coach_remark"]
        return data


ANSWER_OWN_PARTS = ("private", "coach_remark")
"""The parts of an answer stamped apart from its text (and the citations its markers
hold), so a merge takes each from the laptop that changed it later (core/merge.py)."""


def answer_part(stage: str, field: str = "") -> str:
    """The name `Debrief.edited` stamps a stage's answer under: its text and citations
    alone, or one of `ANSWER_OWN_PARTS`."""
    return f"answers.{stage}.{field}" if field else f"answers.{stage}"


def citation_marker(offset: float) -> str:
    """How a citation reads in an answer's text: '[04:12]', the cited note's time."""
    return f"[{clock_text(offset)}]"


def still_cited(text: str, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The citations whose marker is still in `text`: deleting '[04:12]' from the answer
    unlinks that note. Two notes in the same second share a marker; each marker left keeps
    one of them, the earliest cited first."""
    left: dict[str, int] = {}
    kept = []
    for citation in citations:
        marker = citation_marker(citation.offset)
        if marker not in left:
            left[marker] = text.count(marker)
        if left[marker] > 0:
            left[marker] -= 1
            kept.append(citation)
    return tuple(kept)


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
    citations: tuple[Citation, ...] = ()

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
    def part(self) -> str:
        """Its name among the debrief's edit times: 'ratings.CFU.element' (or '….2')."""
        look_for = "" if self.look_for is None else f".{self.look_for}"
        return f"ratings.{self.code}.{self.scale}{look_for}"

    @property
    def label(self) -> str:
        """'CFU' or 'CFU look-for 2'."""
        return self.code if self.look_for is None else f"{self.code} look-for {self.look_for}"


class RehearsalRound(_Record):
    """One go at the step: what was tried and the feedback given before the next."""

    tried: str = ""
    feedback: str = ""


class BankStepUse(_Record):
    """The bank step a coach picked: which bank, which step, which version of the bank."""

    bank: str
    id: str
    version: str = ""


class ActionStep(_Record):
    """The one bite-sized step agreed, tied to an element, with the model of it done well."""

    text: str = ""
    scenario: str = ""
    """The rehearsal scenario the teacher practises the step in (from a bank step, or
    written by the coach)."""
    element: str | None = None
    """The element code it serves."""
    model: str = ""
    """What good looks like, as the coach modelled it."""
    bank_step: BankStepUse | None = None
    """The bank step it was picked from, if any: step use counted across teachers."""

    @model_serializer(mode="wrap")
    def _leave_out_unused(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # A step with no scenario and no bank step is written as every version before wrote it.
        data: dict[str, object] = handler(self)
        if data.get("scenario") == "":
            del data["scenario"]
        if data.get("bank_step", 0) is None:
            del data["bank_step"]
        return data


GoalState = Literal["active", "achieved", "dropped"]
"""Where a teacher's goal stands: still worked on, reached, or set aside."""


class TeacherGoal(_Record):
    """The goal over weeks that steps build toward (not the step's when/how plan). It lives
    in the sessions that set and continue it, by id: each holds it as it stood then."""

    id: str
    """Minted when the goal is set; copied into each later session that continues it."""
    title: str = ""
    """The goal in the teacher's words, e.g. 'every pupil thinks hard in my explanations'."""
    elements: tuple[str, ...] = ()
    """The element codes it is about, as the rubric spells them."""
    state: GoalState = "active"
    set_at: AwareDatetime | None = None
    """When it was set."""
    set_in: str = ""
    """The id of the session whose debrief set it."""


class Goal(_Record):
    """The step as a plan: when <situation>, how <action>."""

    when: str = ""
    """The situation, without the word 'When' (the screen and copies add it)."""
    how: str = ""
    """What the teacher will do, without the word 'How'."""


_LEAD_WORD = {"when": re.compile(r"^\s*when\b[\s,:…-]*", re.IGNORECASE)}
_LEAD_WORD["how"] = re.compile(r"^\s*how\b[\s,:…-]*", re.IGNORECASE)


def without_lead_word(part: Literal["when", "how"], text: str) -> str:
    """The goal's part without the 'When'/'How' the coach may type: it is labelled so
    already, and 'When When I ask' reads wrong. 'Whenever' is kept."""
    return _LEAD_WORD[part].sub("", text, count=1)


STATUS_LABELS = {"not_started": "to do", "in_progress": "started", "complete": "done"}
"""A debrief's status as the app and the command line both say it."""


def status_label(status: str) -> str:
    """'to do', 'started' or 'done' (a status from a newer version as it is written)."""
    return STATUS_LABELS.get(status, status.replace("_", " "))


class Debrief(_Record):
    """Everything agreed after the lesson. Frozen: each change makes a new Debrief."""

    status: Literal["not_started", "in_progress", "complete"] = "not_started"
    completed_at: AwareDatetime | None = None
    answers: Mapping[Stage, Answer] = Field(default_factory=dict)
    """Describe, evaluate and analyse answers by stage; next_step holds the praise."""
    ratings: tuple[Rating, ...] = ()
    step: ActionStep = Field(default_factory=ActionStep)
    rehearsal: tuple[RehearsalRound, ...] = ()
    goal: Goal = Field(default_factory=Goal)
    """The step's plan (when / how); the teacher's goal over weeks is `teacher_goal`."""
    teacher_goal: TeacherGoal | None = None
    """The goal this debrief's step belongs to: carried over from the teacher's last
    session, or set here (core/goals.py derives a teacher's goals from these)."""
    closed_goals: tuple[TeacherGoal, ...] = ()
    """Goals this debrief marked achieved or dropped before a new one was set."""
    follow_up: date | None = None
    """The date of the next drop-in."""
    step_review: str = ""
    """How the teacher did on the step agreed last time (see Session.previous)."""
    edited: Mapping[str, AwareDatetime] = Field(default_factory=dict)
    """When each part was last changed ('answers.describe', 'step', 'goal', ...): when two
    laptops changed the debrief, each part takes the later edit (core/merge.py)."""

    @model_serializer(mode="wrap")
    def _leave_out_unstamped(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # A debrief never edited is written as every version before edit times wrote it.
        data: dict[str, object] = handler(self)
        if not data.get("edited", True):
            del data["edited"]
        # Likewise a debrief without teacher goals.
        if data.get("teacher_goal", 0) is None:
            del data["teacher_goal"]
        if not data.get("closed_goals", True):
            del data["closed_goals"]
        return data

    def answer(self, stage: Stage) -> Answer:
        """The answer at a stage (empty if none yet)."""
        return self.answers.get(stage, Answer())

    def missing(self) -> list[str]:
        """What a finished debrief usually has and this one lacks, as the coach says it."""
        gaps = {
            "praise": self.answer(Stage.NEXT_STEP).text,
            "action step": self.step.text,
            "goal": self.goal.when and self.goal.how,
            "follow-up date": self.follow_up,
        }
        return [name for name, there in gaps.items() if not there]
