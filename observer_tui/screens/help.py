"""The help screen: every key of the screen it was opened from, from the same definitions,
as the coach's keymap file sets them. It is also the leader key: Ctrl+G then 7 does what
F7 does, on keyboards where F-keys need Fn, and Ctrl+G then a command's letter runs it
(Ctrl+G M for Mark, whose key is Insert, which a MacBook lacks)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from observer_tui.commands import Command
from observer_tui.house import keymap_of


class HelpScreen(ModalScreen[None]):
    """Lists keys and what they do; any of Escape, q, Ctrl+G or F1 closes it."""

    BINDINGS = [Binding("escape,q,ctrl+g,f1", "dismiss", "Close", show=False)]

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
        keymap = keymap_of(self)
        named: set[str] = set()
        for command in self._commands:
            if command.id and command.id in named:
                continue  # Resume, Pause's other name, has one line
            named.add(command.id)
            # Space-separated, so the longest lines still fit at 80 columns; with the
            # leader's way when no Ctrl+letter is among the keys (F7 or Ctrl+G 7).
            table.add_row(command.keys_to_read(keymap, " "), command.help)
        for key, text in self._extra:
            table.add_row(key, text)
        table.add_row("Ctrl+G 1…0", "The F-key of that number (0 is F10), without Fn")
        if any(command.leader for command in self._commands):
            table.add_row("Ctrl+G A…Z", "The command listed with that letter, without Fn")
        table.add_row("Ctrl+P", "Command palette: every action by name")
        table.add_row("Ctrl+Q", "Quit (everything saved stays saved)")
        table.add_row("", Text("Change keys in a keymap file: observer-tui keys", style="dim"))
        with VerticalScroll(classes="dialog help"):
            yield Static(Text.assemble((f"{self._title}: keys", "bold"), ("  Esc closes", "dim")))
            yield Static(table)

    def on_key(self, event: events.Key) -> None:
        """A digit runs the command of that F-key on the screen below, as the F-key would;
        a letter, the command whose `leader` it is (Ctrl+G M marks a session)."""
        character = event.character
        if not (character and len(character) == 1 and character.isascii()):
            return
        if character.isdigit():
            f_key = f"f{int(character) or 10}"
            keymap = keymap_of(self)

            def chosen(command: Command) -> bool:
                return f_key in command.keys_in_force(keymap).split(",")
        elif character.isalpha():

            def chosen(command: Command) -> bool:
                return command.leader == character.lower()
        else:
            return
        below = self.app.screen_stack[-2]
        for command in self._commands:
            _, name, parameters = parse(command.action)
            # As the F-key would: a command the screen does not allow now (Pause while
            # paused, when Resume has the key) is passed over.
            if chosen(command) and below.check_action(name, parameters):
                event.stop()
                self.dismiss()
                self.app.call_later(below.run_action, command.action)
                return
