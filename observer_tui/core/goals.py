"""A teacher's goals over weeks, derived from their sessions: no file of its own.

A goal lives in the sessions that set and continue it (`Debrief.teacher_goal`, and
`Debrief.closed_goals` for one marked achieved or dropped before a new one was set), each
holding it as it stood in that session. So two laptops never edit one shared file:

- a goal's identity is its id, minted when it is set and copied into each later session
  that continues it;
- its current title, elements and state are those of the newest session (by start time)
  that holds it;
- the teacher's current goal is the one the newest session saying anything about goals
  holds, if it is still active: when two coaches' sessions disagree, the newer drop-in wins.
  A session that says nothing of goals (an older file, a debrief without one) changes
  nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from observer_tui.core.debrief import TeacherGoal

GOAL_STATES = {"active": "active", "achieved": "achieved", "dropped": "dropped"}
"""A goal's state as the app and the copies say it."""


@dataclass(frozen=True, slots=True)
class GoalMark:
    """A goal as one session holds it: what the index keeps of `TeacherGoal`."""

    id: str
    title: str
    elements: tuple[str, ...] = ()
    state: str = "active"
    """'active', 'achieved' or 'dropped' (a newer version's state as it is written)."""
    set_at: datetime | None = None
    set_in: str = ""
    """The session that set it, if known."""

    @classmethod
    def of(cls, goal: TeacherGoal) -> GoalMark:
        return cls(goal.id, goal.title, tuple(goal.elements), goal.state, goal.set_at, goal.set_in)

    def as_goal(self) -> TeacherGoal:
        """The goal as a new session carries it over."""
        from observer_tui.core.debrief import TeacherGoal

        state = self.state if self.state in GOAL_STATES else "active"
        return TeacherGoal(
            id=self.id,
            title=self.title,
            elements=self.elements,
            state=state,
            set_at=self.set_at,
            set_in=self.set_in,
        )

    def to_row(self) -> list[object]:
        """The mark as the index stores it (JSON)."""
        at = self.set_at.isoformat() if self.set_at else None
        return [self.id, self.title, list(self.elements), self.state, at, self.set_in]

    @classmethod
    def from_row(cls, row: Sequence[object]) -> GoalMark:
        """A mark back from `to_row`'s list (written by the index: no checks)."""
        goal_id, title, elements, state, at, set_in = row
        return cls(
            str(goal_id),
            str(title),
            tuple(str(e) for e in elements) if isinstance(elements, list) else (),
            str(state),
            datetime.fromisoformat(at) if isinstance(at, str) else None,
            str(set_in),
        )


class SessionSummary(Protocol):
    """What goals need of a session's summary (core/index.py's, which imports this)."""

    @property
    def id(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def step(self) -> str: ...
    @property
    def step_element(self) -> str | None: ...
    @property
    def teacher_goal(self) -> GoalMark | None: ...
    @property
    def closed_goals(self) -> tuple[GoalMark, ...]: ...
    def is_teacher(self, name: str) -> bool: ...


@dataclass(frozen=True)
class GoalStep:
    """A step agreed toward a goal, with where its follow-up stands."""

    session_id: str
    agreed: date
    step: str
    element: str | None


@dataclass(frozen=True)
class GoalStory:
    """One goal over the weeks: as it stands now, since when, and the steps toward it."""

    goal: GoalMark
    """As the newest session holding it has it."""
    since: date
    """When it was set (else the first session on this laptop that holds it)."""
    steps: list[GoalStep] = field(default_factory=list)
    """Oldest first."""


def _marks(summary: SessionSummary) -> list[GoalMark]:
    """The goals a session holds: its step's goal, then those it closed."""
    current = [summary.teacher_goal] if summary.teacher_goal is not None else []
    return [*current, *summary.closed_goals]


def _newest_first(summaries: Iterable[SessionSummary], teacher: str) -> list[SessionSummary]:
    mine = [s for s in summaries if s.is_teacher(teacher)]
    return sorted(mine, key=lambda s: (s.started_at, s.id), reverse=True)


def current_goal(
    summaries: Iterable[SessionSummary], teacher: str, before: datetime | None = None
) -> GoalMark | None:
    """The teacher's active goal: the one the newest session that says anything about
    goals holds, if it is active (started before `before`, if given); else None."""
    for summary in _newest_first(summaries, teacher):
        if before is not None and summary.started_at >= before:
            continue
        if summary.teacher_goal is not None:
            return summary.teacher_goal if summary.teacher_goal.state == "active" else None
        if summary.closed_goals:
            return None  # it closed the goal and set no new one
    return None


def goal_stories(summaries: Iterable[SessionSummary], teacher: str) -> list[GoalStory]:
    """Every goal the teacher's sessions hold, the most recently worked on first, each
    with its current state and its steps (a step belongs to its session's goal)."""
    newest = _newest_first(summaries, teacher)
    latest: dict[str, GoalMark] = {}
    first_seen: dict[str, date] = {}
    steps: dict[str, list[GoalStep]] = {}
    for summary in newest:
        for mark in _marks(summary):
            latest.setdefault(mark.id, mark)
            first_seen[mark.id] = summary.started_at.date()  # the oldest is met last
        goal = summary.teacher_goal
        if goal is not None and summary.step:
            steps.setdefault(goal.id, []).append(
                GoalStep(summary.id, summary.started_at.date(), summary.step, summary.step_element)
            )
    stories = []
    for goal_id, mark in latest.items():
        seen = first_seen[goal_id]
        since = min(mark.set_at.date(), seen) if mark.set_at else seen
        stories.append(GoalStory(mark, since, steps.get(goal_id, [])[::-1]))
    return stories


def active_goal(summaries: Sequence[SessionSummary], teacher: str) -> GoalStory | None:
    """The teacher's active goal and its steps so far, for Prepare; None if none."""
    mark = current_goal(summaries, teacher)
    if mark is None:
        return None
    return next((s for s in goal_stories(summaries, teacher) if s.goal.id == mark.id), None)


def goal_line(mark: GoalMark) -> str:
    """'every pupil thinks hard (CFU, FB)' for a heading."""
    codes = f" ({', '.join(mark.elements)})" if mark.elements else ""
    return f"{mark.title or '(untitled goal)'}{codes}"
