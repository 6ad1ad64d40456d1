"""Plain text tables for the command line."""

from __future__ import annotations

STATS_FORMATS = ("table", "csv", "json")
"""What `observer-tui stats --format` writes."""


def text_table(rows: list[list[str]]) -> str:
    """Rows as left-aligned columns two spaces apart; the first row is the heading."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
