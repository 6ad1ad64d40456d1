"""`observer-tui export`: a session as Markdown, CSV or JSON."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from observer_tui.core.exports import FORMATS, coach_export, encoded, teacher_export, write_new
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.session import SESSION_ID_PATTERN, Session
from observer_tui.core.storage import read_session, write_atomic
from observer_tui.core.visible import visible
from observer_tui.core.workspace import Workspace


def find_session(data: DataFolder, name: str) -> Session:
    """A session by file path, or by id in the data folder (through its workspace, which
    knows the file a session was read from); ValueError says what is missing or wrong."""
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
        return workspace.open(name)
    except FileNotFoundError:
        raise ValueError(f"no session '{name}' (give a session id or a file path)") from None
    except (ValueError, OSError) as error:
        raise ValueError(f"{data.sessions / (name + '.json')}: {error}") from None
    finally:
        workspace.close()


def run_export(data: DataFolder, arguments: argparse.Namespace) -> int:
    """`observer-tui export`: one line on stderr and exit 2 for anything wrong, exit 1 for
    an output file that is there already (replaced only with --force)."""
    if arguments.format not in FORMATS:
        _error(f"unknown format '{arguments.format}' (use md, csv or json)")
        return 2
    try:
        session = find_session(data, arguments.session)
    except ValueError as error:
        _error(str(error))
        return 2
    if arguments.for_teacher:
        text = teacher_export(session, arguments.format)
    else:
        text = coach_export(session, arguments.format)
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    output = Path(arguments.output).expanduser()
    try:
        if arguments.force:
            write_atomic(output, encoded(text, arguments.format))
        else:
            write_new(output, encoded(text, arguments.format))
    except FileExistsError:
        _error(f"{output} already exists; replace it with --force")
        return 1
    except OSError as error:
        _error(f"cannot write {output}: {error.strerror or error}")
        return 2
    return 0


def _error(message: str) -> None:
    """One line on stderr, whatever a file or a name put in it."""
    print(f"observer-tui: {visible(message, one_line=True)}", file=sys.stderr)
