"""Completion figures in the app: drop-ins and debriefs per coach and week, teachers not seen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Static

from observer_tui.commands import Command, bindings
from observer_tui.core.legacy_index import SessionSummary
from observer_tui.core.stats import completion_stats_of, format_stats

if TYPE_CHECKING:
    from observer_tui.app import ObserverApp


FIELDS = ("coach", "since", "days")


def stats_filters(coach: str, since: str, days: str) -> tuple[str | None, date | None, int]:
    """The three filter fields, checked; ValueError says which one is wrong and how."""
    try:
        start = date.fromisoformat(since.strip()) if since.strip() else None
    except ValueError:
        raise ValueError("Since: give a date as YYYY-MM-DD, e.g. 2026-09-01") from None
    if not days.strip():
        return coach.strip() or None, start, 21
    if not days.strip().isdigit() or int(days) < 1:
        raise ValueError("Not seen: give a number of days, e.g. 21")
    return coach.strip() or None, start, int(days)


class StatsScreen(Screen[None]):
    """The same figures as `observer-tui stats`, narrowed by coach, start date and days."""

    ACTIONS = (Command("escape", "back", "Back", "Back to the session list"),)
    BINDINGS = bindings(ACTIONS)

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self._timer: Timer | None = None
        self._asked = 0

    @property
    def observer(self) -> ObserverApp:
        return cast("ObserverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(Text("Drop-ins and debriefs", style="bold"), classes="screen-title")
        with Horizontal(id="stats-filters"):
            yield Label("Coach")
            yield Input(placeholder="all", id="stats-coach", compact=True)
            yield Label("Since")
            yield Input(placeholder="YYYY-MM-DD", id="stats-since", compact=True)
            yield Label("Not seen")
            yield Input(placeholder="21", id="stats-days", type="integer", compact=True)
            yield Label("days")
        yield Static(id="stats-error", classes="error")
        with VerticalScroll(id="stats-view"):
            yield Static(id="stats-text")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.observer, "sessions", self._recount)
        self.query_one("#stats-coach", Input).focus()

    @on(Input.Changed)
    def _recount_later(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self._recount)

    def _recount(self) -> None:
        self._asked += 1
        sessions = self.observer.sessions
        coaches = sorted({s.coach for s in sessions if s.coach}, key=str.casefold)
        self.query_one("#stats-coach", Input).suggester = SuggestFromList(
            coaches, case_sensitive=False
        )
        fields = [self.query_one(f"#stats-{name}", Input).value for name in FIELDS]
        try:
            coach, since, days = stats_filters(*fields)
        except ValueError as problem:
            self.query_one("#stats-error", Static).update(Text(str(problem)))
            return
        self.query_one("#stats-error", Static).update("")
        self._count(self._asked, sessions, coach, since, days)

    @work(thread=True, exit_on_error=False)
    def _count(
        self,
        asked: int,
        sessions: list[SessionSummary],
        coach: str | None,
        since: date | None,
        days: int,
    ) -> None:
        stats = completion_stats_of(sessions, today=self.today, since=since, coach=coach, days=days)
        self.app.call_from_thread(self._show, asked, format_stats(stats, "table"))

    def _show(self, asked: int, table: str) -> None:
        if asked == self._asked:
            self.query_one("#stats-text", Static).update(Text(table))

    def action_back(self) -> None:
        self.app.pop_screen()
