"""Teachers with agreed steps, for the learning-walk tests (unit and app alike)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from observer_tui.core.debrief import ActionStep
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import PreviousStep, Session
from observer_tui.core.storage import SessionStore
from tests.conftest import drop_in


def agreed(
    folder: Path,
    teach: Rubric,
    at: datetime,
    teacher: str,
    step: str,
    *,
    coach: str = "Sam",
    element: str | None = "CFU",
    profile: str = "",
    follows: Session | None = None,
) -> Session:
    """A drop-in with `teacher` at `at`, debriefed, agreeing `step` (following up `follows`)."""
    scratch = folder.parent / "scratch"
    session = drop_in(scratch, teach, at=at, teacher=teacher, coach=coach, debrief_hours=1)
    debrief = session.debrief.model_copy(update={"step": ActionStep(text=step, element=element)})
    previous = (
        PreviousStep(session_id=follows.id, at=follows.started_at, step=follows.debrief.step.text)
        if follows is not None
        else None
    )
    session = session.model_copy(
        update={"debrief": debrief, "previous": previous, "profile": profile}
    )
    SessionStore(folder).save(session)
    return session
