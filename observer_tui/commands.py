"""Each action is defined once: its key, title and help build both BINDINGS and the palette."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    """One thing the coach can do on a screen."""

    key: str
    """The key (or comma-separated keys) that runs it."""
    action: str
    """The screen action it runs."""
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
        # Function keys take priority so a focused text area (which binds F5-F7) never
        # swallows them; letter keys stay ordinary so inputs can type them.
        priority = re.fullmatch(r"f\d+", self.key) is not None
        return Binding(
            self.key, self.action, self.title, show=self.show, tooltip=self.help, priority=priority
        )


def bindings(commands: Iterable[Command]) -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """Textual bindings for a list of commands."""
    return [command.binding() for command in commands]
