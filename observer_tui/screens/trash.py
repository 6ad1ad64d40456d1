"""The trash: sessions deleted from the list, newest first; r puts one back."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from observer_tui.commands import Command, action, bindings
from observer_tui.core.numbers import plural
from observer_tui.core.workspace import Change, Trashed, Unrestorable
from observer_tui.screens.base import HouseScreen
from observer_tui.widgets.shown import one_line, shown


def trashed_line(trashed: Trashed) -> Text:
    """A file in the trash: when, who, which class, how many notes; or why not readable."""
    session = trashed.session
    if session is None:
        return shown(Text(f"{trashed.path.name}: cannot be read", style="dim"), one_line=True)
    started = session.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
    who = one_line(session.teacher) or "(no teacher)"
    where = f" · {one_line(session.class_name)}" if session.class_name else ""
    return Text.assemble(
        (started, "bold"), f"  {who}{where} · {plural(len(session.notes), 'note')}"
    )


class TrashScreen(HouseScreen[None]):
    """What is in the trash folder; r (or Enter) moves the highlighted session back."""

    def __init__(self) -> None:
        super().__init__()
        self._trashed: list[Trashed] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Trash", style="bold"), id="trash-title", classes="screen-title")
        yield OptionList(id="trashed")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#trashed", OptionList).focus()
        self._read()

    def folder_changed(self, change: Change | None) -> None:
        self._read()

    @work(thread=True, exit_on_error=False, group="trash")
    def _read(self) -> None:
        trashed = self.workspace.trashed()
        self.app.call_from_thread(self._show, trashed)

    def _show(self, trashed: list[Trashed]) -> None:
        self._trashed = trashed
        listed = self.query_one("#trashed", OptionList)
        highlighted = listed.highlighted
        listed.clear_options()
        listed.add_options(Option(trashed_line(t), id=str(t.path)) for t in trashed)
        if trashed:
            listed.highlighted = min(highlighted or 0, len(trashed) - 1)
        where = one_line(str(self.workspace.data.trash))
        title = f"Trash: {plural(len(trashed), 'session')}" if trashed else "Trash: empty"
        self.query_one("#trash-title", Static).update(Text(f"{title} · {where}", style="bold"))

    @on(OptionList.OptionSelected, "#trashed")
    def action_restore(self) -> None:
        index = self.query_one("#trashed", OptionList).highlighted
        if index is not None and index < len(self._trashed):
            self._restore(self._trashed[index])

    @work(thread=True, exit_on_error=False, group="trash")
    def _restore(self, trashed: Trashed) -> None:
        try:
            session = self.workspace.restore(trashed.path)
        except Unrestorable as refused:
            self.app.call_from_thread(self._status, f"Not restored. {refused}", "warning")
        except OSError as error:
            message = f"Could not restore {trashed.path.name}: {error.strerror or error}"
            self.app.call_from_thread(self._status, message, "error")
        else:
            who = one_line(session.teacher) or "an unnamed teacher"
            started = session.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
            message = f"Restored the session with {who} on {started} to the session list."
            self.app.call_from_thread(self._status, message)
        trashed_now = self.workspace.trashed()
        self.app.call_from_thread(self._show, trashed_now)

    def _status(self, text: str, kind: str = "") -> None:
        status = self.query_one("#status", Static)
        status.set_classes(kind)
        status.update(shown(Text(text)))

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = (
        Command("r", action(action_restore), "Restore", "Move the highlighted session back"),
        Command("escape", action(action_back), "Back", "Back to the session list"),
    )
    BINDINGS = bindings(ACTIONS)
