"""`observer-tui observe` and the bare `observer-tui`: run the app.

The one command-line module that imports the app (and so textual).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from observer_tui.app import ObserverApp
from observer_tui.cli.arguments import observe_request
from observer_tui.core.locations import DataFolder, cache_folder


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Open on the observation screen (`observe`) or on the session list."""
    warnings: list[str] = []
    try:
        data.create()
    except OSError as error:
        warnings.append(f"Cannot create the data folder {data.root}: {error.strerror or error}")
    coach = os.environ.get("OBSERVER_TUI_COACH") or getpass.getuser()

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
