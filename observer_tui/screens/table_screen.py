"""A base for screens that type into an input above a table (the session list, search)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from observer_tui.screens.base import HouseScreen
from observer_tui.widgets.lazy_table import LazyTable


class TableScreen(HouseScreen[None]):
    """↑ ↓ PgUp PgDn move the screen's one LazyTable while the input keeps focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "table_move(-1)", show=False),
        Binding("down", "table_move(1)", show=False),
        Binding("pageup", "table_page(-1)", show=False),
        Binding("pagedown", "table_page(1)", show=False),
    ]

    def action_table_move(self, rows: int) -> None:
        self.query_one(LazyTable).action_move(rows)

    def action_table_page(self, pages: int) -> None:
        self.query_one(LazyTable).action_page(pages)
