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
from observer_tui.core.workspace import Workspace


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Open on the observation screen (`observe`) or on the session list."""
    warnings: list[str] = []
    try:
        data.create()
    except OSError as error:
        warnings.append(f"Cannot create the data folder {data.root}: {error.strerror or error}")
    warnings += data.warnings()
    coach = os.environ.get("OBSERVER_TUI_COACH") or getpass.getuser()
    workspace = Workspace(data, coach=coach, cache=cache_folder())
    if arguments.command == "observe":
        # The rubrics, profiles and past sessions are read by the app, after its first paint.
        app = ObserverApp(workspace, observe_request(arguments), warnings=warnings)
        app.run()
        return app.return_code or 0
    if not workspace.read_rubrics().rubrics:
        print("observer-tui: no valid rubric found", file=sys.stderr)
        return 2
    ObserverApp(workspace, warnings=warnings).run()
    return 0
