"""Set or fix the teacher and class of a drop-in while observing (F7)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from observer_tui.commands import FORM_TAB_KEYS
from observer_tui.widgets.fields import SafeInput


class DetailsScreen(ModalScreen[tuple[str, str] | None]):
    """Enter saves the teacher and class; Escape leaves them as they were."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False), *FORM_TAB_KEYS]

    def __init__(self, teacher: str, class_name: str) -> None:
        super().__init__()
        self._teacher = teacher
        self._class_name = class_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Teacher and class", style="bold"), classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Teacher")
                yield SafeInput(
                    self._teacher,
                    placeholder="name",
                    id="details-teacher",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Class")
                yield SafeInput(
                    self._class_name,
                    placeholder="class, subject or lesson",
                    id="details-class",
                    compact=True,
                )
            yield Static(
                Text("Enter saves · Esc cancels · the notes stay as they are", style="dim")
            )

    def on_mount(self) -> None:
        self.query_one("#details-teacher", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        teacher = self.query_one("#details-teacher", Input).value
        class_name = self.query_one("#details-class", Input).value
        self.dismiss((teacher, class_name))
