"""The note input: Enter commits a checked draft, Tab completes a #tag, pastes stay whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

from observer_tui.core.drafts import Draft, TabCycle, read_draft, tab, unknown_warning
from observer_tui.widgets.fields import SafeTextArea

if TYPE_CHECKING:
    from observer_tui.core.rubric import Rubric


class NoteInput(SafeTextArea):
    """A soft-wrapping input for one note, read against the rubric it is given."""

    DEFAULT_CSS = """
    NoteInput {
        height: auto;
        max-height: 7;
    }
    """

    @dataclass
    class Submitted(Message):
        """Enter was pressed on a draft worth keeping."""

        note_input: NoteInput
        draft: Draft
        """The kind, text and recognised tags."""

        @property
        def control(self) -> NoteInput:
            return self.note_input

    @dataclass
    class Flagged(Message):
        """Enter was pressed but the draft needs a look first (e.g. an unknown #code)."""

        note_input: NoteInput
        warning: str
        """What to tell the coach."""

    @dataclass
    class Early(Message):
        """Enter was pressed before the rubric was read: the text, taken out of the input,
        is for the screen to keep until it can be read."""

        note_input: NoteInput
        text: str

        @property
        def control(self) -> NoteInput:
            return self.note_input

    @dataclass
    class Completed(Message):
        """Tab put a code in: which one, and what the next Tabs bring."""

        note_input: NoteInput
        hint: str
        """One line for the status: '#CT Critical thinking (2 of 3) · Tab → …'."""

        @property
        def control(self) -> NoteInput:
            return self.note_input

    @dataclass
    class LeaveUp(Message):
        """Up was pressed in an empty input: the coach wants the notes log."""

        note_input: NoteInput

    @dataclass
    class LeaveDown(Message):
        """Down was pressed in an empty input: the coach wants the interval grid."""

        note_input: NoteInput

    def __init__(
        self,
        rubric: Rubric | None = None,
        *,
        placeholder: str = "",
        clear_on_submit: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", placeholder=placeholder, id=id)
        self.rubric = rubric
        """None while the rubric is being read: Enter then hands the text up as `Early`."""
        self.clear_on_submit = clear_on_submit
        """Empty the input as Enter hands the note up (for the next note), not when the
        screen handles it: keys typed in between are the next note's, kept."""
        self._confirmed: str | None = None
        self._cycle: TabCycle | None = None
        """The last Tab's candidates: Tab again on the draft it made brings the next."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            self._submit()
        elif event.key == "tab":
            self._complete()
        elif event.key == "up" and not self.text:
            self.post_message(self.LeaveUp(self))
        elif event.key == "down" and not self.text:
            self.post_message(self.LeaveDown(self))
        else:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()

    def _submit(self) -> None:
        typed = self.text
        if not typed.strip():
            return
        if self.rubric is None:
            self.post_message(self.Early(self, typed))
            self.set_draft("")  # at once: a second Enter must not hand it up twice
            return
        draft = read_draft(typed, self.rubric)
        warning = unknown_warning(draft, self.rubric)
        if warning and self._confirmed != typed:
            # Flag once; the same draft submitted again is kept as typed.
            self._confirmed = typed
            self.post_message(self.Flagged(self, warning))
            return
        if not draft.text and not draft.tags:
            self.post_message(self.Flagged(self, "A note needs some text or a tag."))
            return
        self._confirmed = None
        self.post_message(self.Submitted(self, draft))
        if self.clear_on_submit:
            # At once, like `Early`: on a busy machine the next keys are already queued
            # behind this Enter, and they go into the empty input before the screen runs.
            self.set_draft("")

    def _complete(self) -> None:
        if self.rubric is None:
            return
        self._cycle = tab(self.text, self.rubric, self._cycle)
        if self._cycle is not None:
            self.set_draft(self._cycle.draft)
            # After the set_draft's Changed, so the screen's hint for the text comes first.
            self.post_message(self.Completed(self, self._cycle.hint()))

    def set_draft(self, text: str) -> None:
        """Replace the draft and put the cursor at its end."""
        self.text = text
        self.move_cursor(self.document.end)
