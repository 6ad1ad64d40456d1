"""Checking what the coach asked for before an observation starts (from the form or the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field

from observer_tui.core.index import SessionSummary
from observer_tui.core.profiles import Profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import PreviousStep


@dataclass
class ObservationPlan:
    """A checked request for a new observation."""

    teacher: str
    context: str
    rubric: Rubric
    focus: list[str] = field(default_factory=list)
    """Codes as the rubric spells them."""
    minutes: int = 15
    profile: Profile | None = None
    """The school the drop-in is at, if the coach picked one."""
    previous: PreviousStep | None = None
    """The teacher's last agreed step, to follow up."""


def check_focus(rubric: Rubric, codes: list[str]) -> list[str]:
    """The codes as the rubric spells them; ValueError names an unknown code or too many."""
    found: list[str] = []
    for code in codes:
        element = rubric.find(code.lstrip("#"))
        if element is None:
            raise ValueError(f"focus: no element '{code}' in {rubric.name} ({rubric.id})")
        if element.code not in found:
            found.append(element.code)
    if len(found) > 2:
        raise ValueError("focus: choose one or two elements")
    return found


def check_minutes(minutes: int | str | None, rubric: Rubric, profile: Profile | None = None) -> int:
    """The planned length: what was given, else the school's or rubric's default; 1-240."""
    if minutes is None or minutes == "":
        return profile.minutes(rubric) if profile else rubric.observation.duration_minutes
    try:
        value = int(minutes)
    except ValueError:
        raise ValueError(f"minutes: '{minutes}' is not a whole number") from None
    if not 1 <= value <= 240:
        raise ValueError("minutes: choose between 1 and 240")
    return value


def remembered_profile(sessions: list[SessionSummary], teacher: str) -> str:
    """The profile of the teacher's latest drop-in (sessions newest first), or ''."""
    for session in sessions:
        if session.is_teacher(teacher) and session.profile:
            return session.profile
    return ""


def previous_step(sessions: list[SessionSummary], teacher: str) -> PreviousStep | None:
    """The step agreed at the teacher's latest debrief that has one (sessions newest first)."""
    for session in sessions:
        if session.is_teacher(teacher) and session.step:
            return PreviousStep(
                session_id=session.id,
                at=session.started_at,
                step=session.step,
                element=session.step_element,
                goal=session.goal,
                follow_up=session.follow_up,
            )
    return None
