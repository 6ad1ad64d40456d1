"""Edit or retag a note in a dialog, written the way it was typed: prefix, text, #tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from observer_tui.core.drafts import Draft, compose, hint
from observer_tui.core.timer import clock_text
from observer_tui.widgets.note_input import NoteInput

if TYPE_CHECKING:
    from observer_tui.core.rubric import Rubric
    from observer_tui.core.session import Note


class EditNoteScreen(ModalScreen[Draft | None]):
    """Enter saves the edited note; Escape leaves it as it was."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False)]

    def __init__(self, title: str, note: Note, rubric: Rubric) -> None:
        super().__init__()
        self._title = title
        self._note = note
        self._rubric = rubric

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(f"{self._title} at {clock_text(self._note.offset)}", style="bold"),
                classes="dialog-title",
            )
            yield NoteInput(self._rubric, id="edit")
            yield Static(
                Text(
                    "Enter saves · Esc cancels · + - ? ! kinds · #CODE tags, Tab completes",
                    style="dim",
                ),
                id="edit-status",
            )

    def on_mount(self) -> None:
        note_input = self.query_one(NoteInput)
        note_input.set_draft(compose(self._note))
        note_input.focus()

    @on(NoteInput.Changed)
    def _hint(self, event: NoteInput.Changed) -> None:
        text, level = hint(event.text_area.text, self._rubric)
        self.query_one("#edit-status", Static).update(
            Text(text, style="bold yellow" if level == "warning" else "")
        )

    @on(NoteInput.Completed)
    def _completed(self, event: NoteInput.Completed) -> None:
        self.query_one("#edit-status", Static).update(Text(event.hint))

    @on(NoteInput.Flagged)
    def _flagged(self, event: NoteInput.Flagged) -> None:
        self.query_one("#edit-status", Static).update(Text(event.warning, style="bold yellow"))

    @on(NoteInput.Submitted)
    def _save(self, event: NoteInput.Submitted) -> None:
        self.dismiss(event.draft)
