"""Rich text built from file text, made safe before it is drawn (see core/visible.py)."""

from __future__ import annotations

from rich.text import Text

from observer_tui.core.visible import visible, visible_in_place


def shown(text: Text, *, one_line: bool = False) -> Text:
    """`text` with its control characters shown as symbols, its styles where they were;
    with `one_line` (a row of a list), its line breaks too."""
    text.plain = visible_in_place(text.plain, one_line=one_line)
    return text


def one_line(text: str) -> str:
    """File text for a one-line place (a name in a heading, a row, a label): control
    characters and line breaks shown as symbols (core/visible.py)."""
    return visible(text, one_line=True)
