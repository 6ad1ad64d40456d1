"""The command line's arguments: every command and option. Light on purpose: `observe` parses
its arguments and is on screen before the models load (bench/startup.py)."""

from __future__ import annotations

import argparse
from datetime import date

from observer_tui import __version__
from observer_tui.core.locations import DATA_DIR_VARIABLE
from observer_tui.core.numbers import whole_number
from observer_tui.core.requests import ObserveRequest, WalkRequest, parse_minutes
from observer_tui.core.tables import STATS_FORMATS


def parser() -> argparse.ArgumentParser:
    """The command line, with `observe` for walking straight into a lesson."""
    main = argparse.ArgumentParser(
        prog="observer-tui",
        description="Lesson drop-ins for instructional coaches: timed, tagged notes "
        "against a rubric, saved as you type.",
    )
    main.add_argument("--version", action="version", version=f"observer-tui {__version__}")
    main.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    observe = commands.add_parser(
        "observe", help="open straight on the observation screen, ready to type"
    )
    observe.add_argument("teacher", nargs="?", default="", help="the teacher's name")
    observe.add_argument("--rubric", metavar="ID", help="rubric id (default: teach)")
    observe.add_argument("--minutes", type=minutes, metavar="N", help="planned length")
    observe.add_argument("--focus", nargs="+", default=[], metavar="CODE", help="1-2 element codes")
    observe.add_argument("--class", dest="class_name", default="", help="class or lesson")
    observe.add_argument("--profile", metavar="ID", help="school profile (rubric, length...)")
    observe.add_argument(
        "--asked", default="", metavar="TEXT", help="what the teacher asked you to look at"
    )
    add_walk_parser(commands)
    export = commands.add_parser(
        "export", help="write a session as Markdown, HTML, CSV or JSON; or many as one CSV"
    )
    export.add_argument(
        "session", nargs="?", metavar="SESSION", help="a session id or a session file"
    )
    export.add_argument(
        "--format",
        default="md",
        metavar="FORMAT",
        help="md (default), html, csv, snapshots-csv, intervals-csv (COPUS) or json",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here (default: stdout); a CSV file starts with a byte-order mark for "
        "Excel, a CSV on stdout has none",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument(
        "--for-teacher",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="leave out coach-only notes and answers (default); --no-for-teacher keeps "
        "them, marked (a 'private' column in CSV)",
    )
    export.add_argument(
        "--all",
        action="store_true",
        help="every matching session's rows in one CSV (--format csv or snapshots-csv)",
    )
    export.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="with --all")
    export.add_argument(
        "--teacher", metavar="NAME", help="with --all: teachers whose name holds NAME"
    )
    export.add_argument("--coach", metavar="NAME", help="with --all: coaches whose name holds NAME")
    add_rubric_parsers(commands)
    add_steps_parsers(commands)
    add_library_parsers(commands)
    add_agree_parser(commands)
    add_cache_parsers(commands)
    keys = commands.add_parser(
        "keys", help="every key by binding id, and where the keymap file that changes them is"
    )
    keys.add_argument(
        "--toml", action="store_true", help="print a keymap file to start from, every line in it"
    )
    take_data_dir_after(main)
    return main


DATA_DIR_HELP = (
    f"where sessions and rubrics live (default: ${DATA_DIR_VARIABLE}, else your user data folder)"
)


def take_data_dir_after(command: argparse.ArgumentParser) -> None:
    """--data-dir after every command and action too, the order people type it
    (`observe --data-dir D`); given twice, the later one wins. SUPPRESS keeps a command
    that was not given it from setting the one before it back to None."""
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                sub.add_argument(
                    "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=DATA_DIR_HELP
                )
                take_data_dir_after(sub)


