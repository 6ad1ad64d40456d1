"""Each action is defined once: its key, title and help build BINDINGS, the help screen and
the command palette.

A command names its action by the screen's method itself (`action(action_focus_tag, 0)`),
so a renamed method or a wrong argument is a type error, not a key that silently does
nothing. Screens define `ACTIONS` after their action methods, for that reason.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Concatenate, ParamSpec

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Provider

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
    """The key (or comma-separated keys) that runs it."""
    action: str
    """The screen action it runs, made by `action(...)`."""
    title: str
    """A short name, shown in the footer and the command palette."""
    help: str
    """One line saying what it does, shown in help and the palette."""
    show: bool = True
    """Whether the footer shows it (help and the palette always do)."""

    @property
    def key_display(self) -> str:
        """The key as the help screen shows it."""
        first = self.key.split(",")[0]
        return "+".join(
            part.upper() if re.fullmatch(r"f\d+|[a-z]", part) else part.capitalize()
            for part in first.split("+")
        )

    def binding(self) -> Binding:
        # Function and Ctrl keys take priority so a focused text area (which binds F5-F7)
        # never swallows them; letter keys stay ordinary so inputs can type them.
        priority = any(re.fullmatch(r"f\d+|ctrl\+.+", key) for key in self.key.split(","))
        return Binding(
            self.key, self.action, self.title, show=self.show, tooltip=self.help, priority=priority
        )


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

    async def discover(self) -> AsyncGenerator[DiscoveryHit, None]:
        for command in self._available():
            help_text = f"{command.help} ({command.key_display})"
            yield DiscoveryHit(command.title, self._run(command), help=help_text)

    async def search(self, query: str) -> AsyncGenerator[Hit, None]:
        matcher = self.matcher(query)
        for command in self._available():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    self._run(command),
                    help=f"{command.help} ({command.key_display})",
                )
