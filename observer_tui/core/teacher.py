"""One teacher over time: the steps agreed and followed up, and the elements noted most."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from observer_tui.core.index import SessionIndex, SessionSummary


@dataclass(frozen=True)
class StepLine:
    """A step agreed at one debrief, and what the next drop-in found."""

    agreed: date
    step: str
    element: str | None
    goal: str
    review: str | None
    """How it went, from the drop-in that followed it up; None if none has yet."""


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


def teacher_history(
    summaries: list[SessionSummary], teacher: str, today: date, top: int = 3
) -> TeacherHistory:
    """Everything the teacher view shows, from the summaries (newest first)."""
    sessions = [s for s in summaries if s.is_teacher(teacher)]
    reviews = {s.follows: s.step_review for s in sessions if s.follows}
    steps = [
        StepLine(s.started_at.date(), s.step, s.step_element, s.goal, reviews.get(s.id))
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
    )


def indexed_teacher_history(
    index: SessionIndex, teacher: str, today: date, top: int = 3
) -> TeacherHistory:
    """The teacher view's figures from the index: only that teacher's rows are read."""
    return teacher_history(index.teacher(teacher), teacher, today, top)