def iso_date(text: str) -> date:
    """A date as typed on the command line, e.g. 2026-09-01."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-09-01") from None


def observe_request(arguments: argparse.Namespace) -> ObserveRequest:
    """What `observe` was asked for, as parsed."""
    return ObserveRequest(
        arguments.teacher,
        arguments.class_name,
        arguments.rubric,
        arguments.minutes,
        tuple(arguments.focus),
        arguments.profile,
        arguments.asked,
    )


def add_walk_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`walk`: a learning walk over the teachers with an active step."""
    walk = commands.add_parser(
        "walk",
        help="a learning walk: each teacher's active step, longest since visited first",
    )
    walk.add_argument(
        "names", nargs="*", metavar="NAME", help="only these teachers (part of a name will do)"
    )
    walk.add_argument("--coach", metavar="NAME", help="only steps agreed by this coach")
    walk.add_argument("--profile", metavar="ID", help="only teachers last seen at this school")
    shown = walk.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true", help="print the rooms in order; no app")
    shown.add_argument("--json", action="store_true", help="the rooms in order, as JSON")


def walk_request(arguments: argparse.Namespace) -> WalkRequest:
    """What `walk` was asked for, as parsed."""
    return WalkRequest(arguments.coach, arguments.profile, tuple(arguments.names))


def minutes(text: str) -> int:
    """A planned length as typed: a whole number from 1 to 240."""
    try:
        return parse_minutes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("minutes: ")) from None


def days(text: str) -> int:
    """A number of days as typed: a whole number, 1 or more."""
    number = whole_number(text)
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days, 1 or more")
    return number


MOST_WEEKS = 104
"""The widest droughts grid: two school years."""


def weeks(text: str) -> int:
    """A number of weeks as typed: a whole number, 1 to MOST_WEEKS."""
    number = whole_number(text)
    if number is None or not 1 <= number <= MOST_WEEKS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a whole number of weeks, 1 to {MOST_WEEKS}"
        )
    return number


