"""The command line: parse the arguments, then run the command asked for.

One module per command group, each imported only when its command runs: `observe` is on
screen before the models load, and only `cli.observe` loads textual (import-linter holds
that, see pyproject.toml).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO, cast

from observer_tui.cli.arguments import parser
from observer_tui.core.locations import DataFolder
from observer_tui.core.visible import terminal_safe


class SafeOutput:
    """A text stream that passes what it is given through `terminal_safe`: whatever a
    message or a table left in by mistake, no escape code reaches the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def main(argv: list[str] | None = None) -> int:
    """Run observer-tui; returns the exit code. Every command but the app prints through
    `SafeOutput`, the last guard behind the formatting of each (core/visible.py)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast(TextIO, SafeOutput(out)), cast(TextIO, SafeOutput(err))
    try:
        arguments = parser().parse_args(argv)
        if arguments.command in (None, "observe") or _walk_in_app(arguments):
            # The app draws with escape codes of its own, on the real streams.
            sys.stdout, sys.stderr = out, err
        return run(arguments)
    except BrokenPipeError:
        # `observer-tui sessions list | head` closed the pipe: the reader has what it
        # wanted. Python's own flush at exit would fail again, so stdout goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        return 0
    finally:
        sys.stdout, sys.stderr = out, err


def _walk_in_app(arguments: argparse.Namespace) -> bool:
    """`walk` without --list or --json runs the app, on the walk screen."""
    return arguments.command == "walk" and not (arguments.list or arguments.json)


def run(arguments: argparse.Namespace) -> int:
    """Run the command parsed from the command line (as `main`, without the guard)."""
    data = DataFolder.resolve(arguments.data_dir)
    if arguments.command == "cache":
        from observer_tui.cli import cache

        return cache.run(arguments)
    if arguments.command == "keys":  # the keys are the screens': through the app's module
        from observer_tui.cli import observe

        return observe.run_keys(arguments)
    if arguments.command not in (None, "observe") and not _walk_in_app(arguments):
        # The app shows them on screen.
        for warning in data.warnings():
            print(f"observer-tui: warning: {warning}", file=sys.stderr)
    if arguments.command == "export":
        from observer_tui.cli.export import run_export

        return run_export(data, arguments)
    if arguments.command == "agree":
        from observer_tui.cli import agree

        return agree.run(data, arguments)
    if arguments.command in ("rubrics", "profiles"):
        from observer_tui.cli import rubrics

        return rubrics.run(data, arguments)
    if arguments.command == "steps":
        from observer_tui.cli import steps

        return steps.run(data, arguments)
    if arguments.command == "walk" and not _walk_in_app(arguments):
        from observer_tui.cli import walks

        return walks.run(data, arguments)
    if arguments.command in ("sessions", "search", "stats"):
        from observer_tui.cli import library

        return library.run(data, arguments)
    from observer_tui.cli import observe

    return observe.run(data, arguments)
