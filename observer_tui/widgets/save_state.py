"""The save indicator: hands each change up to be saved and shows when it is on disk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from observer_tui.messages import SessionChanged

if TYPE_CHECKING:
    from observer_tui.core.session import Session
    from observer_tui.core.storage import SaveResult


class SaveState(Static):
    """'● saving' until the writer reports the latest revision on disk, then '✓ saved';
    '⚠ NOT SAVED' (and one notification per failing streak) while the disk refuses. What a
    save did in a shared folder (merged another laptop's notes; kept the notes in the trash
    because the session was deleted elsewhere) is said once, in a notification."""

    DEFAULT_CSS = """
    SaveState { width: auto; padding: 0 1; }
    SaveState.saved { color: $success; }
    SaveState.saving { color: $text-muted; }
    SaveState.error { background: $error; color: $text; text-style: bold; }
    """

    def __init__(self, session_id: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session_id = session_id
        """The session whose saves are shown ('' until it is known)."""
        self._latest = 0
        self._saved = 0
        self._failing = False
        self._told: str | None = None

    def changed(self, session: Session, revision: int) -> SessionChanged:
        """The session changed: show it is on its way, and return the message for the
        screen to post up to the app (a message a screen creates stops at that screen if
        a child posts it)."""
        self._latest = revision
        self._show("● saving", "saving")
        return SessionChanged(session, revision)

    def report(self, result: SaveResult) -> None:
        """The writer reports a save (its screen hands down every one; others are ignored)."""
        if result.session_id != self.session_id:
            return
        if result.error is not None:
            if not self._failing:
                self.notify(
                    f"Cannot save: {result.error}. Everything is kept here and saving is "
                    "retried every few seconds; nothing already saved is lost.",
                    title="Not saved",
                    severity="error",
                    timeout=20,
                    markup=False,
                )
            self._failing = True
            self._show("⚠ NOT SAVED", "error")
            return
        self._failing = False
        self._saved = max(self._saved, result.revision)
        written = result.written
        if written is not None and written.notice and written.notice != self._told:
            # Merged another laptop's notes, or kept them in the trash: said once.
            self._told = written.notice
            self.notify(
                written.notice,
                title="Shared folder",
                severity="warning" if written.warning else "information",
                markup=False,
            )
        if self._saved >= self._latest:
            in_trash = written is not None and written.in_trash
            self._show("✓ kept in trash" if in_trash else "✓ saved", "saved")

    def _show(self, text: str, kind: str) -> None:
        self.set_classes(kind)
        self.update(Text(text))
