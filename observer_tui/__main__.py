"""Command line: parse arguments, then run a command or the app."""

from __future__ import annotations

import getpass
import os
import sys

from observer_tui.cli import observe_request, parser
from observer_tui.core.locations import DataFolder, cache_folder


def main(argv: list[str] | None = None) -> int:
    """Run observer-tui; returns the exit code."""
    arguments = parser().parse_args(argv)
    data = DataFolder.resolve(arguments.data_dir)
    # Each command imports what it runs: `observe` is on screen before the models load.
    if arguments.command == "export":
        from observer_tui.export_cli import run_export

        return run_export(data, arguments)
    if arguments.command in ("rubrics", "profiles"):
        from observer_tui import rubric_cli

        return rubric_cli.run(data, arguments)
    if arguments.command in ("sessions", "search", "stats"):
        from observer_tui import library_cli

        return library_cli.run(data, arguments)
    warnings: list[str] = []
    try:
        data.create()
    except OSError as error:
        warnings.append(f"Cannot create the data folder {data.root}: {error.strerror or error}")
    coach = os.environ.get("OBSERVER_TUI_COACH") or getpass.getuser()
    from observer_tui.app import ObserverApp

    if arguments.command == "observe":
        # The rubrics, profiles and past sessions are read by the app, after its first paint.
        request = observe_request(arguments)
        app = ObserverApp(
            data, request=request, coach=coach, warnings=warnings, cache=cache_folder()
        )
        app.run()
        return app.return_code or 0
    from observer_tui.core.profiles import load_profiles
    from observer_tui.core.rubrics import load_library

    library = load_library(data.rubrics)
    if not library.rubrics:
        print("observer-tui: no valid rubric found", file=sys.stderr)
        return 2
    profiles = load_profiles(data.profiles, library.rubrics)
    ObserverApp(
        data, library, profiles=profiles, coach=coach, warnings=warnings, cache=cache_folder()
    ).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
