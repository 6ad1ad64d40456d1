"""The note input: Enter commits, Tab completes a #tag, and pasted lines are kept whole."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class NoteInput(TextArea):
    """A soft-wrapping input for one note at a time."""

    DEFAULT_CSS = """
    NoteInput {
        height: auto;
        max-height: 7;
    }
    """

    @dataclass
    class Submitted(Message):
        """Enter was pressed."""

        note_input: NoteInput
        """The input; its text is the draft."""

    @dataclass
    class CompleteRequested(Message):
        """Tab was pressed: complete the #tag being typed."""

        note_input: NoteInput

    @dataclass
    class LeaveUp(Message):
        """Up was pressed in an empty input: the coach wants the notes log."""

        note_input: NoteInput

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=placeholder,
            id=id,
            compact=False,
        )

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self))
            return
        if event.key == "tab":
            event.stop()
            event.prevent_default()
            self.post_message(self.CompleteRequested(self))
            return
        if event.key == "up" and not self.text:
            event.stop()
            event.prevent_default()
            self.post_message(self.LeaveUp(self))
            return
        await super()._on_key(event)

    def set_draft(self, text: str) -> None:
        """Replace the draft and put the cursor at its end."""
        self.text = text
        self.move_cursor(self.document.end)
