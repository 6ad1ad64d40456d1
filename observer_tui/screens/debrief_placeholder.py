"""Where the debrief will be: for now, says the observation is saved and goes back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from observer_tui.core.observation import clock_text
from observer_tui.core.session import Session
from observer_tui.screens.start import StartScreen


class DebriefPlaceholderScreen(Screen[None]):
    """Shown when an observation ends, until the debrief screen exists."""

    BINDINGS = [Binding("enter,escape", "back", "Back to start")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def compose(self) -> ComposeResult:
        session = self._session
        ended = session.ended_at or session.started_at
        observed = clock_text(session.elapsed(ended))
        lines = Text.assemble(
            ("Observation saved\n\n", "bold"),
            f"{session.teacher or '(no teacher)'}",
            f" · {session.context}" if session.context else "",
            f"\n{len(session.notes)} notes, {len(session.snapshots)} snapshots, ",
            f"{observed} observed.\n\n",
            "The debrief (describe, evaluate, analyse, next step) comes here next.\n",
            ("Enter goes back to the start screen.", "dim"),
        )
        with Vertical(classes="dialog"):
            yield Static(lines)
        yield Footer()

    def action_back(self) -> None:
        """Back to the start screen (after `observe`, it is built only now)."""
        if isinstance(self.app.screen_stack[-2], StartScreen):
            self.app.pop_screen()
        else:
            self.app.switch_screen(StartScreen())
