"""The lesson's notes after the drop-in (debrief, summary): pick one to correct."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from observer_tui.core.timer import clock_text
from observer_tui.screens.edit_note import EditNoteScreen
from observer_tui.widgets.notes_log import NotesLog

if TYPE_CHECKING:
    from textual.app import App

    from observer_tui.core.debriefing import Debriefing
    from observer_tui.core.rubric import Rubric
    from observer_tui.core.session import Note


@dataclass(frozen=True)
class NoteChoice:
    """What the coach asked to do to which note."""

    do: Literal["edit", "private"]
    """Edit its text, tags and kind, or make it coach-only (or shared again)."""
    note_id: str


class NotesScreen(ModalScreen[NoteChoice | None]):
    """The notes, newest at the bottom: Enter or e edits, p makes coach-only, Esc closes.
    The screen below makes the change and opens this again on the same note."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", show=False),
        Binding("e", "choose('edit')", "Edit", show=False),
        Binding("p", "choose('private')", "Coach-only", show=False),
    ]

    def __init__(self, notes: Sequence[Note], selected: str | None = None, said: str = "") -> None:
        super().__init__()
        self._notes = notes
        self._selected = selected
        self._said = said

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notes-dialog"):
            yield Static(
                Text(f"The lesson's notes ({len(self._notes)})", style="bold"),
                classes="dialog-title",
            )
            yield NotesLog(id="all-notes")
            yield Static(Text(self._said), id="notes-said")
            yield Static(
                Text("Enter or e edits · p coach-only or shared · Esc closes", style="dim")
            )

    def on_mount(self) -> None:
        log = self.query_one(NotesLog)
        log.show_notes(self._notes)
        if not self._notes:
            self.query_one("#notes-said", Static).update(Text("No notes in this lesson."))
            return
        if self._selected is not None and any(n.id == self._selected for n in self._notes):
            log.focus()
            log.select_note(self._selected)
        else:
            log.open_on_newest()

    def action_choose(self, do: Literal["edit", "private"]) -> None:
        note_id = self.query_one(NotesLog).highlighted_note_id
        if note_id is not None:
            self.dismiss(NoteChoice(do, note_id))

    @on(NotesLog.OptionSelected, "#all-notes")
    def _selected_note(self) -> None:
        self.action_choose("edit")


async def correct_notes(
    app: App[object],
    debriefing: Debriefing,
    rubric: Rubric,
    changed: Callable[[Note, str], None],
) -> None:
    """Let the coach correct notes until Escape: pick one, edit it (EditNoteScreen) or
    make it coach-only; `changed` hears of each change, with what to tell the coach, and
    saves it. The list opens again on the note just changed."""
    said, selected = "", None
    while True:
        choice = await app.push_screen_wait(NotesScreen(debriefing.session.notes, selected, said))
        if choice is None:
            return
        selected, note = choice.note_id, debriefing.note(choice.note_id)
        when = clock_text(note.offset)
        if choice.do == "edit":
            draft = await app.push_screen_wait(EditNoteScreen("Edit note", note, rubric))
            if draft is None:
                said = ""
                continue
            note = debriefing.edit_note(note.id, draft, rubric)
            said = f"Saved the note at {when}."
        else:
            note = debriefing.toggle_private(note.id)
            said = (
                f"The note at {when} is coach-only: left out of the teacher's copy."
                if note.private
                else f"The note at {when} is shared with the teacher again."
            )
        changed(note, said)