def add_rubric_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `rubrics` and `profiles` command groups."""
    rubrics = commands.add_parser("rubrics", help="list, show, check, import and start rubrics")
    actions = rubrics.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every rubric: id, name, version, source, elements, valid")
    show = actions.add_parser("show", help="one rubric's areas, elements, codes and look-fors")
    show.add_argument("rubric_id", metavar="ID")
    validate = actions.add_parser(
        "validate", help="check rubric (.json, .csv) or profile files; exit 1 if any is invalid"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    import_ = actions.add_parser("import", help="turn a spreadsheet (CSV) into a rubric")
    import_.add_argument("csv_file", metavar="FILE.csv")
    import_.add_argument("--id", dest="rubric_id", help="rubric id (default: from the file name)")
    import_.add_argument("--name", help="rubric name (default: from the file name)")
    import_.add_argument("--force", action="store_true", help="replace a rubric with this id")
    import_.add_argument(
        "--intervals",
        type=float,
        metavar="MINUTES",
        help="interval coding (COPUS-style): tick codes every MINUTES of observing",
    )
    actions.add_parser("schema", help="the JSON Schema of a rubric file")
    new = actions.add_parser("new", help="print a starter rubric that explains itself")
    new.add_argument("--csv", action="store_true", help="a starter spreadsheet instead of JSON")

    profiles = commands.add_parser("profiles", help="school profiles: list them, start one")
    profile_actions = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    profile_actions.add_parser("list", help="every profile: id, school, rubric, minutes, valid")
    new_profile = profile_actions.add_parser("new", help="write a profile for a school")
    new_profile.add_argument("profile_id", metavar="ID", help="e.g. oak-primary")
    new_profile.add_argument("--name", required=True, help="the school, e.g. 'Oak Primary'")
    new_profile.add_argument("--rubric", required=True, metavar="ID", help="the school's rubric")
    new_profile.add_argument(
        "--minutes", type=minutes, metavar="N", help="usual drop-in length, 1 to 240"
    )
    new_profile.add_argument("--force", action="store_true", help="replace a profile")


def add_steps_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `steps` command group: action-step banks."""
    steps = commands.add_parser("steps", help="action-step banks: list, show, check, import")
    actions = steps.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every bank step: id, bank, elements, strand")
    listing.add_argument("--bank", metavar="ID", help="only this bank's steps")
    listing.add_argument("--element", metavar="CODE", help="only steps serving this element")
    listing.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    show = actions.add_parser(
        "show", help="one step (model, rehearsal, cues), or a bank's steps by strand"
    )
    show.add_argument("step_id", metavar="ID", help="a step id, BANK/STEP, or a bank id")
    validate = actions.add_parser(
        "validate", help="check bank files (.json, .csv); exit 1 if any is invalid"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument(
        "--rubric", metavar="ID", help="the rubric a .csv file's codes are checked against"
    )
    import_ = actions.add_parser("import", help="turn a spreadsheet (CSV) into a step bank")
    import_.add_argument("csv_file", metavar="FILE.csv")
    import_.add_argument("--id", dest="bank_id", help="bank id (default: from the file name)")
    import_.add_argument("--name", help="bank name (default: from the file name)")
    import_.add_argument(
        "--rubric", required=True, metavar="RUBRIC", help="the rubric whose codes it uses"
    )
    import_.add_argument("--force", action="store_true", help="replace a bank with this id")
    actions.add_parser("schema", help="the JSON Schema of a step bank file")
    new = actions.add_parser("new", help="print a starter bank that explains itself")
    new.add_argument("--csv", action="store_true", help="a starter spreadsheet instead of JSON")


def add_library_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `sessions`, `search` and `stats` commands."""
    sessions = commands.add_parser("sessions", help="the session library, for scripts")
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every session, newest first")
    listing.add_argument("--teacher", metavar="NAME", help="only this teacher's sessions")
    listing.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    found = commands.add_parser("search", help="find text in notes, debrief answers and steps")
    found.add_argument("text", nargs="+", metavar="TEXT", help="every word must be in the line")
    stats = commands.add_parser("stats", help="drop-ins and debriefs per coach and week")
    stats.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD")
    stats.add_argument("--coach", metavar="NAME")
    stats.add_argument("--days", type=days, default=21, metavar="N", help="not seen in N days")
    stats.add_argument("--format", default="table", choices=STATS_FORMATS)
    view = stats.add_mutually_exclusive_group()
    view.add_argument(
        "--quality",
        action="store_true",
        help="the quality of the debriefs per coach and week, and stacked steps",
    )
    view.add_argument(
        "--coverage",
        type=weeks,
        metavar="WEEKS",
        help="droughts: which teachers were seen in each of the last WEEKS weeks",
    )
    view.add_argument(
        "--calibration",
        action="store_true",
        help="each coach's lessons recorded with another coach, and how far they agreed",
    )


def add_agree_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `agree` command: two coaches' records of one lesson compared."""
    agree = commands.add_parser(
        "agree", help="how far two coaches' ratings, snapshots and notes of one lesson agree"
    )
    agree.add_argument(
        "sessions",
        nargs="*",
        metavar="SESSION",
        help="two sessions (ids or files); one finds the other coach's session of its lesson",
    )
    agree.add_argument(
        "--reference",
        metavar="SESSION",
        help="a trainer's master session, compared with every other coach's session of its "
        "lesson (or with the SESSIONs given)",
    )
    agree.add_argument("--format", default="table", choices=("table", "json"))


def add_cache_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `cache` command group."""
    cache = commands.add_parser(
        "cache", help="the session indexes kept on this computer (they hold the notes' text)"
    )
    actions = cache.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="each index: its sessions folder, size, and if still in use")
    clear = actions.add_parser(
        "clear", help="remove the indexes (rebuilt from the session files when next needed)"
    )
    clear.add_argument(
        "--stale", action="store_true", help="only those of sessions folders that no longer exist"
    )
