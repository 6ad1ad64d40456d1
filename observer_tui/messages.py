"""Messages screens send up to the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from observer_tui.core.requests import ObservationPlan
    from observer_tui.core.session import Session


@dataclass
class SessionChanged(Message):
    """A session changed: the app saves it off the event loop."""

    session: Session
    """The session as it is now: a frozen value, safe to hand to the writer thread."""
    revision: int
    """Counts changes to this session; saves report the revision they made durable."""


@dataclass
class ObservationRequested(Message):
    """The coach asked to start a new observation."""

    plan: ObservationPlan
    """Who, which rubric, focus and length, already checked."""


@dataclass
class ResumeRequested(Message):
    """The coach asked to open a session where it left off (observing, debrief or summary)."""

    session_id: str
