"""The base of every screen that reads the data folder: its workspace, and what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from observer_tui.core.workspace import Indexed, Indexing, Saved
from observer_tui.house import workspace_of
from observer_tui.messages import WorkspaceChanged

if TYPE_CHECKING:
    from observer_tui.core.session import Session
    from observer_tui.core.storage import SaveResult
    from observer_tui.core.workspace import Change, Workspace

Result = TypeVar("Result")


class HouseScreen(Screen[Result]):
    """A screen of the app. A change to the data folder reaches `folder_changed` while the
    screen is on top; a hidden screen catches up once, when it is shown again. Saves always
    reach `saved`, so a save indicator under a dialog stays true. Of the refreshes, only the
    first of the run is passed on (it ends "checking the folder…"); what later ones find
    comes as `SessionsChanged`."""

    def __init__(self) -> None:
        super().__init__()
        self._behind = False
        """Whether the folder changed while the screen was hidden."""

    @property
    def workspace(self) -> Workspace:
        """The data folder."""
        return workspace_of(self)

    @on(WorkspaceChanged)
    def _workspace_changed(self, message: WorkspaceChanged) -> None:
        change = message.change
        if isinstance(change, Saved):
            self.saved(change.result)
        elif isinstance(change, Indexed) and not change.first:
            return  # a later refresh's news comes as SessionsChanged; this one adds none
        elif self.is_current:
            self.folder_changed(change)
        else:
            self._behind = True

    def on_screen_resume(self) -> None:
        if self._behind:
            self._behind = False
            self.folder_changed(None)

    def saved(self, result: SaveResult) -> None:
        """The writer reports a save (of any session)."""

    def folder_changed(self, change: Change | None) -> None:
        """Something in the data folder changed (None: several things, while hidden)."""

    @work(thread=True, exclusive=True, group="take-in", exit_on_error=False)
    def take_in(self, session_id: str) -> None:
        """Another laptop saved the session this screen shows: read its file off the event
        loop, then `adopt` it."""
        try:
            session = self.workspace.read_file(session_id)
        except (OSError, ValueError):
            return  # the next save says what is wrong with it, and never replaces it
        self.app.call_from_thread(self.adopt, session)

    def adopt(self, session: Session) -> None:
        """Take in another version of the session this screen shows (see `take_in`)."""


class FiguresScreen(HouseScreen[None]):
    """Figures its fields narrow (stats, quality, droughts): counted again when the folder
    changes, and a moment after the coach stops typing in a field."""

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._asked = 0
        """Counts the countings asked for: a slower, older one never shows over a newer."""

    def folder_changed(self, change: Change | None) -> None:
        if not isinstance(change, Indexing):
            self._recount()

    @on(Input.Changed)
    def _recount_later(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self._recount)

    def _recount(self) -> None:
        """Count the figures again, for what the fields say now."""
        raise NotImplementedError
