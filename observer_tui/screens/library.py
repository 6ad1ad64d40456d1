"""The home screen: every session, newest first, filtered as you type."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from observer_tui.commands import Command, action, bindings, key_of, screen_commands, ways_of
from observer_tui.core.agreement import same_lesson
from observer_tui.core.debrief import status_label
from observer_tui.core.exports import save_teacher_copy
from observer_tui.core.index import SessionSummary
from observer_tui.core.numbers import plural
from observer_tui.core.pages import PAGE_SIZE, Pages, as_pages
from observer_tui.core.stats import due_this_week
from observer_tui.core.timer import clock_text
from observer_tui.core.workspace import Change, Indexing
from observer_tui.messages import OpenSession
from observer_tui.screens.agreement import AgreementScreen
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.rubrics import RubricsScreen
from observer_tui.screens.search import SearchScreen
from observer_tui.screens.start import StartScreen
from observer_tui.screens.stats import StatsScreen
from observer_tui.screens.table_screen import TableScreen
from observer_tui.screens.teacher import TeacherScreen
from observer_tui.screens.trash import TrashScreen
from observer_tui.screens.walk import WalkScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.lazy_table import Cell, Column, LazyTable
from observer_tui.widgets.shown import one_line

COLUMNS = (
    Column("Started", 15),
    Column("Teacher", 13, grow=2),
    Column("Class", 8, grow=2),
    Column("Rubric", 7, grow=1),  # most sessions of a school share one: it grows least
    Column("Time", 9),
    Column("Notes", 5, right=True),
    Column("Debrief", 7),
)
"""With one space either side of each cell and a scroll bar, 80 cells."""


NO_SESSIONS = "No sessions yet. Ctrl+N starts a drop-in."
READING = "Reading the sessions folder…"
NO_MATCH = "No session matches. Escape clears the filter."
NONE_DUE = "No teacher is due a drop-in this week. Escape shows every session."
DUE_WORD = "due:"
"""The filter word that lists the teachers due a drop-in this week."""


def due_filter(query: str) -> str | None:
    """The rest of the filter, to narrow the teachers by name, when it asks for the
    teachers due this week ('due:' among its words); None when it does not."""
    words = query.split()
    if DUE_WORD not in (word.casefold() for word in words):
        return None
    return " ".join(word for word in words if word.casefold() != DUE_WORD)


def row(summary: SessionSummary) -> list[Cell]:
    """One session as a table row."""
    time = (
        Text("observing", style="yellow")
        if summary.status == "observing"
        else clock_text(summary.observed_seconds)
    )
    return [
        # The time too: two drop-ins on one day must not look the same.
        summary.started_at.astimezone().strftime("%d %b %y %H:%M"),
        summary.teacher or "-",
        summary.class_name or "-",
        summary.rubric,
        time,
        str(summary.notes),
        status_label(summary.debrief),
    ]


class LibraryScreen(TableScreen):
    """Type to filter; Enter opens a session where it left off."""

    def __init__(self) -> None:
        super().__init__()
        self._filter_timer: Timer | None = None
        self._asked = 0
        """Counts filter requests, so a slow filter never overwrites a newer one."""
        self._total = 0
        """Sessions in the folder, as the index last counted them."""
        self._marked: list[str] = []
        """Sessions marked (Insert, Ctrl+G M) to compare, at most two, in the order marked."""

    @property
    def table(self) -> LazyTable[SessionSummary]:
        table: LazyTable[SessionSummary] = self.query_one("#sessions", LazyTable)
        return table

    def compose(self) -> ComposeResult:
        yield Static(Text("Sessions", style="bold"), id="library-title", classes="screen-title")
        yield SafeInput(
            placeholder="type to filter: teacher, class, #tag or any word",
            id="filter",
            compact=True,
        )
        yield LazyTable[SessionSummary](
            COLUMNS, self._row, key=lambda s: s.id, empty=READING, id="sessions"
        )
        yield Footer()

    def _row(self, summary: SessionSummary) -> list[Cell]:
        cells = row(summary)
        if summary.id in self._marked:
            cells[0] = Text(str(cells[0]), style="reverse bold")
        return cells

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()
        self._refilter()

    def folder_changed(self, change: Change | None) -> None:
        if isinstance(change, Indexing):
            self._show_title()  # the count of files read; the rows follow when it is done
        else:
            self._refilter()

    @property
    def _query(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def _refilter(self) -> None:
        self._asked += 1
        if (name := due_filter(self._query)) is not None:
            self._filter_due(self._asked, name)
        else:
            self._filter(self._asked, self._query, self.table.cursor)

    @work(thread=True, exit_on_error=False, group="filter")
    def _filter(self, asked: int, query: str, cursor: int) -> None:
        index = self.workspace.index
        total = index.count()
        shown = index.count(query) if query else total
        pages = Pages(shown, partial(index.page, query=query), index.page(0, PAGE_SIZE, query))
        # The pages around the cursor too, so it stays on its session when sessions
        # arrive above it (the table looks for it among the pages read).
        for number in pages.missing(max(0, cursor - PAGE_SIZE), cursor + PAGE_SIZE):
            pages.load(number)
        self.app.call_from_thread(self._display, asked, pages, total)

    @work(thread=True, exit_on_error=False, group="filter")
    def _filter_due(self, asked: int, query: str) -> None:
        """The last drop-in of each teacher due this week, the longest overdue first; the
        filter narrows them by the teacher's name."""
        index = self.workspace.index
        due = due_this_week(index, today=self.workspace.clock.now().date())
        wanted = query.casefold()
        found = (index.get(d.session) for d in due if wanted in d.teacher.casefold())
        shown = as_pages([summary for summary in found if summary is not None])
        self.app.call_from_thread(self._display, asked, shown, len(due))

    def _display(self, asked: int, shown: Pages[SessionSummary], total: int) -> None:
        if asked != self._asked:
            return
        self._total = total
        ready = self.workspace.refreshed
        empty = NO_MATCH if total else NO_SESSIONS
        if due_filter(self._query) is not None and not total:
            empty = NONE_DUE
        self.table.show(shown, empty=empty if ready or total else READING)
        self._show_title()

    def _show_title(self) -> None:
        shown, total = len(self.table.items), self._total
        progress = self.workspace.progress
        if due_filter(self._query) is not None and progress is None:
            teachers = plural(total, "teacher")
            title = f"Due this week: {teachers}, each shown by their last drop-in"
            if shown != total:
                title = f"Due this week: {shown:,} of {teachers}"
        elif progress is not None:
            title = f"Sessions: indexing the folder… {progress[0]:,} of {progress[1]:,} files"
        elif shown == total:
            title = f"Sessions: {total:,}"
        else:
            title = f"Sessions: {shown:,} of {total:,}"
        if not self.workspace.refreshed and progress is None:
            title += " · checking the folder…"
        elif self._marked:
            title += f" · {len(self._marked)} marked to compare"
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
            self.post_message(OpenSession(summary.id))

    @on(LazyTable.Selected, "#sessions")
    def _open_selected(self) -> None:
        self.action_open()

    def action_clear(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter", Input).focus()

    def action_new(self) -> None:
        self.app.push_screen(StartScreen())

    def action_teacher(self) -> None:
        summary = self.table.highlighted
        if summary is not None:
            today = self.workspace.clock.now().date()
            self.app.push_screen(TeacherScreen(summary.teacher, today))

    def action_stats(self) -> None:
        self.app.push_screen(StatsScreen(self.workspace.clock.now().date()))

    def action_walk(self) -> None:
        """A learning walk over every teacher with an active step."""
        self.app.push_screen(WalkScreen())

    def action_due(self) -> None:
        """Show only the teachers due a drop-in this week (the filter word), or all again."""
        field = self.query_one("#filter", Input)
        if due_filter(field.value) is not None:
            field.value = due_filter(field.value) or ""
        else:
            field.value = f"{DUE_WORD} {field.value}".strip() + " "
        field.cursor_position = len(field.value)
        field.focus()

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
        workspace = self.workspace
        try:
            session = workspace.open(summary.id)
            path = save_teacher_copy(session, "md", workspace.data.root / "exports")
        except (ValueError, OSError) as error:
            message = f"Could not export: {error}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Exported to {path}", markup=False)

    @work
    async def action_delete(self) -> None:
        summary = self.table.highlighted
        if summary is None:
            return
        who = one_line(summary.teacher) or "an unnamed teacher"
        started = summary.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
        question = (
            f"Move the session with {who} on {started} ({plural(summary.notes, 'note')}) "
            f"to the trash folder? It is kept there, in {self.workspace.data.trash}."
        )
        if await self.app.push_screen_wait(ConfirmScreen("Delete session", question, "Delete")):
            self._delete(summary)

    @work(thread=True, exit_on_error=False)
    def _delete(self, summary: SessionSummary) -> None:
        try:
            moved = self.workspace.trash(summary.id)
        except OSError as error:
            message = f"Could not move {summary.file} to the trash: {error.strerror or error}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        key = key_of(self, "library.trash")
        message = f"Moved to the trash: {moved}. {key} shows the trash, to restore it."
        self.app.call_from_thread(self.notify, message, markup=False)

    def action_mark(self) -> None:
        summary = self.table.highlighted
        if summary is None:
            return
        if summary.id in self._marked:
            self._marked.remove(summary.id)
        else:
            # A third mark replaces the oldest: only two sessions are ever compared.
            self._marked = [*self._marked[-1:], summary.id]
        self.table.refresh()
        self._show_title()

    def action_agree(self) -> None:
        summary = self.table.highlighted
        marked = self._marked
        if len(marked) == 2:
            self._open_agreement(marked[0], marked[1])
        elif len(marked) == 1 and summary is not None and summary.id != marked[0]:
            self._open_agreement(marked[0], summary.id)
        elif summary is not None:
            self._find_pair(summary)

    @work(thread=True, exit_on_error=False)
    def _find_pair(self, summary: SessionSummary) -> None:
        found = same_lesson(self.workspace.index, summary.id)
        if len(found) == 1:
            self.app.call_from_thread(self._open_agreement, summary.id, found[0].id)
            return
        mark = ways_of(self, "library.mark")
        if found:
            message = (
                f"{len(found)} other coaches recorded this lesson: mark the two to compare "
                f"with {mark}."
            )
        else:
            message = (
                "No other coach recorded this lesson (same teacher, same time). Mark two "
                f"sessions with {mark} to compare them."
            )
        self.app.call_from_thread(self.notify, message, markup=False)

    def _open_agreement(self, a: str, b: str) -> None:
        self._marked = []
        self.table.refresh()
        self._show_title()
        self.app.push_screen(AgreementScreen(a, b))

    def action_trash(self) -> None:
        self.app.push_screen(TrashScreen())

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                "Sessions",
                self.ACTIONS,
                [("↑ ↓ PgUp PgDn", "Move through the sessions, even while typing a filter")],
            )
        )

    ACTIONS = screen_commands(
        "library",
        Command(
            "enter", action(action_open), "Open", "Resume, debrief or read the highlighted session"
        ),
        Command("ctrl+n,f2", action(action_new), "New", "Start a new drop-in"),
        Command(
            "ctrl+t,f3",
            action(action_teacher),
            "Teacher",
            "The highlighted teacher's steps and sessions over time",
        ),
        Command(
            "ctrl+o,f4",
            action(action_export),
            "Export",
            "Export the highlighted session (Markdown)",
            show=False,
        ),
        Command(
            "ctrl+s,f5", action(action_stats), "Stats", "Drop-ins and debriefs per coach and week"
        ),
        Command(
            "f12",
            action(action_due),
            "Due",
            "Teachers due a drop-in this week (their last drop-in plus their cadence); "
            "typing due: in the filter does the same",
            show=False,
            leader="d",
        ),
        Command(
            "ctrl+r,f6",
            action(action_rubrics),
            "Rubrics",
            "Rubrics and school profiles",
            show=False,
        ),
        Command(
            "ctrl+f,f7",
            action(action_search),
            "Search",
            "Find a line in every note, debrief answer and step",
        ),
        Command(
            "ctrl+b,f8",
            action(action_delete),
            "Delete",
            "Move the highlighted session to the trash",
        ),
        Command(
            "ctrl+l,f9",
            action(action_trash),
            "Trash",
            "Deleted sessions, to restore one",
            show=False,
        ),
        Command(
            "insert",
            action(action_mark),
            "Mark",
            "Mark or unmark the highlighted session to compare with another",
            show=False,
            leader="m",
        ),
        Command(
            "f10",
            action(action_agree),
            "Agree",
            "Compare two coaches' records of one lesson: the marked two, the marked one "
            "and the highlighted, or the highlighted and the other coach's",
            show=False,
        ),
        Command(
            "ctrl+right_square_bracket,f11",
            action(action_walk),
            "Walk",
            "A learning walk: each teacher's active step, room by room",
            show=False,
            leader="w",
        ),
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command("escape", action(action_clear), "Clear", "Clear the filter", show=False),
    )
    BINDINGS = bindings(ACTIONS)
