"""`observer-tui observe` and the bare `observer-tui`: run the app.

The one command-line module that imports the app (and so textual).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from observer_tui.app import ObserverApp
from observer_tui.cli.arguments import observe_request, walk_request
from observer_tui.core.locations import DataFolder, cache_folder, keymap_file
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
        app = ObserverApp(
            workspace, observe_request(arguments), warnings=warnings, keymap_file=keymap_file()
        )
        app.run()
        return app.return_code or 0
    if not workspace.read_rubrics().rubrics:
        print("observer-tui: no valid rubric found", file=sys.stderr)
        return 2
    start = walk_request(arguments) if arguments.command == "walk" else None
    ObserverApp(workspace, start, warnings=warnings, keymap_file=keymap_file()).run()
    return 0


def run_keys(arguments: argparse.Namespace) -> int:
    """`observer-tui keys`: every command's binding id and keys in force, and the keymap
    file; `--toml`, a keymap file to start from. 1 if the file has entries left out."""
    from observer_tui.core.visible import visible
    from observer_tui.keymap import all_commands, keymap_template, keys_table, read_keymap

    commands = all_commands()
    keymap = read_keymap(keymap_file(), commands)
    if arguments.toml:
        print(keymap_template(commands, keymap.keys), end="")
    else:
        path = visible(str(keymap.path))
        if keymap.path.exists():
            print(f"Keys in force, with the keymap file {path}:\n")
        else:
            print(f"Keys in force (the defaults: there is no keymap file {path};")
            print("`observer-tui keys --toml` prints one to start from):\n")
        print(keys_table(commands, keymap.keys))
    if warning := keymap.warning():
        print(f"observer-tui: warning: {warning}", file=sys.stderr)
        return 1
    return 0
