"""Checking what the coach asked for before an observation starts (from the form or the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from observer_tui.core.debrief import TeacherGoal
    from observer_tui.core.index import SessionSummary
    from observer_tui.core.profiles import Profile, ProfileEntry
    from observer_tui.core.rubric import Rubric
    from observer_tui.core.rubrics import RubricLibrary
    from observer_tui.core.session import Cadence, PreviousStep

MAX_MINUTES = 240


@dataclass(frozen=True)
class ObserveRequest:
    """What `observer-tui observe` was given, before the rubrics are read."""

    teacher: str = ""
    class_name: str = ""
    rubric: str | None = None
    minutes: int | None = None
    focus: tuple[str, ...] = ()
    profile: str | None = None
    asked: str = ""
    """What the teacher asked the coach to look at (the check-in)."""


@dataclass(frozen=True)
class WalkRequest:
    """What `observer-tui walk` was given: the app opens on the walk screen."""

    coach: str | None = None
    profile: str | None = None
    names: tuple[str, ...] = ()


@dataclass
class ObservationPlan:
    """A checked request for a new observation."""

    teacher: str
    class_name: str
    rubric: Rubric
    focus: list[str] = field(default_factory=list)
    """Codes as the rubric spells them."""
    minutes: int = 15
    profile: Profile | None = None
    """The school the drop-in is at, if the coach picked one."""
    previous: PreviousStep | None = None
    """The teacher's last agreed step, to follow up."""
    cadence: Cadence | None = None
    """How often the teacher is seen; None: as their last drop-in said."""
    goal: TeacherGoal | None = None
    """The teacher's active goal over weeks, carried into the new session."""
    asked: str = ""
    """What the teacher asked the coach to look at (the check-in)."""


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
    return parse_minutes(minutes)


def parse_minutes(minutes: int | str) -> int:
    """A planned length as given; ValueError unless a whole number from 1 to 240."""
    try:
        value = int(minutes)
    except ValueError:
        raise ValueError(f"minutes: '{minutes}' is not a whole number") from None
    if not 1 <= value <= MAX_MINUTES:
        raise ValueError(f"minutes: choose between 1 and {MAX_MINUTES}")
    return value


def plan_observation(
    request: ObserveRequest,
    library: RubricLibrary,
    profiles: list[ProfileEntry],
    known: list[SessionSummary],
) -> tuple[ObservationPlan, list[str]]:
    """The drop-in `observe` asks for, and one line for each part of the ask left out.

    What is not given comes from the teacher's past sessions (`known`, newest first): the
    school of their last drop-in, the element of their last agreed step as focus, and the
    name as those sessions spell it. A profile, rubric or focus code that does not exist is
    left out with a line saying so: the coach is already typing in the lesson.
    """
    warnings: list[str] = []
    usable = {e.profile.id: e.profile for e in profiles if e.profile is not None}
    profile = None
    if request.profile:
        profile = usable.get(request.profile)
        if profile is None:
            warnings.append(
                f"No usable profile '{request.profile}' (have: {', '.join(sorted(usable))}); "
                "started without one."
            )
    elif not request.rubric:
        profile = usable.get(remembered_profile(known, request.teacher))
    rubric_id = request.rubric or (profile.rubric if profile else None)
    rubric = library.get(rubric_id) if rubric_id else None
    if rubric is None:
        rubric = library.default()
        if rubric_id:
            warnings.append(
                f"No rubric '{rubric_id}' (have: {', '.join(sorted(library.rubrics))}); "
                f"using {rubric.name}."
            )
    previous = previous_step(known, request.teacher)
    focus = list(request.focus)
    if not focus and previous and previous.element and rubric.find(previous.element):
        focus = [previous.element]
    try:
        focus = check_focus(rubric, focus)
    except ValueError as error:
        warnings.append(f"{error}; started without a focus.")
        focus = []
    # The name as past sessions spell it, so 'jane doe' files with 'Jane Doe'.
    teacher = next((s.teacher for s in known if s.is_teacher(request.teacher)), request.teacher)
    minutes = check_minutes(request.minutes, rubric, profile)
    plan = ObservationPlan(
        teacher.strip(),
        request.class_name,
        rubric,
        focus,
        minutes,
        profile,
        previous,
        asked=" ".join(request.asked.split()),
    )
    plan.goal = carried_goal(known, request.teacher)
    return plan, warnings


def carried_goal(sessions: list[SessionSummary], teacher: str) -> TeacherGoal | None:
    """The teacher's active goal as their newest session holds it, to carry over."""
    from observer_tui.core.goals import current_goal

    mark = current_goal(sessions, teacher)
    return mark.as_goal() if mark is not None else None


def remembered_profile(sessions: list[SessionSummary], teacher: str) -> str:
    """The profile of the teacher's latest drop-in (sessions newest first), or ''."""
    for session in sessions:
        if session.is_teacher(teacher) and session.profile:
            return session.profile
    return ""


def previous_step(sessions: list[SessionSummary], teacher: str) -> PreviousStep | None:
    """The step agreed at the teacher's latest debrief that has one (sessions newest first)."""
    # Imported here: `observe` imports this module before the models load (bench/startup.py).
    from observer_tui.core.session import PreviousStep

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
