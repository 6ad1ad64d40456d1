"""Plain text tables for the command line, and the one way a CSV file is written."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Sequence

from observer_tui.core.visible import visible

STATS_FORMATS = ("table", "csv", "json")
"""What `observer-tui stats --format` writes."""

Cell = str | int | float | None
"""A CSV cell: text (always made safe), or a number the app itself computed."""

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""First characters a spreadsheet may take for a formula: = + - @, tab and CR (OWASP's
list), and the full-width = + - @ that some locales' spreadsheets also read as one."""


def text_table(rows: list[list[str]]) -> str:
    """Rows as left-aligned columns two spaces apart; the first row is the heading. Each
    cell is shown on one line, its control characters as symbols (core/visible.py)."""
    rows = [[visible(cell, one_line=True) for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def spreadsheet_cell(value: Cell, *, one_line: bool = True) -> str | int | float:
    """A cell a spreadsheet shows as it is and never runs.

    Text (every string, whoever wrote it) has its control characters shown as symbols,
    line breaks as ⏎ unless not `one_line` (a note's text), and gets a leading `'` if it
    would start a formula, also after leading spaces or line breaks (some spreadsheets
    trim them). Numbers are the app's own figures and stay numbers, a negative one
    included; None is an empty cell.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = visible(value, one_line=one_line)
    # Judged on the text as written too: "\r=1" shows as "␍=1", still marked a formula.
    if any(t[:1] in FORMULA_STARTS or t.lstrip()[:1] in FORMULA_STARTS for t in (value, text)):
        return "'" + text
    return text


def csv_text(
    rows: Iterable[Sequence[Cell]],
    *,
    lineterminator: str = "\r\n",
    multiline: Collection[int] = (),
) -> str:
    """Rows as CSV, quoted as Excel expects, every cell through `spreadsheet_cell`: on one
    line but in the `multiline` columns (by index), whose line breaks are quoted."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator=lineterminator)
    writer.writerows(
        [spreadsheet_cell(cell, one_line=n not in multiline) for n, cell in enumerate(row)]
        for row in rows
    )
    return out.getvalue()
