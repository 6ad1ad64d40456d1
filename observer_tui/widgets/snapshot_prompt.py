"""The time-on-task snapshot prompt: shown when one is due, answered with one key per field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from observer_tui.core.rubric import SnapshotSpec


class SnapshotPrompt(Static, can_focus=True):
    """Asks each snapshot field in turn; posts Recorded when all are answered."""

    DEFAULT_CSS = """
    SnapshotPrompt {
        height: auto;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    SnapshotPrompt.-due, SnapshotPrompt.-asking { display: block; }
    SnapshotPrompt.-due { background: $warning 30%; }
    SnapshotPrompt.-asking { background: $accent 40%; }
    """

    @dataclass
    class Recorded(Message):
        """Every field was answered."""

        values: dict[str, str]
        """Answer per field id."""
        mark: int | None
        """The mark it answers, or None if taken at another time."""

    @dataclass
    class Closed(Message):
        """The coach left the prompt without finishing."""

    def __init__(self, spec: SnapshotSpec, key: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.key = key
        """The key that takes a snapshot, as the due line names it (`Ctrl+S`)."""
        self.mark: int | None = None
        self.due_label = ""
        self.asking = False
        self._values: dict[str, str] = {}

    def announce(self, mark: int | None, label: str) -> None:
        """Show that a snapshot is due (label like 'Snapshot 1 · min 4–5'), or hide it."""
        self.mark = mark
        self.due_label = label
        self.set_class(mark is not None, "-due")
        self._redraw()

    def begin(self) -> None:
        """Start asking: show the first field and take the keyboard."""
        self._ask(True)
        self.call_after_refresh(self.focus)

    def _ask(self, asking: bool) -> None:
        self.asking = asking
        self._values = {}
        self.set_class(asking, "-asking")
        self._redraw()

    def _redraw(self) -> None:
        if not self.asking:
            self.update(Text(f"{self.due_label} due: press {self.key} to record it", style="bold"))
            return
        field = self.spec.fields[len(self._values)]
        text = Text.assemble((f"{self.due_label or 'Snapshot'} · ", "bold"), field.label, "? ")
        for option in field.options:
            text.append(f"[{option.key}]", style="bold reverse")
            text.append(f" {option.label}  ")
        text.append("Esc cancels", style="dim")
        self.update(text)

    def on_blur(self) -> None:
        if self.asking:
            self._ask(False)
            self.post_message(self.Closed())

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self._ask(False)
            self.post_message(self.Closed())
            return
        field = self.spec.fields[len(self._values)]
        option = next((o for o in field.options if o.key == event.character), None)
        if option is None:
            return
        event.stop()
        self._values[field.id] = option.value
        if len(self._values) < len(self.spec.fields):
            self._redraw()
            return
        values = self._values
        self._ask(False)
        self.post_message(self.Recorded(values, self.mark))
