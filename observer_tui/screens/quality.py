"""The quality of coaching in the app: per coach and week, what the debriefs held, and the
teachers with stacked steps."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Label, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.stats import format_quality, quality_stats
from observer_tui.core.walks import load_walks, walk_figures, with_walk_figures
from observer_tui.screens.base import FiguresScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.shown import one_line


class QualityScreen(FiguresScreen):
    """The same figures as `observer-tui stats --quality`, narrowed by coach and start date."""

    def __init__(self, coach: str = "", since: str = "") -> None:
        super().__init__()
        self._start = (coach, since)

    def compose(self) -> ComposeResult:
        yield Static(Text("Quality of coaching", style="bold"), classes="screen-title")
        with Horizontal(id="stats-filters"):
            yield Label("Coach")
            yield SafeInput(
                self._start[0],
                placeholder="all",
                id="quality-coach",
                compact=True,
            )
            yield Label("Since")
            yield SafeInput(
                self._start[1],
                placeholder="YYYY-MM-DD",
                id="quality-since",
                compact=True,
            )
        yield Static(id="quality-error", classes="error")
        with VerticalScroll(id="quality-view"):
            yield Static(id="quality-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#quality-coach", Input).focus()
        self._recount()

    def _recount(self) -> None:
        self._asked += 1
        coach = self.query_one("#quality-coach", Input).value
        since = self.query_one("#quality-since", Input).value
        try:
            start = date.fromisoformat(since.strip()) if since.strip() else None
        except ValueError:
            problem = "Since: give a date as YYYY-MM-DD, e.g. 2026-09-01"
            self.query_one("#quality-error", Static).update(Text(one_line(str(problem))))
            return
        self.query_one("#quality-error", Static).update("")
        self._count(self._asked, coach.strip() or None, start)

    @work(thread=True, exit_on_error=False, group="quality")
    def _count(self, asked: int, coach: str | None, since: date | None) -> None:
        index = self.workspace.index
        output = format_quality(quality_stats(index, since=since, coach=coach), "table")
        walks, _ = load_walks(self.workspace.data.walks)
        text = Text(with_walk_figures(output, walk_figures(index, walks, coach=coach), "table"))
        self.app.call_from_thread(self._show, asked, text, index.coaches())

    def _show(self, asked: int, text: Text, coaches: list[str]) -> None:
        if asked == self._asked:
            self.query_one("#quality-text", Static).update(text)
            self.query_one("#quality-coach", Input).suggester = SuggestFromList(
                coaches, case_sensitive=False
            )

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "quality", Command("escape", action(action_back), "Back", "Back to the figures")
    )
    BINDINGS = bindings(ACTIONS)
