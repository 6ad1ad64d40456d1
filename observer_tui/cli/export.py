"""`observer-tui export`: a session as Markdown, CSV or JSON."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from observer_tui.core.exports import FORMATS, export
from observer_tui.core.locations import FILE_MODE, DataFolder, cache_folder
from observer_tui.core.session import SESSION_ID_PATTERN, Session
from observer_tui.core.storage import read_session
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
