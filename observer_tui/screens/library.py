"""The session library: every session, newest first, filtered as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from observer_tui.commands import Command, bindings
from observer_tui.core.exports import export
from observer_tui.core.index import SessionSummary, filter_sessions
from observer_tui.core.locations import private_folder
from observer_tui.core.observation import clock_text
from observer_tui.core.storage import read_session, write_atomic
from observer_tui.messages import ResumeRequested
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.stats import StatsScreen
from observer_tui.screens.teacher import TeacherScreen

if TYPE_CHECKING:
    from observer_tui.app import ObserverApp

COLUMNS = (
    ("Date", 9),
    ("Teacher", 13),
    ("Class", 9),
    ("Rubric", 12),
    ("Time", 9),
    ("Notes", 5),
    ("Debrief", 7),
)
"""Headings and widths: with DataTable's padding and a scroll bar, 80 cells."""
WIDTHS = dict(COLUMNS)


def fit(text: str, width: int) -> str:
    """Text cut to a width with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


DEBRIEF = {"not_started": "to do", "in_progress": "started", "complete": "done"}


def row(summary: SessionSummary) -> tuple[str | Text, ...]:
    """One session as a table row."""
    time = (
        Text("observing", style="yellow")
        if summary.status == "observing"
        else clock_text(summary.observed_seconds)
    )
    return (
        summary.started_at.astimezone().strftime("%d %b %y"),
        fit(summary.teacher or "-", WIDTHS["Teacher"]),
        fit(summary.context or "-", WIDTHS["Class"]),
        fit(summary.rubric, WIDTHS["Rubric"]),
        time,
        str(summary.notes).rjust(5),
        DEBRIEF[summary.debrief],
    )


class LibraryScreen(Screen[None]):
    """Type to filter; Enter opens a session where it left off."""

    ACTIONS = (
        Command("enter", "open", "Open", "Resume, debrief or read the highlighted session"),
        Command(
            "f3", "teacher", "Teacher", "The highlighted teacher's steps and sessions over time"
        ),
        Command("f4", "export", "Export", "Export the highlighted session as Markdown"),
        Command("f5", "stats", "Stats", "Drop-ins and debriefs per coach and week"),
        Command("f8", "delete", "Delete", "Move the highlighted session to the trash"),
        Command("f1", "help", "Help", "Show every key"),
        Command("escape", "back", "Back", "Back to the start screen"),
    )
    BINDINGS = [
        *bindings(ACTIONS),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[SessionSummary] = []
        self._filter_timer: Timer | None = None

    @property
    def observer(self) -> ObserverApp:
        return cast("ObserverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(Text("Sessions", style="bold"), id="library-title", classes="screen-title")
        yield Input(
            placeholder="type to filter: teacher, class, #tag or any word",
            id="filter",
            compact=True,
        )
        table: DataTable[str | Text] = DataTable(
            id="sessions", cursor_type="row", zebra_stripes=True
        )
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.observer, "sessions", self._show)
        self.query_one("#filter", Input).focus()

    def _show(self) -> None:
        query = self.query_one("#filter", Input).value
        sessions = self.observer.sessions
        self._shown = filter_sessions(sessions, query) if query.strip() else list(sessions)
        table = self.query_one("#sessions", DataTable)
        table.clear()
        table.add_rows(row(summary) for summary in self._shown)
        count = len(self._shown)
        title = (
            f"Sessions: {count}"
            if count == len(sessions)
            else f"Sessions: {count} of {len(sessions)}"
        )
        self.query_one("#library-title", Static).update(Text(title, style="bold"))

    @on(Input.Changed, "#filter")
    def _filter_later(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.15, self._show)

    @on(Input.Submitted, "#filter")
    @on(DataTable.RowSelected, "#sessions")
    def action_open(self) -> None:
        summary = self._highlighted()
        if summary is not None:
            self.post_message(ResumeRequested(summary.id))

    def _highlighted(self) -> SessionSummary | None:
        row_index = self.query_one("#sessions", DataTable).cursor_row
        return self._shown[row_index] if 0 <= row_index < len(self._shown) else None

    def action_move(self, rows: int) -> None:
        """Up and down move through the sessions while typing in the filter."""
        table = self.query_one("#sessions", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + rows))

    def action_teacher(self) -> None:
        summary = self._highlighted()
        if summary is not None:
            today = self.observer.clock.now().date()
            self.app.push_screen(TeacherScreen(summary.teacher, today))

    def action_stats(self) -> None:
        self.app.push_screen(StatsScreen(self.observer.clock.now().date()))

    def action_export(self) -> None:
        summary = self._highlighted()
        if summary is not None:
            self._export(summary)

    @work(thread=True, exit_on_error=False)
    def _export(self, summary: SessionSummary) -> None:
        app = self.observer
        folder = app.data.root / "exports"
        path = folder / f"{summary.id}.md"
        try:
            session = read_session(app.data.sessions / summary.file)
            private_folder(folder)
            write_atomic(path, export(session, "md").encode())
        except (ValueError, OSError) as error:
            app.call_from_thread(
                app.notify, f"Could not export: {error}", severity="error", markup=False
            )
            return
        app.call_from_thread(app.notify, f"Exported to {path}", markup=False)

    @work
    async def action_delete(self) -> None:
        summary = self._highlighted()
        if summary is None:
            return
        who = summary.teacher or "an unnamed teacher"
        started = summary.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
        question = (
            f"Move the session with {who} on {started} ({summary.notes} notes) to the trash "
            f"folder? It is kept there, in {self.observer.data.trash}."
        )
        if await self.app.push_screen_wait(ConfirmScreen("Delete session", question, "Delete")):
            self.observer.delete_session(summary)

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                "Sessions",
                self.ACTIONS,
                [("↑ ↓", "Move through the sessions, even while typing a filter")],
            )
        )

    def action_back(self) -> None:
        self.app.pop_screen()
