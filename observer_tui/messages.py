"""Messages between the screens and the app.

Screens post the first four up to the app, which saves, routes and opens (see
observer_tui/router.py). The app posts `WorkspaceChanged` down to every open screen; a
screen that is not on top only notes that it must refresh when it is shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from observer_tui.core.requests import ObservationPlan
    from observer_tui.core.session import Session
    from observer_tui.core.workspace import Change


@dataclass
class SessionChanged(Message):
    """A session changed: the app saves it off the event loop."""

    session: Session
    """The new value (values never change, so the writer can hold it)."""
    revision: int
    """Counts changes to this session; saves report the revision they made durable."""


@dataclass
class ObservationRequested(Message):
    """The coach asked to start a new observation."""

    plan: ObservationPlan
    """Who, which rubric, focus and length, already checked."""


@dataclass
class OpenSession(Message):
    """Open a session where it left off: observation, debrief or summary."""

    session_id: str


@dataclass
class ShowSession(Message):
    """A session moved on (observation ended, debrief finished): show it where it now is,
    in place of the screen that posts this."""

    session: Session


class GoHome(Message):
    """Back to the session list (or the search results the session was opened from),
    closing every screen above it."""


@dataclass
class WorkspaceChanged(Message, bubble=False):
    """Something in the data folder changed (sent down to screens, never up)."""

    change: Change
