"""Each action is defined once: its key, title and help build BINDINGS, the help screen and
the command palette.

A command names its action by the screen's method itself (`action(action_focus_tag, 0)`),
so a renamed method or a wrong argument is a type error, not a key that silently does
nothing. Screens define `ACTIONS` after their action methods, for that reason.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import AsyncGenerator, Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Concatenate, ParamSpec

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Provider
from textual.dom import DOMNode
from textual.keys import format_key

from observer_tui.house import keymap_of

P = ParamSpec("P")


def action(method: Callable[Concatenate[Any, P], object], *args: P.args, **kwargs: P.kwargs) -> str:
    """The action string Textual runs for a screen's `action_...` method, with arguments
    (positional only) that the type checker holds against the method's signature."""
    if kwargs:
        raise TypeError("actions take positional arguments only")
    name = method.__name__.removeprefix("action_")
    return f"{name}({', '.join(repr(a) for a in args)})" if args else name


@dataclass(frozen=True)
class Command:
    """One thing the coach can do on a screen."""

    key: str
    """The key (or comma-separated keys) that runs it. The footer shows the first: a key
    that needs no Fn (Ctrl+letter), since a laptop's F-keys often need Fn held down."""
    action: str
    """The screen action it runs, made by `action(...)`."""
    title: str
    """A short name, shown in the footer and the command palette."""
    help: str
    """One line saying what it does, shown in help and the palette."""
    show: bool = True
    """Whether the footer shows it (help and the palette always do)."""
    id: str = ""
    """The binding id a keymap file names it by, `screen.title` (set by `screen_commands`)."""
    leader: str = ""
    """A letter that runs it after the leader key, Ctrl+G (help): for a command whose keys
    need Fn (F11), Insert or a key some layouts lack (Ctrl+]). Not a digit (Ctrl+G 7 is
    F7) nor q (which closes help)."""

    @property
    def key_display(self) -> str:
        """The default keys as the help screen shows them."""
        return keys_display(self.key)

    @property
    def works_while_typing(self) -> bool:
        """Whether it runs while a text field has focus: its keys are F-keys or Ctrl+keys,
        which take priority so a focused text area (which binds F5-F7) never swallows
        them. Letter keys stay ordinary so inputs can type them."""
        return any(re.fullmatch(r"f\d+|ctrl\+.+", key) for key in self.key.split(","))

    def keys_in_force(self, keymap: Mapping[str, str]) -> str:
        """Its keys after the coach's keymap file, comma-separated."""
        return keymap.get(self.id) or self.key

    def keys_to_read(self, keymap: Mapping[str, str], between: str = ", ") -> str:
        """Its keys in force as people read them, then the leader's ways when no Ctrl+letter
        is among them: `F7 or Ctrl+G 7`, `Insert or Ctrl+G M`, `Ctrl+], F11 or Ctrl+G W`."""
        keys = [key.strip() for key in self.keys_in_force(keymap).split(",")]
        ways = [keys_display(",".join(keys), between)]
        if not any(re.fullmatch(r"ctrl\+[a-z]", key) for key in keys):
            f_keys = [int(key[1:]) for key in keys if re.fullmatch(r"f\d+", key)]
            ways += [f"{LEADER} {n % 10}" for n in f_keys if n <= 10]
        if self.leader:
            ways.append(f"{LEADER} {self.leader.upper()}")
        return " or ".join(ways)

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.title,
            show=self.show,
            tooltip=self.help,
            priority=self.works_while_typing,
            id=self.id or None,
        )


LEADER = "Ctrl+G"
"""The leader key as help names it: Ctrl+G then a digit is that F-key (0 is F10), then a
command's `leader` letter runs that command (screens/help.py)."""


def key_part(name: str) -> str:
    """One part of a key as people read it: `f9` is `F9`, `b` is `B`, `insert` is
    `Insert`, and a character's name is the character (`right_square_bracket` is `]`)."""
    if re.fullmatch(r"f\d+|[a-z]", name):
        return name.upper()
    character = format_key(name)
    if len(character) == 1 and character in string.punctuation:
        return character
    return name.capitalize()


def keys_display(keys: str, between: str = ", ") -> str:
    """Comma-separated keys as people read them: `ctrl+b,f9` is `Ctrl+B, F9`, and
    `ctrl+right_square_bracket` is `Ctrl+]`."""
    return between.join(
        "+".join(key_part(part) for part in key.strip().split("+")) for key in keys.split(",")
    )


def key_of(node: DOMNode, binding_id: str, short: bool = False) -> str:
    """The key a hint on screen names for one of its screen's commands: the first key in
    force, `Ctrl+S` (or `^s` as the footer shows it, if `short`); "" for no such command."""
    commands: tuple[Command, ...] = getattr(node.screen, "ACTIONS", ())
    for command in commands:
        if command.id == binding_id:
            key = command.keys_in_force(keymap_of(node)).split(",")[0].strip()
            if short and key.startswith("ctrl+"):
                # As the footer shows it: ^b, and ^] for Ctrl+].
                name = key.removeprefix("ctrl+")
                return "^" + (name if len(name) == 1 else key_part(name))
            return keys_display(key)
    return ""


def ways_of(node: DOMNode, binding_id: str) -> str:
    """Every way to run one of its screen's commands, for a hint that must name one the
    coach's keyboard has: `Insert or Ctrl+G M`; "" for no such command."""
    commands: tuple[Command, ...] = getattr(node.screen, "ACTIONS", ())
    for command in commands:
        if command.id == binding_id:
            return command.keys_to_read(keymap_of(node))
    return ""


def slug(title: str) -> str:
    """A title as a binding id's last part: `Focus 1` is `focus_1`."""
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def screen_commands(screen: str, *commands: Command) -> tuple[Command, ...]:
    """A screen's commands, each with its binding id `screen.title` (`observation.pause`):
    the names a keymap file uses, so they stay as they are once released."""
    return tuple(
        dataclasses.replace(command, id=command.id or f"{screen}.{slug(command.title)}")
        for command in commands
    )


FORM_TAB_KEYS = [
    Binding("tab", "app.focus_next", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", show=False, priority=True),
]
"""Tab and Shift+Tab for a form, run as they arrive: otherwise a Tab typed fast (or pasted)
after a name moves on only once the name's keys are taken in, and the keys after the Tab
land in the name too."""


def bindings(commands: Iterable[Command]) -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """Textual bindings for a list of commands."""
    return [command.binding() for command in commands]


class ScreenCommands(Provider):
    """The palette's entries for the screen on top: its own commands, those it allows now."""

    def _available(self) -> list[Command]:
        screen = self.screen
        commands: tuple[Command, ...] = getattr(screen, "ACTIONS", ())
        return [c for c in commands if screen.check_action(parse(c.action)[1], parse(c.action)[2])]

    def _run(self, command: Command) -> Callable[[], object]:
        return partial(self.screen.run_action, command.action)

    def _help(self, command: Command) -> str:
        return f"{command.help} ({command.keys_to_read(keymap_of(self.screen))})"

    async def discover(self) -> AsyncGenerator[DiscoveryHit, None]:
        for command in self._available():
            yield DiscoveryHit(command.title, self._run(command), help=self._help(command))

    async def search(self, query: str) -> AsyncGenerator[Hit, None]:
        matcher = self.matcher(query)
        for command in self._available():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    self._run(command),
                    help=self._help(command),
                )
