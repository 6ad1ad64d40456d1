"""Command line: parse arguments, load the rubrics, run the app."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from pathlib import Path

from observer_tui import __version__, library_cli, rubric_cli
from observer_tui.core.exports import FORMATS, export
from observer_tui.core.index import SessionSummary, scan_library
from observer_tui.core.locations import DATA_DIR_VARIABLE, FILE_MODE, DataFolder, cache_folder
from observer_tui.core.profiles import ProfileEntry, load_profiles
from observer_tui.core.requests import (
    ObservationPlan,
    check_focus,
    check_minutes,
    previous_step,
    remembered_profile,
)
from observer_tui.core.rubrics import RubricLibrary, load_library
from observer_tui.core.session import SESSION_ID_PATTERN, Session
from observer_tui.core.storage import read_session


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
    observe.add_argument("--profile", metavar="ID", help="school profile (rubric, length...)")
    export = commands.add_parser("export", help="write a session as Markdown, CSV or JSON")
    export.add_argument("session", metavar="SESSION", help="a session id or a session file")
    export.add_argument("--format", default="md", metavar="md|csv|json", help="default: md")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    export.add_argument(
        "--for-teacher",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="leave out private notes and answers (default; --no-for-teacher keeps them)",
    )
    rubric_cli.add_parsers(commands)
    library_cli.add_parsers(commands)
    return main


def find_session(data: DataFolder, name: str) -> Session:
    """A session by file path or by id; ValueError says what was not found or is wrong."""
    path = Path(name).expanduser()
    if not path.is_file():
        path = data.sessions / f"{name}.json"
        if not re.fullmatch(SESSION_ID_PATTERN, name) or not path.is_file():
            raise ValueError(f"no session '{name}' (give a session id or a file path)")
    try:
        return read_session(path)
    except (ValueError, OSError) as error:
        raise ValueError(f"{path}: {error}") from None


def run_export(data: DataFolder, arguments: argparse.Namespace) -> int:
    """`observer-tui export`: one line on stderr and exit 2 for anything wrong."""
    if arguments.format not in FORMATS:
        print(
            f"observer-tui: unknown format '{arguments.format}' (use md, csv or json)",
            file=sys.stderr,
        )
        return 2
    try:
        session = find_session(data, arguments.session)
    except ValueError as error:
        print(f"observer-tui: {error}", file=sys.stderr)
        return 2
    text = export(session, arguments.format, for_teacher=arguments.for_teacher)
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    # Excel reads CSV as UTF-8 only with a byte-order mark.
    encoding = "utf-8-sig" if arguments.format == "csv" else "utf-8"
    try:
        output = Path(arguments.output).expanduser()
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
    except OSError as error:
        print(f"observer-tui: cannot write {arguments.output}: {error.strerror}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run observer-tui; returns the exit code."""
    arguments = parser().parse_args(argv)
    data = DataFolder.resolve(arguments.data_dir)
    if arguments.command == "export":
        return run_export(data, arguments)
    if arguments.command in ("rubrics", "profiles"):
        return rubric_cli.run(data, arguments)
    if arguments.command in ("sessions", "search", "stats"):
        return library_cli.run(data, arguments)
    warnings: list[str] = []
    try:
        data.create()
    except OSError as error:
        warnings.append(f"Cannot create the data folder {data.root}: {error.strerror or error}")
    library = load_library(data.rubrics)
    if not library.rubrics:
        print("observer-tui: no valid rubric found", file=sys.stderr)
        return 2
    profiles = load_profiles(data.profiles, library.rubrics)
    plan = None
    if arguments.command == "observe":
        try:
            known = known_sessions(data) if arguments.teacher else []
            plan = observe_plan(library, profiles, arguments, known)
        except ValueError as error:
            print(f"observer-tui: {error}", file=sys.stderr)
            return 2

    from observer_tui.app import ObserverApp

    coach = os.environ.get("OBSERVER_TUI_COACH") or getpass.getuser()
    ObserverApp(
        data,
        library,
        profiles=profiles,
        coach=coach,
        plan=plan,
        warnings=warnings,
        cache=cache_folder(),
    ).run()
    return 0


def known_sessions(data: DataFolder) -> list[SessionSummary]:
    """Every session's summary, newest first, to prepare a drop-in from."""
    return scan_library(data.sessions, cache_folder()).summaries


def observe_plan(
    library: RubricLibrary,
    profiles: list[ProfileEntry],
    arguments: argparse.Namespace,
    known: list[SessionSummary],
) -> ObservationPlan:
    """The drop-in `observe` asks for; ValueError names what is wrong.

    What is not given comes from the teacher's past sessions (`known`, newest first): the
    school of their last drop-in, the element of their last agreed step as focus, and the
    name as those sessions spell it.
    """
    usable = {e.profile.id: e.profile for e in profiles if e.profile is not None}
    profile = None
    if arguments.profile:
        profile = usable.get(arguments.profile)
        if profile is None:
            raise ValueError(
                f"no usable profile '{arguments.profile}' (have: {', '.join(sorted(usable))}; "
                "see: observer-tui profiles list)"
            )
    elif not arguments.rubric:
        profile = usable.get(remembered_profile(known, arguments.teacher))
    rubric_id = arguments.rubric or (profile.rubric if profile else None)
    rubric = library.get(rubric_id) if rubric_id else library.default()
    if rubric is None:
        raise ValueError(f"no rubric '{rubric_id}' (have: {', '.join(sorted(library.rubrics))})")
    previous = previous_step(known, arguments.teacher)
    focus = arguments.focus
    if not focus and previous and previous.element and rubric.find(previous.element):
        focus = [previous.element]
    # The name as past sessions spell it, so 'jane doe' files with 'Jane Doe'.
    teacher = next((s.teacher for s in known if s.is_teacher(arguments.teacher)), arguments.teacher)
    return ObservationPlan(
        teacher.strip(),
        arguments.context,
        rubric,
        check_focus(rubric, focus),
        check_minutes(arguments.minutes, rubric, profile),
        profile,
        previous,
    )


if __name__ == "__main__":
    sys.exit(main())
