"""Completion figures in the app: drop-ins and debriefs per coach and week, teachers not seen."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Label, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.numbers import whole_number
from observer_tui.core.stats import completion_stats, format_stats, weekly_completion
from observer_tui.screens.base import FiguresScreen
from observer_tui.screens.droughts import DroughtsScreen
from observer_tui.screens.quality import QualityScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.pictures import completion_bars
from observer_tui.widgets.shown import one_line

FIELDS = ("coach", "since", "days")


def stats_filters(coach: str, since: str, days: str) -> tuple[str | None, date | None, int]:
    """The three filter fields, checked; ValueError says which one is wrong and how."""
    try:
        start = date.fromisoformat(since.strip()) if since.strip() else None
    except ValueError:
        raise ValueError("Since: give a date as YYYY-MM-DD, e.g. 2026-09-01") from None
    if not days.strip():
        return coach.strip() or None, start, 21
    number = whole_number(days)
    if number is None or number < 1:
        raise ValueError("Not seen: give a number of days, e.g. 21")
    return coach.strip() or None, start, number


class StatsScreen(FiguresScreen):
    """The same figures as `observer-tui stats`, narrowed by coach, start date and days."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(Text("Drop-ins and debriefs", style="bold"), classes="screen-title")
        with Horizontal(id="stats-filters"):
            yield Label("Coach")
            yield SafeInput(placeholder="all", id="stats-coach", compact=True)
            yield Label("Since")
            yield SafeInput(placeholder="YYYY-MM-DD", id="stats-since", compact=True)
            yield Label("Not seen")
            yield SafeInput(
                placeholder="21",
                id="stats-days",
                type="integer",
                compact=True,
            )
            yield Label("days")
        yield Static(id="stats-error", classes="error")
        with VerticalScroll(id="stats-view"):
            yield Static(id="stats-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-coach", Input).focus()
        self._recount()

    def _recount(self) -> None:
        self._asked += 1
        fields = [self.query_one(f"#stats-{name}", Input).value for name in FIELDS]
        try:
            coach, since, days = stats_filters(*fields)
        except ValueError as problem:
            self.query_one("#stats-error", Static).update(Text(one_line(str(problem))))
            return
        self.query_one("#stats-error", Static).update("")
        self._count(self._asked, coach, since, days)

    @work(thread=True, exit_on_error=False, group="stats")
    def _count(self, asked: int, coach: str | None, since: date | None, days: int) -> None:
        index = self.workspace.index
        stats = completion_stats(index, today=self.today, since=since, coach=coach, days=days)
        coaches = index.coaches()
        weeks = weekly_completion(stats)
        table = Text(format_stats(stats, "table"))
        if weeks:
            title = Text("Debriefed, week by week", style="bold underline")
            figures = Group(title, completion_bars(weeks), Text(""), table)
        else:
            figures = Group(table)
        self.app.call_from_thread(self._show, asked, figures, coaches)

    def _show(self, asked: int, figures: Group, coaches: list[str]) -> None:
        if asked == self._asked:
            self.query_one("#stats-text", Static).update(figures)
            self.query_one("#stats-coach", Input).suggester = SuggestFromList(
                coaches, case_sensitive=False
            )

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_quality(self) -> None:
        coach, since = (self.query_one(f"#stats-{name}", Input).value for name in FIELDS[:2])
        self.app.push_screen(QualityScreen(coach, since))

    def action_droughts(self) -> None:
        self.app.push_screen(DroughtsScreen(self.today))

    ACTIONS = screen_commands(
        "stats",
        Command(
            "ctrl+o,f3",
            action(action_quality),
            "Quality",
            "Praise, models, rehearsal, goals and follow-ups per coach and week; stacked steps",
        ),
        Command(
            "ctrl+l,f4",
            action(action_droughts),
            "Droughts",
            "Every teacher week by week: who was seen, the longest gap first",
        ),
        Command("escape", action(action_back), "Back", "Back to the session list"),
    )
    BINDINGS = bindings(ACTIONS)
