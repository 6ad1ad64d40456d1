"""The interval grid: the rubric's codes by area, those ticked in the current interval lit.

Focused (↓ from an empty note input), each code's key ticks it or clears it, as do the
arrows and Space; Esc goes back to the note input (the screen's binding). The grid says
which interval it is and the time left in it; the screen hands it the ticks, so a new
interval shows clear.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from observer_tui.core.timer import clock_text
from observer_tui.core.visible import visible

HOTKEYS = string.ascii_lowercase + "1234567890"
"""One key per code, in the rubric's order; codes past the 36th are reached by the arrows."""
AREA_WIDTH = 11


@dataclass(frozen=True)
class GridCode:
    """One code in the grid."""

    code: str
    name: str
    area: str


class IntervalGrid(Widget, can_focus=True):
    """The codes of an interval rubric, area by area, with the current interval's ticks."""

    DEFAULT_CSS = """
    IntervalGrid {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border-top: hkey $primary-background;
    }
    IntervalGrid:focus {
        border-top: hkey $accent;
    }
    """

    @dataclass
    class Toggled(Message):
        """The coach ticked or cleared a code in the grid."""

        grid: IntervalGrid
        code: str
        """The code, as the rubric spells it."""

        @property
        def control(self) -> IntervalGrid:
            return self.grid

    def __init__(self, codes: Sequence[GridCode], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.codes = list(codes)
        self.keys = {HOTKEYS[i]: c.code for i, c in enumerate(self.codes[: len(HOTKEYS)])}
        self._key_of = {code: key for key, code in self.keys.items()}
        self.ticked: frozenset[str] = frozenset()
        self.number = 1
        self.left = 0.0
        self.cursor = 0
        self.paused = False

    def show(self, number: int, left: float, ticked: Sequence[str], paused: bool = False) -> None:
        """The interval now, the time left in it and its ticks."""
        state = (number, int(left), frozenset(ticked), paused)
        if state != (self.number, int(self.left), self.ticked, self.paused):
            self.number, self.left, self.ticked, self.paused = number, left, state[2], paused
            self.refresh(layout=True)

    def _areas(self) -> list[tuple[str, list[int]]]:
        areas: dict[str, list[int]] = {}
        for index, code in enumerate(self.codes):
            areas.setdefault(code.area, []).append(index)
        return list(areas.items())

    def _cell_width(self) -> int:
        return max(len(visible(c.code, one_line=True)) for c in self.codes) + 4

    def _per_line(self, width: int | None = None) -> int:
        width = (width or self.size.width or 78) - AREA_WIDTH
        return max(1, width // self._cell_width())

    def _lines(self, width: int | None = None) -> list[list[int]]:
        """The code indexes on each line of the grid, an area's codes wrapped."""
        per = self._per_line(width)
        return [
            indexes[start : start + per]
            for _, indexes in self._areas()
            for start in range(0, len(indexes), per)
        ]

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + len(self._lines(width))

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"Interval {self.number}", style="bold")
        left = "paused" if self.paused else f"{clock_text(max(0.0, self.left))} left"
        text.append(f" · {left} · {len(self.ticked)} ticked", style="bold" if self.paused else "")
        if self.has_focus:
            current = self.codes[self.cursor]
            text.append(f"  {visible(current.code, one_line=True)} ", style="bold")
            text.append(visible(current.name, one_line=True), style="dim")
        else:
            text.append("  ↓ to tick codes · #CODE Enter", style="dim")
        width = self._cell_width()
        for area, indexes in self._areas():
            per = self._per_line()
            for start in range(0, len(indexes), per):
                label = visible(area, one_line=True)[: AREA_WIDTH - 1] if start == 0 else ""
                text.append("\n" + label.ljust(AREA_WIDTH), style="dim")
                for index in indexes[start : start + per]:
                    text.append_text(self._cell(index, width))
        return text

    def _cell(self, index: int, width: int) -> Text:
        code = self.codes[index].code
        on = code in self.ticked
        key = self._key_of.get(code, " ")
        label = visible(code, one_line=True)
        style = "bold reverse" if on else ""
        if self.has_focus and index == self.cursor:
            style += " underline"
        cell = Text(key, style="dim")
        cell.append(" ")
        cell.append(("✓" if on else " ") + label, style=style.strip())
        cell.append(" " * max(0, width - len(label) - 3))
        return cell

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _move(self, rows: int, columns: int) -> None:
        lines = self._lines()
        row = next(i for i, line in enumerate(lines) if self.cursor in line)
        column = lines[row].index(self.cursor)
        if rows:
            line = lines[(row + rows) % len(lines)]
            self.cursor = line[min(column, len(line) - 1)]
        else:
            self.cursor = (self.cursor + columns) % len(self.codes)
        self.refresh()

    async def _on_key(self, event: events.Key) -> None:
        key = event.character if event.character and event.character in self.keys else event.key
        if key in self.keys:
            self.cursor = next(i for i, c in enumerate(self.codes) if c.code == self.keys[key])
            self.post_message(self.Toggled(self, self.keys[key]))
        elif key in ("space", "enter"):
            self.post_message(self.Toggled(self, self.codes[self.cursor].code))
        elif key in ("left", "right"):
            self._move(0, -1 if key == "left" else 1)
        elif key in ("up", "down"):
            self._move(-1 if key == "up" else 1, 0)
        else:
            return
        event.stop()
        event.prevent_default()
