"""Rich text built from file text, made safe before it is drawn (see core/visible.py)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
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


class Clipped:
    """Text wrapped to the width it is given, cut after `lines` lines with an ellipsis, so
    a long note never fills its place and a cut one always says so."""

    def __init__(self, text: Text, lines: int) -> None:
        self.text = text
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = list(self.text.wrap(console, width, overflow="fold"))
        if len(lines) > self.lines:
            lines = lines[: self.lines]
            last = lines[-1]
            last.rstrip()
            last.truncate(width - 1)
            last.append("…", style="bold")
        yield Text("\n").join(lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)
