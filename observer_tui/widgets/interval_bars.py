"""Each interval code's share of the intervals observed, as bars, area beside area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from observer_tui.core.visible import visible

if TYPE_CHECKING:
    from observer_tui.core.intervals import CodeShare

BAR_WIDTH = 16


def share_bar(share: CodeShare) -> Text:
    """'Lec   ████████░░░░░░░░  4/8  50%': the code, its bar, intervals and percent."""
    filled = round(share.share * BAR_WIDTH)
    line = Text(visible(share.code, one_line=True)[:6].ljust(6))
    line.append("█" * filled, style="bold")
    line.append("░" * (BAR_WIDTH - filled), style="dim")
    line.append(f" {share.intervals:>2}/{share.of} {share.share:4.0%}")
    return line


def interval_bars(shares: list[CodeShare]) -> Table:
    """The bars of each area in its own column, in the rubric's order."""
    areas: dict[str, list[CodeShare]] = {}
    for share in shares:
        areas.setdefault(share.area, []).append(share)
    table = Table.grid(padding=(0, 3))
    for _ in areas:
        table.add_column(no_wrap=True)
    table.add_row(*(Text(visible(area, one_line=True), style="bold") for area in areas))
    columns = list(areas.values())
    for row in range(max(len(column) for column in columns)):
        table.add_row(
            *(share_bar(column[row]) if row < len(column) else Text("") for column in columns)
        )
    return table
