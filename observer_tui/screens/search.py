"""Search every note, debrief answer and step; Enter opens the session a line is from."""

from __future__ import annotations

from itertools import islice

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.index import Hit, place
from observer_tui.core.numbers import plural
from observer_tui.core.workspace import Change, Indexing
from observer_tui.messages import OpenSession
from observer_tui.screens.table_screen import TableScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.lazy_table import Cell, Column, LazyTable
from observer_tui.widgets.shown import one_line, shown

MOST = 1000
"""Lines listed at most: a word in every session of a trust would list too many to read."""

COLUMNS = (
    Column("Date", 9),
    Column("Teacher", 12, grow=1),
    Column("Where", 9),
    Column("Line", 38, grow=3),
)
"""With one space either side of each cell and a scroll bar, 80 cells."""


def hit_row(hit: Hit) -> list[Cell]:
    return [
        hit.summary.started_at.astimezone().strftime("%d %b %y"),
        hit.summary.teacher or "-",
        place(hit.line),
        hit.line.text.replace("\n", " "),
    ]


class SearchScreen(TableScreen):
    """Type words; every line holding all of them is listed, newest session first."""

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._timer: Timer | None = None
        self._asked = 0

    @property
    def table(self) -> LazyTable[Hit]:
        table: LazyTable[Hit] = self.query_one("#hits", LazyTable)
        return table

    def compose(self) -> ComposeResult:
        yield Static(Text("Search", style="bold"), id="search-title", classes="screen-title")
        yield SafeInput(
            self._initial,
            placeholder="words to find in notes, debrief answers and steps",
            id="search",
            compact=True,
        )
        yield Static(id="hit-line")
        yield LazyTable[Hit](
            COLUMNS,
            hit_row,
            key=lambda hit: (hit.summary.id, hit.line),
            empty="Type a word or two.",
            id="hits",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._search()

    def folder_changed(self, change: Change | None) -> None:
        if not isinstance(change, Indexing):
            self._search()

    @on(Input.Changed, "#search")
    def _search_later(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self._search)

    def _search(self) -> None:
        self._asked += 1
        query = self.query_one("#search", Input).value
        if not query.strip():
            self._found(self._asked, [], "Type a word or two.")
            return
        self._run(self._asked, query)

    @work(thread=True, exit_on_error=False, group="search")
    def _run(self, asked: int, query: str) -> None:
        hits = list(islice(self.workspace.index.search(query), MOST + 1))
        self.app.call_from_thread(self._found, asked, hits, "No line holds all these words.")

    def _found(self, asked: int, hits: list[Hit], empty: str) -> None:
        if asked != self._asked:
            return
        more = len(hits) > MOST
        hits = hits[:MOST]
        self.table.show(hits, empty=empty)
        sessions = len({hit.summary.id for hit in hits})
        if more:
            self._title(
                f"Search: the newest {MOST:,} lines, in {plural(sessions, 'session')}; "
                "add a word to narrow it"
            )
        elif hits:
            self._title(f"Search: {plural(len(hits), 'line')} in {plural(sessions, 'session')}")
        else:
            self._title("Search")
        self._show_whole()

    def _title(self, title: str) -> None:
        self.query_one("#search-title", Static).update(Text(title, style="bold"))

    @on(LazyTable.Highlighted, "#hits")
    def _show_whole(self) -> None:
        """The highlighted line in full, since the table cuts it."""
        hit = self.table.highlighted
        line = self.query_one("#hit-line", Static)
        line.display = hit is not None
        if hit is not None:
            where = place(hit.line)
            who = one_line(hit.summary.teacher) or "-"
            line.update(shown(Text(f"{who} · {where}: {one_line(hit.line.text)}")))

    @on(Input.Submitted, "#search")
    def action_open(self) -> None:
        hit = self.table.highlighted
        if hit is not None:
            self.post_message(OpenSession(hit.summary.id))

    @on(LazyTable.Selected, "#hits")
    def _open_selected(self) -> None:
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "search",
        Command(
            "enter", action(action_open), "Open", "Open the session the highlighted line is from"
        ),
        Command("escape", action(action_back), "Back", "Back to the session list"),
    )
    BINDINGS = bindings(ACTIONS)
