"""Ctrl+Q during a drop-in: end it, leave it to resume later, or keep observing."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from observer_tui.widgets.shown import shown

Leaving = Literal["end", "later", "stay"]


class LeaveObservationScreen(ModalScreen[Leaving]):
    """Asks how to leave a drop-in; 'stay' (Escape) is the safe answer."""

    BINDINGS = [
        Binding("e", "answer('end')", "End", show=False),
        Binding("l", "answer('later')", "Later", show=False),
        Binding("c,escape", "answer('stay')", "Cancel", show=False),
    ]

    def __init__(self, question: str, *, can_end: bool = True) -> None:
        super().__init__()
        self._question = question
        self._can_end = can_end

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Leave the observation?", style="bold"), classes="dialog-title")
            yield Static(shown(Text(self._question)))
            with Horizontal(classes="dialog-buttons"):
                if self._can_end:
                    yield Button("End (e)", id="end", compact=True)
                yield Button("Resume later (l)", id="later", compact=True)
                yield Button("Keep observing (c)", variant="primary", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        if answer == "end" and not self._can_end:
            return
        self.dismiss("end" if answer == "end" else "later" if answer == "later" else "stay")
