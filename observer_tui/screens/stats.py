"""Completion figures in the app: drop-ins and debriefs per coach and week, teachers not seen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from observer_tui.commands import Command, bindings
from observer_tui.core.stats import completion_stats, format_stats

if TYPE_CHECKING:
    from observer_tui.app import ObserverApp


class StatsScreen(Screen[None]):
    """The same figures as `observer-tui stats`, for every coach in the data folder."""

    ACTIONS = (Command("escape,q", "back", "Back", "Back to the session list"),)
    BINDINGS = bindings(ACTIONS)

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(Text("Drop-ins and debriefs", style="bold"), classes="screen-title")
        with VerticalScroll(id="stats-view"):
            yield Static(id="stats-text")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(cast("ObserverApp", self.app), "sessions", self._show)
        self.query_one("#stats-view").focus()

    def _show(self) -> None:
        stats = completion_stats(cast("ObserverApp", self.app).sessions, today=self.today)
        self.query_one("#stats-text", Static).update(Text(format_stats(stats, "table")))

    def action_back(self) -> None:
        self.app.pop_screen()
