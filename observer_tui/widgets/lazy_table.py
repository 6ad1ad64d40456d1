"""A table that draws only the rows on screen, so 100,000 sessions cost what twenty do.

Its rows are `Pages`: a page not read yet is read on a worker thread when first drawn, and
its rows show as '…' until then.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from observer_tui.core.pages import Pages, as_pages
from observer_tui.widgets.shown import one_line, shown

Item = TypeVar("Item")

Cell = str | Text


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    """Cells are cut to this width with an ellipsis; one space pads each side."""
    right: bool = False
    """Right-align (numbers)."""
    grow: int = 0
    """Its share of the room a wider terminal gives: names and text grow, dates do not."""


def widened(columns: Sequence[Column], room: int, needs: Sequence[int] = ()) -> tuple[Column, ...]:
    """The columns at a table `room` cells wide. The cells past their widths go first to
    growing columns whose cells are cut (`needs`: the widest cell of each, as drawn so
    far), the columns that grow most first, evening out how much each stays cut; what is
    left goes to the growing columns by their shares. So at 120 columns the class and the
    rubric show whole rather than the teacher's column taking room its names never use."""
    spare = room - sum(column.width + 2 for column in columns)
    if spare <= 0:
        return tuple(columns)
    gains = [0] * len(columns)
    wanted = [  # the cells each growing column's widest cell is cut by
        max(0, needs[i] - column.width) if column.grow and i < len(needs) else 0
        for i, column in enumerate(columns)
    ]
    for share in sorted({column.grow for column in columns if column.grow}, reverse=True):
        tier = [i for i, column in enumerate(columns) if column.grow == share]
        while spare:
            most = max(tier, key=lambda i: wanted[i] - gains[i])  # the one cut the most
            if wanted[most] <= gains[most]:
                break
            gains[most] += 1
            spare -= 1
    shares = sum(column.grow for column in columns)
    if spare and shares:
        extra = [spare * column.grow // shares for column in columns]
        # What rounding down left over goes one cell each to the first growing columns.
        growing = [i for i, column in enumerate(columns) if column.grow]
        for i in growing[: spare - sum(extra)]:
            extra[i] += 1
        gains = [gain + more for gain, more in zip(gains, extra, strict=True)]
    return tuple(
        dataclasses.replace(column, width=column.width + gain) if gain else column
        for column, gain in zip(columns, gains, strict=True)
    )


def _text(cell: Cell) -> Text:
    """A cell's text, made safe to draw, before it is fitted to its column."""
    return Text(one_line(cell)) if isinstance(cell, str) else shown(cell.copy())


def _fit(text: Text, column: Column) -> Text:
    text.truncate(column.width, overflow="ellipsis")
    text.align("right" if column.right else "left", column.width)
    text.pad(1)
    return text


class LazyTable(ScrollView, Generic[Item], can_focus=True):
    """Rows of items under a fixed header; ↑ ↓ PgUp PgDn Home End move, Enter selects.

    Give it the items with `show` (a list, or `Pages` read as they are drawn); it asks
    `cells` for a row's cells only when that row is drawn. Posts `Selected` with the item on
    Enter or a click on the highlighted row.
    """

    DEFAULT_CSS = """
    LazyTable {
        width: 100%;
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 2;
    }
    LazyTable > .lazy-table--header { text-style: bold; background: $panel; }
    LazyTable > .lazy-table--even { background: $surface; }
    LazyTable > .lazy-table--odd { background: $surface-lighten-1; }
    LazyTable > .lazy-table--cursor {
        background: $block-cursor-blurred-background;
        text-style: bold;
    }
    LazyTable:focus > .lazy-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    LazyTable > .lazy-table--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lazy-table--header",
        "lazy-table--even",
        "lazy-table--odd",
        "lazy-table--cursor",
        "lazy-table--empty",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "select", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    """The highlighted row's index."""

    class Highlighted(Message):
        """The cursor moved."""

        def __init__(self, table: LazyTable[Any]) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> LazyTable[Any]:
            return self.table

    class Selected(Message):
        """Enter, or a click on the highlighted row."""

        def __init__(self, table: LazyTable[Any], item: object) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> LazyTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[Item], Sequence[Cell]],
        key: Callable[[Item], object],
        *,
        empty: str = "Nothing to show.",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.cells = cells
        self.key = key
        """What identifies an item, so the cursor stays on it when the items change."""
        self.empty = empty
        """Shown under the header when there are no rows."""
        self.items: Pages[Item] = as_pages(())
        self._wanted = False
        """Whether a read of the pages on screen is already asked for."""
        self._reading: set[tuple[Pages[Item], int]] = set()
        """Pages being read now."""
        self._shown = self.columns
        """The columns at the table's width now (`widened`)."""
        self._width = sum(column.width + 2 for column in self.columns)
        self._room = self._width
        """The cells the columns have, once the table is laid out."""
        self._needs = [len(column.title) for column in self.columns]
        """The widest cell of each column drawn so far: only ever grows, so the columns
        settle rather than shift as the coach scrolls or filters."""
        self._lay_out_due = False

    def show(self, items: Sequence[Item] | Pages[Item], empty: str | None = None) -> None:
        """Show these items; the cursor stays on the item it was on, if it is among those
        read, else on the same row number, within range."""
        was = self.highlighted
        self.items = items if isinstance(items, Pages) else as_pages(items)
        if empty is not None:
            self.empty = empty
        self.virtual_size = Size(self._width, len(self.items) + 1)
        if was is not None:
            key = self.key(was)
            found = next((i for i, item in self.items.loaded() if self.key(item) == key), None)
            if found is not None:
                self.cursor = found
        self.move_to(self.cursor)
        self.refresh()

    @property
    def highlighted(self) -> Item | None:
        return self.items.get(self.cursor) if 0 <= self.cursor < len(self.items) else None

    def _read_missing(self) -> None:
        """Read the pages of the rows on screen that are not read yet, off the event loop."""
        self._wanted = False
        top = int(self.scroll_offset.y)
        pages = self.items
        for number in pages.missing(top, top + self._visible_rows):
            if (pages, number) in self._reading:
                continue
            self._reading.add((pages, number))
            self.run_worker(
                partial(self._read_page, pages, number),
                thread=True,
                exit_on_error=False,
            )

    def _read_page(self, pages: Pages[Item], number: int) -> None:
        try:
            pages.load(number)
        finally:  # read or not, it may be asked for again when next drawn
            self.app.call_from_thread(self._page_read, pages, number)

    def _page_read(self, pages: Pages[Item], number: int) -> None:
        self._reading.discard((pages, number))
        if pages is self.items:
            self.refresh()
            self.post_message(self.Highlighted(self))

    def render_line(self, y: int) -> Strip:
        if y == 0:
            header = Text.assemble(*(_fit(_text(c.title), c) for c in self._shown))
            return self._strip(header, "lazy-table--header")
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.items):
            if index == 0:
                return self._strip(Text(f" {self.empty}"), "lazy-table--empty")
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        item = self.items.get(index)
        if item is None:
            if not self._wanted:
                self._wanted = True
                self.call_later(self._read_missing)
            row = Text.assemble(*(_fit(Text("…"), c) for c in self._shown))
        else:
            texts = [_text(cell) for cell in self.cells(item)]
            self._measure(texts)
            row = Text.assemble(
                *(_fit(text, c) for text, c in zip(texts, self._shown, strict=True))
            )
        if index == self.cursor:
            style = "lazy-table--cursor"
        else:
            style = "lazy-table--odd" if index % 2 else "lazy-table--even"
        return self._strip(row, style)

    def _strip(self, text: Text, component: str) -> Strip:
        base: Style = self.get_component_rich_style(component)
        segments = list(text.render(self.app.console))
        strip = Strip(segments).adjust_cell_length(self.scrollable_content_region.width)
        return Strip(Segment.apply_style(strip, base), strip.cell_length)

    @property
    def _visible_rows(self) -> int:
        """Rows on screen under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _measure(self, texts: Sequence[Text]) -> None:
        """Note how wide a drawn row's cells are; a wider one than any before lays the
        columns out again, after this frame."""
        wider = False
        for i, (text, column) in enumerate(zip(texts, self.columns, strict=True)):
            if column.grow and text.cell_len > self._needs[i]:
                self._needs[i] = text.cell_len
                wider = wider or text.cell_len > self._shown[i].width
        if wider and not self._lay_out_due:
            self._lay_out_due = True
            self.call_later(self._lay_out)

    def on_resize(self) -> None:
        # Room for a scroll bar whether it shows or not, so columns stay put as rows come.
        self._room = self.content_region.width - self.styles.scrollbar_size_vertical
        self._lay_out()

    def _lay_out(self) -> None:
        """Share the room out among the columns, by what their cells need."""
        self._lay_out_due = False
        shown = widened(self.columns, self._room, self._needs)
        if shown == self._shown:
            return
        self._shown = shown
        self._width = sum(column.width + 2 for column in shown)
        self.virtual_size = Size(self._width, len(self.items) + 1)
        self.refresh()

    def watch_cursor(self) -> None:
        visible = self._visible_rows
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self))

    def move_to(self, index: int) -> None:
        """Highlight a row (kept within the rows there are)."""
        self.cursor = max(0, min(index, len(self.items) - 1))

    def action_move(self, rows: int) -> None:
        self.move_to(self.cursor + rows)

    def action_page(self, pages: int) -> None:
        self.move_to(self.cursor + pages * self._visible_rows)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.items) - 1)

    def action_select(self) -> None:
        item = self.highlighted
        if item is not None:
            self.post_message(self.Selected(self, item))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y - 1
        if event.y < 1 or index >= len(self.items):
            return
        if index == self.cursor:
            self.action_select()
        self.cursor = index
