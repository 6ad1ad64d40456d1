"""The command line: parse the arguments, then run the command asked for.

One module per command group, each imported only when its command runs: `observe` is on
screen before the models load, and only `cli.observe` loads textual (import-linter holds
that, see pyproject.toml).
"""

from __future__ import annotations

import sys

from observer_tui.cli.arguments import parser
from observer_tui.core.locations import DataFolder


def main(argv: list[str] | None = None) -> int:
    """Run observer-tui; returns the exit code."""
    arguments = parser().parse_args(argv)
    data = DataFolder.resolve(arguments.data_dir)
    if arguments.command == "cache":
        from observer_tui.cli import cache

        return cache.run(arguments)
    if arguments.command not in (None, "observe"):  # the app shows them on screen
        for warning in data.warnings():
            print(f"observer-tui: warning: {warning}", file=sys.stderr)
    if arguments.command == "export":
        from observer_tui.cli.export import run_export

        return run_export(data, arguments)
    if arguments.command in ("rubrics", "profiles"):
        from observer_tui.cli import rubrics

        return rubrics.run(data, arguments)
    if arguments.command in ("sessions", "search", "stats"):
        from observer_tui.cli import library

        return library.run(data, arguments)
    from observer_tui.cli import observe

    return observe.run(data, arguments)
