"""The notes log: one entry per note, newest at the bottom, text shown literally."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from observer_tui.core.kinds import NoteKind
from observer_tui.core.timer import clock_text
from observer_tui.core.visible import visible
from observer_tui.widgets.shown import Clipped, shown

if TYPE_CHECKING:
    from observer_tui.core.session import Note

KIND_STYLES = {
    NoteKind.PLAIN: ("·", "dim"),
    NoteKind.STRENGTH: ("+", "bold green"),
    NoteKind.GROWTH: ("-", "bold yellow"),
    NoteKind.QUESTION: ("?", "bold cyan"),
    NoteKind.SURPRISE: ("!", "bold magenta"),
}
SHOWN_LINES = 8
SHOWN_CHARACTERS = 1500
WRAPPED_LINES = 3
"""The log shows this many screen lines of a note; a longer one ends in '…' (e shows all)."""


def note_line(note: Note) -> Table:
    """A note as the log shows it: time and kind, then tags and text wrapped in their own
    column. The text is never read as markup; a huge paste shows its first lines only."""
    text = note.text
    lines = text.split("\n")
    hidden = ""
    if len(lines) > SHOWN_LINES or len(text) > SHOWN_CHARACTERS:
        text = "\n".join(lines[:SHOWN_LINES])[:SHOWN_CHARACTERS]
        hidden = f" … ({len(note.text) - len(text)} more characters, kept in full)"
    symbol, style = KIND_STYLES[note.kind]
    when = Text.assemble(" ", (clock_text(note.offset), "bold"))
    when.append(f" {symbol}", style=style)
    body = Text()
    if note.private:
        body.append("coach-only ", style="bold yellow")
    if note.kind is not NoteKind.PLAIN:
        body.append(f"{note.kind.label} ", style=style)
    if note.tags:
        body.append(" ".join(f"#{tag}" for tag in note.tags) + " ", style="bold blue")
    body.append(visible(text))  # before Rich drops a BEL or a CR unseen
    if hidden:
        body.append(hidden, style="dim italic")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(when, Clipped(shown(body), WRAPPED_LINES))
    return grid


class NotesLog(OptionList):
    """The session's notes, kept in step with it by the observation screen."""

    DEFAULT_CSS = """
    NotesLog {
        height: 1fr;
        border: none;
        border-left: tall $border-blurred;
        padding: 0 1 0 0;
    }
    /* Focus changes only the colour: a border that came and went would change how many
    lines show, and the highlighted note could slip out of view. */
    NotesLog:focus {
        border: none;
        border-left: tall $border;
    }
    """

    def show_notes(self, notes: Sequence[Note]) -> None:
        """Show these notes, newest at the bottom, scrolled to the newest."""
        self.clear_options()
        self.add_options(Option(note_line(note), id=note.id) for note in notes)
        self.scroll_end(animate=False)

    def add_note(self, note: Note) -> None:
        """Append a note and scroll to it."""
        self.add_option(Option(note_line(note), id=note.id))
        self.scroll_end(animate=False)

    def insert_note(self, index: int, note: Note) -> None:
        """Put a note back at a position (after an undo), keeping the order."""
        options = [self.get_option_at_index(i) for i in range(self.option_count)]
        options.insert(index, Option(note_line(note), id=note.id))
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        self.highlighted = index if highlighted is not None else None

    def update_note(self, note: Note) -> None:
        """Redraw one note (OptionList then re-measures every entry: keep it to edits)."""
        self.replace_option_prompt(note.id, note_line(note))

    def remove_note(self, note_id: str) -> None:
        """Take a note out of the log."""
        self.remove_option(note_id)

    @property
    def highlighted_note_id(self) -> str | None:
        """The id of the highlighted note, if any."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def open_on_newest(self) -> None:
        """Focus the log with the newest note highlighted (the one a coach usually fixes),
        scrolled fully into view once the focused border has changed the size."""
        self.focus()
        self.highlighted = self.option_count - 1
        self.reveal()

    def select_note(self, note_id: str) -> None:
        """Highlight this note and scroll it into view."""
        self.highlighted = self.get_option_index(note_id)
        self.reveal()

    def reveal(self) -> None:
        """Scroll the highlighted note fully into view."""
        self.scroll_to_highlight()

    def highlight_shown(self) -> bool:
        """Whether the highlighted note is wholly on screen (so a key acting on it acts on
        what the coach sees)."""
        index = self.highlighted
        if index is None:
            return False
        # Textual keeps where each option's lines start only privately (8.2).
        first = self._index_to_line.get(index)
        if first is None:
            return False
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        return top <= first and first + self._heights[index] <= top + height
