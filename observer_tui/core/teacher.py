"""One teacher over time: the steps agreed and followed up, and the elements noted most."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from observer_tui.core.goals import GoalStory, goal_stories
from observer_tui.core.index import SessionIndex, SessionSummary
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.visit import Names

FollowUp = Literal["done", "waiting", "missed"]
"""How a step's follow-up stands: talked about at a later drop-in; not followed up yet;
the follow-up date passed with no drop-in, or a drop-in followed it up without a word."""


@dataclass(frozen=True)
class StepLine:
    """A step agreed at one debrief, and what the next drop-in found."""

    agreed: date
    step: str
    element: str | None
    goal: str
    review: str | None
    """How it went, from the drop-in that followed it up; None if none has yet."""
    follow_up: date | None = None
    """When the next drop-in was planned, if a date was set."""
    goal_id: str | None = None
    """The teacher's goal (over weeks) the step belongs to, if any (core/goals.py)."""

    def follow_up_state(self, today: date) -> FollowUp:
        """Where the follow-up stands on `today`."""
        if self.review is not None:
            return "done" if self.review.strip() else "missed"
        if self.follow_up is not None and self.follow_up < today:
            return "missed"
        return "waiting"


@dataclass(frozen=True)
class TeacherHistory:
    teacher: str
    sessions: list[SessionSummary]
    """Newest first."""
    steps: list[StepLine]
    """Newest first."""
    strengths: list[tuple[str, int]]
    """Codes most often tagged on strength notes, most first."""
    growth: list[tuple[str, int]]
    """Codes most often tagged on growth-area notes, most first."""
    days_since: int | None
    """Days since the latest drop-in, None if never seen."""
    goals: list[GoalStory] = field(default_factory=list)
    """The teacher's goals, the most recently worked on first."""


def teacher_history(
    summaries: list[SessionSummary], teacher: str, today: date, top: int = 3
) -> TeacherHistory:
    """Everything the teacher view shows, from the summaries (newest first)."""
    sessions = [s for s in summaries if s.is_teacher(teacher)]
    reviews = {s.follows: s.step_review for s in sessions if s.follows}
    steps = [
        StepLine(
            s.started_at.date(),
            s.step,
            s.step_element,
            s.goal,
            reviews.get(s.id),
            date.fromisoformat(s.follow_up) if s.follow_up else None,
            s.teacher_goal.id if s.teacher_goal else None,
        )
        for s in sessions
        if s.step
    ]
    strengths = Counter(code for s in sessions for code in s.strengths)
    growth = Counter(code for s in sessions for code in s.growth)
    days = (today - sessions[0].started_at.date()).days if sessions else None
    return TeacherHistory(
        teacher.strip(),
        sessions,
        steps,
        strengths.most_common(top),
        growth.most_common(top),
        days,
        goal_stories(sessions, teacher),
    )


def indexed_teacher_history(
    index: SessionIndex, teacher: str, today: date, top: int = 3
) -> TeacherHistory:
    """The teacher view's figures from the index: only that teacher's rows are read."""
    return teacher_history(index.teacher(teacher), teacher, today, top)


@dataclass(frozen=True)
class ElementHeat:
    """Notes tagged with each element, drop-in by drop-in: the teacher view's heat strip."""

    days: tuple[date, ...]
    """The drop-ins' days, oldest first: one column each."""
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    """(element code, notes tagged with it in each drop-in, in `days`' order), the most
    noted element first."""


def element_heat(sessions: Sequence[Session], top: int = 6, last: int = 16) -> ElementHeat:
    """The `top` elements noted most across the newest `last` drop-ins (given in any order),
    and how many notes each drop-in tagged with them."""
    chosen = sorted(sessions, key=lambda s: s.started_at)[-last:]
    counts = [Counter(tag for note in s.notes for tag in note.tags) for s in chosen]
    total: Counter[str] = Counter()
    for count in counts:
        total.update(count)
    # Ties go to the code, so the rows keep their order from one look to the next.
    codes = sorted(total, key=lambda code: (-total[code], code))[:top]
    return ElementHeat(
        tuple(s.started_at.date() for s in chosen),
        tuple((code, tuple(count[code] for count in counts)) for code in codes),
    )


def element_names(
    sessions: Sequence[Session], rubric_of: Callable[[str], Rubric | None]
) -> dict[str, str]:
    """'CFU' -> 'CFU Checks for understanding' for every code the sessions tagged, focused
    on or agreed a step on: named as the newest session that knows the name says."""
    names: dict[str, str] = {}
    rubrics: dict[str, Rubric | None] = {}
    for session in sorted(sessions, key=lambda s: s.started_at, reverse=True):
        ref = session.rubric.id
        if ref not in rubrics:
            rubrics[ref] = rubric_of(ref)
        known = Names(session, rubrics[ref])
        codes = {t for n in session.notes for t in n.tags} | set(session.elements)
        if session.debrief.step.element:
            codes.add(session.debrief.step.element)
        for code in codes - names.keys():
            if (name := known.element(code)) != code:
                names[code] = name
    return names
