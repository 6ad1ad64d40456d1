"""The help screen: every key of the screen it was opened from, from the same definitions."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from observer_tui.commands import Command


class HelpScreen(ModalScreen[None]):
    """Lists keys and what they do; any of Escape, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1", "dismiss", "Close", show=False)]

    def __init__(
        self, title: str, commands: tuple[Command, ...], extra: list[tuple[str, str]]
    ) -> None:
        super().__init__()
        self._title = title
        self._commands = commands
        self._extra = extra

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for command in self._commands:
            table.add_row(command.key_display, command.help)
        for key, text in self._extra:
            table.add_row(key, text)
        table.add_row("Ctrl+P", "Command palette: every action by name")
        table.add_row("Ctrl+Q", "Quit (everything saved stays saved)")
        with VerticalScroll(classes="dialog help"):
            yield Static(Text.assemble((f"{self._title}: keys", "bold"), ("  Esc closes", "dim")))
            yield Static(table)
