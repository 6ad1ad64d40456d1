"""The home screen: every session, newest first, filtered as you type."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from observer_tui.commands import Command, bindings
from observer_tui.core.exports import export
from observer_tui.core.legacy_index import SessionSummary, Texts, filter_sessions
from observer_tui.core.locations import private_folder
from observer_tui.core.storage import read_session, write_atomic
from observer_tui.core.timer import clock_text
from observer_tui.messages import ResumeRequested
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.rubrics import RubricsScreen
from observer_tui.screens.search import SearchScreen
from observer_tui.screens.start import StartScreen
from observer_tui.screens.stats import StatsScreen
from observer_tui.screens.table_screen import TableScreen
from observer_tui.screens.teacher import TeacherScreen
from observer_tui.widgets.lazy_table import Cell, Column, LazyTable

if TYPE_CHECKING:
    from observer_tui.app import ObserverApp

COLUMNS = (
    Column("Date", 9),
    Column("Teacher", 13),
    Column("Class", 9),
    Column("Rubric", 12),
    Column("Time", 9),
    Column("Notes", 5, right=True),
    Column("Debrief", 7),
)
"""With one space either side of each cell and a scroll bar, 80 cells."""

DEBRIEF = {"not_started": "to do", "in_progress": "started", "complete": "done"}

NO_SESSIONS = "No sessions yet. F2 starts a drop-in."
NO_MATCH = "No session matches. Escape clears the filter."


def row(summary: SessionSummary) -> list[Cell]:
    """One session as a table row."""
    time = (
        Text("observing", style="yellow")
        if summary.status == "observing"
        else clock_text(summary.observed_seconds)
    )
    return [
        summary.started_at.astimezone().strftime("%d %b %y"),
        summary.teacher or "-",
        summary.context or "-",
        summary.rubric,
        time,
        str(summary.notes),
        DEBRIEF[summary.debrief],
    ]


def go_home(app: App[None]) -> None:
    """Close every screen above the session list (or open it, if `observe` skipped it)."""
    stack = app.screen_stack
    homes = [index for index, screen in enumerate(stack) if isinstance(screen, LibraryScreen)]
    if not homes:
        app.switch_screen(LibraryScreen())
        return
    for _ in range(len(stack) - 1 - homes[-1]):
        app.pop_screen()


class LibraryScreen(TableScreen):
    """Type to filter; Enter opens a session where it left off."""

    ACTIONS = (
        Command("enter", "open", "Open", "Resume, debrief or read the highlighted session"),
        Command("f2,ctrl+n", "new", "New", "Start a new drop-in"),
        Command(
            "f3", "teacher", "Teacher", "The highlighted teacher's steps and sessions over time"
        ),
        Command("f4", "export", "Export", "Export the highlighted session (Markdown)", show=False),
        Command("f5", "stats", "Stats", "Drop-ins and debriefs per coach and week"),
        Command("f6", "rubrics", "Rubrics", "Rubrics and school profiles", show=False),
        Command("f7", "search", "Search", "Find a line in every note, debrief answer and step"),
        Command("f8", "delete", "Delete", "Move the highlighted session to the trash"),
        Command("f1", "help", "Help", "Show every key"),
        Command("escape", "clear", "Clear", "Clear the filter", show=False),
    )
    BINDINGS = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self._filter_timer: Timer | None = None
        self._asked = 0
        """Counts filter requests, so a slow filter never overwrites a newer one."""

    @property
    def observer(self) -> ObserverApp:
        return cast("ObserverApp", self.app)

    @property
    def table(self) -> LazyTable[SessionSummary]:
        return cast("LazyTable[SessionSummary]", self.query_one("#sessions", LazyTable))

    def compose(self) -> ComposeResult:
        yield Static(id="library-title", classes="screen-title")
        yield Input(
            placeholder="type to filter: teacher, class, #tag or any word",
            id="filter",
            compact=True,
        )
        yield LazyTable[SessionSummary](COLUMNS, row, key=lambda s: s.id, id="sessions")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.observer, "sessions", self._refilter)
        self.watch(self.observer, "texts", self._refilter, init=False)
        self.watch(self.observer, "scan_progress", self._refilter, init=False)
        self.query_one("#filter", Input).focus()

    @property
    def _query(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def _refilter(self) -> None:
        self._asked += 1
        sessions = self.observer.sessions
        if not self._query:
            self._display(self._asked, sessions)
            return
        texts = self.observer.texts
        if texts is None:
            self.observer.want_texts()
        self._filter(self._asked, sessions, self._query, texts)

    @work(thread=True, exit_on_error=False)
    def _filter(
        self, asked: int, sessions: list[SessionSummary], query: str, texts: Texts | None
    ) -> None:
        shown = filter_sessions(sessions, query, texts)
        self.app.call_from_thread(self._display, asked, shown, searching=texts is None)

    def _display(
        self, asked: int, shown: Sequence[SessionSummary], *, searching: bool = False
    ) -> None:
        if asked != self._asked:
            return
        total = len(self.observer.sessions)
        if not self.observer.scanned:
            empty = "Reading the sessions folder…"
        else:
            empty = NO_MATCH if total else NO_SESSIONS
        self.table.show(shown, empty=empty)
        progress = self.observer.scan_progress
        if not self.observer.scanned:
            title = "Sessions: reading the folder…"
            if progress is not None:
                title += f" {progress[0]:,} of {progress[1]:,} files"
            elif shown:
                title = f"Sessions: the newest {len(shown):,}, reading the folder…"
        elif len(shown) == total:
            title = f"Sessions: {total:,}"
        else:
            title = f"Sessions: {len(shown):,} of {total:,}"
        if searching:
            title += " · reading notes…"
        self.query_one("#library-title", Static).update(Text(title, style="bold"))

    @on(Input.Changed, "#filter")
    def _filter_later(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.15, self._refilter)

    @on(Input.Submitted, "#filter")
    def action_open(self) -> None:
        summary = self.table.highlighted
        if summary is not None:
            self.post_message(ResumeRequested(summary.id))

    @on(LazyTable.Selected, "#sessions")
    def _open_selected(self, event: LazyTable.Selected) -> None:
        self.post_message(ResumeRequested(cast(SessionSummary, event.item).id))

    def action_clear(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter", Input).focus()

    def action_new(self) -> None:
        self.app.push_screen(StartScreen())

    def action_teacher(self) -> None:
        summary = self.table.highlighted
        if summary is not None:
            today = self.observer.clock.now().date()
            self.app.push_screen(TeacherScreen(summary.teacher, today))

    def action_stats(self) -> None:
        self.app.push_screen(StatsScreen(self.observer.clock.now().date()))

    def action_rubrics(self) -> None:
        self.app.push_screen(RubricsScreen())

    def action_search(self) -> None:
        self.app.push_screen(SearchScreen(self._query))

    def action_export(self) -> None:
        summary = self.table.highlighted
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
        summary = self.table.highlighted
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
                [("↑ ↓ PgUp PgDn", "Move through the sessions, even while typing a filter")],
            )
        )
