"""Rich text built from file text, made safe before it is drawn (see core/visible.py)."""

from __future__ import annotations

from rich.text import Text

from observer_tui.core.visible import skin_tones, visible, visible_in_place, without_skin_tones


def shown(text: Text, *, one_line: bool = False) -> Text:
    """`text` with its control characters shown as symbols, its styles where they were;
    with `one_line` (a row of a list), its line breaks too. Skin-tone modifiers are left
    out, so every terminal agrees on the text's width (core/visible.py)."""
    text.plain = visible_in_place(text.plain, one_line=one_line)
    tones = skin_tones(text.plain)
    if not tones:
        return text
    pieces = text.divide(cut for at in tones for cut in (at, at + 1))
    return text.blank_copy().join(p for p in pieces if p.plain and not skin_tones(p.plain))


def one_line(text: str) -> str:
    """File text for a one-line place (a name in a heading, a row, a label): control
    characters and line breaks shown as symbols, skin-tone modifiers left out
    (core/visible.py)."""
    return without_skin_tones(visible(text, one_line=True))
