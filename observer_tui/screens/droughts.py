"""Droughts in the app: every teacher week by week, coloured by whether they were seen, the
longest gap first."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer
from textual.widgets import Footer, Input, Label, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.files import shortened
from observer_tui.core.numbers import whole_number
from observer_tui.core.stats import Coverage, coverage
from observer_tui.core.visible import visible
from observer_tui.screens.base import FiguresScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.shown import one_line

WEEKS = 12
"""Weeks shown at first: with the names and the gaps, 80 columns."""

MOST_WEEKS = 104

NAME = 18
"""Columns for the teacher's name."""

SEEN = ("black on green3", "black on green1")
"""A week seen once, and more than once."""
NOT_SEEN = "white on red3"


def drought_grid(grid: Coverage) -> Text:
    """The grid as coloured cells, each a week's drop-ins, this week on the right."""
    text = Text()
    text.append("Teacher".ljust(NAME), style="bold")
    for week in grid.weeks:
        text.append(f"{week.split('-')[1]:>3} ", style="bold")
    text.append("Gap\n", style="bold")
    for row in grid.rows:
        name = shortened(visible(row.teacher or "-", one_line=True), NAME - 1)
        text.append(name.ljust(NAME))
        for count in row.seen:
            if count:
                text.append(f"{count:^3}", style=SEEN[count > 1])
            else:
                text.append(" · ", style=NOT_SEEN)
            text.append(" ")
        style = "bold red" if row.weeks_since >= 2 else ""
        text.append(f"{row.longest_gap:>3}\n", style=style)
    text.append("\n")
    text.append(" 1 ", style=SEEN[0])
    text.append(" drop-ins that week  ")
    text.append(" · ", style=NOT_SEEN)
    text.append(" not seen\n")
    text.append("Gap: the most weeks in a row without a drop-in, longest first.", style="italic")
    return text


def weeks_asked(text: str) -> int:
    """The weeks field, checked; ValueError says how to fix it."""
    if not text.strip():
        return WEEKS
    number = whole_number(text)
    if number is None or not 1 <= number <= MOST_WEEKS:
        raise ValueError(f"Weeks: give a number of weeks, 1 to {MOST_WEEKS}, e.g. {WEEKS}")
    return number


class DroughtsScreen(FiguresScreen):
    """The same grid as `observer-tui stats --coverage WEEKS`, in colour."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Droughts: who was seen, week by week", style="bold"), classes="screen-title"
        )
        with Horizontal(id="stats-filters"):
            yield Label("Weeks")
            yield SafeInput(
                placeholder=str(WEEKS),
                id="droughts-weeks",
                type="integer",
                compact=True,
            )
        yield Static(id="droughts-error", classes="error")
        with ScrollableContainer(id="droughts-view"):
            yield Static(id="droughts-grid")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#droughts-weeks", Input).focus()
        self._recount()

    def _recount(self) -> None:
        self._asked += 1
        try:
            weeks = weeks_asked(self.query_one("#droughts-weeks", Input).value)
        except ValueError as problem:
            self.query_one("#droughts-error", Static).update(Text(one_line(str(problem))))
            return
        self.query_one("#droughts-error", Static).update("")
        self._count(self._asked, weeks)

    @work(thread=True, exit_on_error=False, group="droughts")
    def _count(self, asked: int, weeks: int) -> None:
        grid = coverage(self.workspace.index, today=self.today, weeks=weeks)
        shown = drought_grid(grid) if grid.rows else Text("No teachers yet.")
        self.app.call_from_thread(self._show, asked, shown)

    def _show(self, asked: int, shown: Text) -> None:
        if asked == self._asked:
            self.query_one("#droughts-grid", Static).update(shown)

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "droughts", Command("escape", action(action_back), "Back", "Back to the figures")
    )
    BINDINGS = bindings(ACTIONS)
