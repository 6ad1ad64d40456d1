"""`observer-tui export`: a session as Markdown, HTML, CSV or JSON; or many as one CSV."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from observer_tui.cli.output import complain, warn
from observer_tui.core.exports import (
    CSV_FORMATS,
    FORMATS,
    chosen_files,
    coach_export,
    csv_header,
    csv_rows,
    encoded,
    snapshot_field_ids,
    teacher_copy,
    teacher_export,
    write_streamed,
)
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import SESSION_ID_PATTERN, Session
from observer_tui.core.storage import read_session
from observer_tui.core.workspace import Workspace

FORMAT_NAMES = "md, html, csv, snapshots-csv, intervals-csv or json"


def find_session(data: DataFolder, name: str) -> Session:
    """A session by file path, or by id in the data folder (through its workspace, which
    knows the file a session was read from, once its index has looked at the folder as
    every command does: a file added or renamed since is found); ValueError says what is
    missing or wrong."""
    from observer_tui.cli.library import open_index

    path = Path(name).expanduser()
    if path.is_file():
        try:
            return read_session(path)
        except (ValueError, OSError) as error:
            raise ValueError(f"{path}: {error}") from None
    if not re.fullmatch(SESSION_ID_PATTERN, name):
        raise ValueError(f"no session '{name}' (give a session id or a file path)")
    workspace = Workspace(data, cache=cache_folder())
    try:
        open_index(workspace, skipped=False)
        return workspace.open(name)
    except FileNotFoundError:
        raise ValueError(f"no session '{name}' (give a session id or a file path)") from None
    except (ValueError, OSError) as error:
        raise ValueError(f"{data.sessions / (name + '.json')}: {error}") from None
    finally:
        workspace.close()


def session_rubric(data: DataFolder, session: Session) -> Rubric | None:
    """The session's rubric if it is installed (it names the rating scales' levels)."""
    from observer_tui.core.rubrics import load_library

    return load_library(data.rubrics).get(session.rubric.id)


def run_export(data: DataFolder, arguments: argparse.Namespace) -> int:
    """`observer-tui export`: one line on stderr and exit 2 for anything wrong, exit 1 for
    an output file that is there already (replaced only with --force)."""
    fmt = arguments.format
    chosen = arguments.since or arguments.teacher or arguments.coach
    problem = (
        f"unknown format '{fmt}' (use {FORMAT_NAMES})"
        if fmt not in FORMATS
        else "give a session or --all, not both"
        if arguments.all and arguments.session
        else "--all writes one CSV: use --format csv or snapshots-csv"
        if arguments.all and fmt not in CSV_FORMATS
        else "--since, --teacher and --coach choose sessions for --all"
        if chosen and not arguments.all
        else "give a session id or file, or --all"
        if not arguments.all and not arguments.session
        else ""
    )
    if problem:
        complain(problem)
        return 2
    if arguments.all:
        return _write(arguments, _all_sessions(data, arguments))
    try:
        session = find_session(data, arguments.session)
    except ValueError as error:
        complain(str(error))
        return 2
    if fmt == "intervals-csv" and session.interval_plan is None:
        # A warning, not a refusal: the file is still a valid CSV, its heading alone.
        warn(f"{session.rubric.name} does not code intervals: the CSV has no rows")
    rubric = session_rubric(data, session)
    if arguments.for_teacher:
        text = teacher_export(session, fmt, rubric)
    else:
        text = coach_export(session, fmt, rubric)
    return _write(arguments, [text])


def _all_sessions(data: DataFolder, arguments: argparse.Namespace) -> Iterator[str]:
    """The heading, then each chosen session's rows, read one session at a time."""
    from observer_tui.cli.library import open_index

    workspace = Workspace(data, cache=cache_folder())
    try:
        files = chosen_files(
            open_index(workspace),
            teacher=arguments.teacher,
            coach=arguments.coach,
            since=arguments.since,
        )
    finally:
        workspace.close()
    coach = not arguments.for_teacher
    fields = None
    if arguments.format == "snapshots-csv":
        # A first reading for the columns: one per snapshot field any session has.
        fields = snapshot_field_ids(_read_all(files, quiet=True))
    yield csv_header(arguments.format, coach=coach, fields=fields or ())
    for session in _read_all(files):
        shown = session if coach else teacher_copy(session)
        yield csv_rows(shown, arguments.format, coach=coach, fields=fields)


def _read_all(files: Iterable[Path], *, quiet: bool = False) -> Iterator[Session]:
    """Each file's session; a file that cannot be read is named on stderr and skipped."""
    for path in files:
        try:
            yield read_session(path)
        except (ValueError, OSError) as error:
            if not quiet:
                complain(f"skipped {path}: {error}")


def _write(arguments: argparse.Namespace, pieces: Iterable[str]) -> int:
    """The export to stdout, or to -o FILE as it is made (a new file unless --force)."""
    if arguments.output is None:
        for piece in pieces:
            sys.stdout.write(piece)
        return 0
    output = Path(arguments.output).expanduser()
    fmt = arguments.format

    def chunks() -> Iterator[bytes]:
        first = True
        for piece in pieces:
            yield encoded(piece, fmt) if first else piece.encode()
            first = False

    try:
        write_streamed(output, chunks(), replace=arguments.force)
    except FileExistsError:
        complain(f"{output} already exists; replace it with --force")
        return 1
    except OSError as error:
        complain(f"cannot write {output}: {error.strerror or error}")
        return 2
    return 0
