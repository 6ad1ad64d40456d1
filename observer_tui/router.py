"""Where a session opens and what 'home' is: decided here, and nowhere else.

A session opens where it left off: observing on the observation screen, ended on the
debrief, debriefed on the summary. Screens never open each other's main screens; they post
`OpenSession`, `ShowSession` or `GoHome` (observer_tui/messages.py) and the app asks the
router. The screens are imported where they are first opened: `observe` starts without
them (bench/startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from observer_tui.core.session import Session
    from observer_tui.core.workspace import Workspace


class Router:
    """Opens sessions on the right screen, and goes home."""

    def __init__(self, app: App[None], workspace: Workspace) -> None:
        self.app = app
        self.workspace = workspace

    def screen_for(self, session: Session) -> Screen[None]:
        """The screen where the session left off."""
        from observer_tui.core.debriefing import Debriefing
        from observer_tui.core.observation import Observation
        from observer_tui.screens.debrief import DebriefScreen
        from observer_tui.screens.observation import ObservationScreen
        from observer_tui.screens.summary import SummaryScreen

        library = self.workspace.rubrics
        clock = self.workspace.clock
        if session.debrief.status == "complete":
            return SummaryScreen(session)
        change = library.change_since(session.rubric.id, session.rubric.version)
        if change:
            self.app.notify(change, title="Rubric", severity="warning", markup=False, timeout=8)
        rubric = library.get(session.rubric.id)
        if session.status == "observed":
            return DebriefScreen(Debriefing(session, clock), rubric)
        if rubric is None:
            rubric = library.default()
            self.app.notify(f"New tags come from {rubric.name}.", severity="warning", markup=False)
        return ObservationScreen(Observation(session, rubric, clock))

    def open(self, session: Session) -> None:
        """Open the session above the screen the coach is on; Escape comes back home."""
        self.app.push_screen(self.screen_for(session))

    def show(self, session: Session) -> None:
        """Show the session where it now is, in place of the current screen."""
        self.app.switch_screen(self.screen_for(session))

    def home(self) -> None:
        """Close every screen above the one the session was opened from: the search results
        (their words and highlighted line as they were), a teacher view, else the session
        list (opened, if `observe` skipped it)."""
        from observer_tui.screens.library import LibraryScreen
        from observer_tui.screens.search import SearchScreen
        from observer_tui.screens.teacher import TeacherScreen

        stack = self.app.screen_stack
        lists = (LibraryScreen, SearchScreen, TeacherScreen)
        homes = [i for i, screen in enumerate(stack) if isinstance(screen, lists)]
        if not homes:
            self.app.switch_screen(LibraryScreen())
            return
        for _ in range(len(stack) - 1 - homes[-1]):
            self.app.pop_screen()
