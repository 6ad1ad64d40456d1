"""Command line: parse arguments, load the rubrics, run the app."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from observer_tui import __version__
from observer_tui.core.locations import DATA_DIR_VARIABLE, DataFolder
from observer_tui.core.requests import ObservationPlan, check_focus, check_minutes
from observer_tui.core.rubrics import load_library


def parser() -> argparse.ArgumentParser:
    """The command line, with `observe` for walking straight into a lesson."""
    main = argparse.ArgumentParser(
        prog="observer-tui",
        description="Lesson drop-ins for instructional coaches: timed, tagged notes "
        "against a rubric, saved as you type.",
    )
    main.add_argument("--version", action="version", version=f"observer-tui {__version__}")
    main.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where sessions and rubrics live (default: ${DATA_DIR_VARIABLE}, "
        "else your user data folder)",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    observe = commands.add_parser(
        "observe", help="open straight on the observation screen, ready to type"
    )
    observe.add_argument("teacher", nargs="?", default="", help="the teacher's name")
    observe.add_argument("--rubric", metavar="ID", help="rubric id (default: teach)")
    observe.add_argument("--minutes", type=int, metavar="N", help="planned length")
    observe.add_argument("--focus", nargs="+", default=[], metavar="CODE", help="1-2 element codes")
    observe.add_argument("--class", dest="context", default="", help="class or lesson")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run observer-tui; returns the exit code."""
    arguments = parser().parse_args(argv)
    data = DataFolder.resolve(arguments.data_dir)
    warnings: list[str] = []
    try:
        data.create()
    except OSError as error:
        warnings.append(f"Cannot create the data folder {data.root}: {error.strerror or error}")
    library = load_library(data.rubrics)
    if not library.rubrics:
        print("observer-tui: no valid rubric found", file=sys.stderr)
        return 2
    plan = None
    if arguments.command == "observe":
        rubric = library.get(arguments.rubric) if arguments.rubric else library.default()
        if rubric is None:
            known = ", ".join(sorted(library.rubrics))
            print(f"observer-tui: no rubric '{arguments.rubric}' (have: {known})", file=sys.stderr)
            return 2
        try:
            focus = check_focus(rubric, arguments.focus)
            minutes = check_minutes(arguments.minutes, rubric)
        except ValueError as error:
            print(f"observer-tui: {error}", file=sys.stderr)
            return 2
        plan = ObservationPlan(arguments.teacher, arguments.context, rubric, focus, minutes)

    from observer_tui.app import ObserverApp

    coach = os.environ.get("OBSERVER_TUI_COACH") or getpass.getuser()
    ObserverApp(data, library, coach=coach, plan=plan, warnings=warnings).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
