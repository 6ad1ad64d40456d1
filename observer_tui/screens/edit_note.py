"""Edit or retag a note in a dialog, written the way it was typed: prefix, text, #tags."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from observer_tui.core.drafts import (
    Draft,
    complete,
    completions,
    compose,
    current_tag_word,
    read_draft,
    unknown_warning,
)
from observer_tui.core.observation import clock_text
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Note
from observer_tui.widgets.note_input import NoteInput


class EditNoteScreen(ModalScreen[Draft | None]):
    """Enter saves the edited note; Escape leaves it as it was."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False)]

    def __init__(self, title: str, note: Note, rubric: Rubric) -> None:
        super().__init__()
        self._title = title
        self._note = note
        self._rubric = rubric
        self._confirmed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(f"{self._title} at {clock_text(self._note.offset)}", style="bold"),
                classes="dialog-title",
            )
            yield NoteInput(id="edit")
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

    @on(NoteInput.CompleteRequested)
    def _complete(self, event: NoteInput.CompleteRequested) -> None:
        word = current_tag_word(event.note_input.text)
        found = completions(word, self._rubric, limit=1) if word is not None else []
        if found:
            event.note_input.set_draft(complete(event.note_input.text, found[0].code))

    @on(NoteInput.Submitted)
    def _save(self, event: NoteInput.Submitted) -> None:
        typed = event.note_input.text
        draft = read_draft(typed, self._rubric)
        warning = unknown_warning(draft, self._rubric)
        if warning and self._confirmed != typed:
            self._confirmed = typed
            self.query_one("#edit-status", Static).update(Text(warning, style="bold yellow"))
            return
        if not draft.text and not draft.tags:
            self.query_one("#edit-status", Static).update(
                Text(
                    "A note needs some text or a tag; use d in the log to delete it.",
                    style="bold yellow",
                )
            )
            return
        self.dismiss(draft)
