"""Rich text built from file text, made safe before it is drawn (see core/visible.py)."""

from __future__ import annotations

from rich.text import Text

from observer_tui.core.visible import visible_in_place


def shown(text: Text) -> Text:
    """`text` with its control characters shown as symbols, its styles where they were."""
    text.plain = visible_in_place(text.plain)
    return text
