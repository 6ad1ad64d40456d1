"""Plain text tables for the command line."""

from __future__ import annotations

from observer_tui.core.visible import visible

STATS_FORMATS = ("table", "csv", "json")
"""What `observer-tui stats --format` writes."""


def text_table(rows: list[list[str]]) -> str:
    """Rows as left-aligned columns two spaces apart; the first row is the heading. Each
    cell is shown on one line, its control characters as symbols (core/visible.py)."""
    rows = [[visible(cell, one_line=True) for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
