"""What every command prints the same way: one-line messages on stderr, JSON and starters.

Text from files (names, paths, problems) reaches the terminal with its control characters
shown as symbols (core/visible.py), so a message is always one line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import orjson

from observer_tui.core.csv_import import WriteFailed
from observer_tui.core.locations import bundled_data
from observer_tui.core.numbers import plural
from observer_tui.core.rubrics import InvalidFile
from observer_tui.core.visible import visible, visible_json

T = TypeVar("T")


def one_line(text: object) -> str:
    """A message, a path or a value from a file, on one line with its control characters
    shown as symbols."""
    return visible(str(text), one_line=True)


def complain(message: object) -> None:
    """One line on stderr, whatever a file or a name put in it."""
    print(f"observer-tui: {one_line(message)}", file=sys.stderr)


def warn(message: object) -> None:
    print(f"observer-tui: warning: {one_line(message)}", file=sys.stderr)


def json_text(value: object) -> str:
    """`value` as indented JSON with nothing raw a terminal could act on (`visible_json`):
    every JSON the command line prints is made here."""
    return visible_json(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


def print_json(value: object) -> None:
    print(json_text(value))


def print_starter(name: str) -> int:
    """Print a bundled starter file (`rubric.json`, `steps.csv`…) for the coach to fill."""
    print((bundled_data() / "starters" / name).read_text(encoding="utf-8"), end="")
    return 0


def validate_files(paths: list[Path], check: Callable[[Path], tuple[str, list[str]]]) -> int:
    """`validate`: one line per problem or warning, each starting with the file, then
    'valid (what the file is)'; 1 if any file is invalid."""
    status = 0
    for path in paths:
        try:
            what, warnings = check(path)
        except InvalidFile as error:
            status = 1
            for problem in error.problems:
                print(one_line(f"{path}: {problem}"))
            continue
        except OSError as error:
            status = 1
            print(one_line(f"{path}: cannot read: {error.strerror or error}"))
            continue
        for warning in warnings:
            print(one_line(f"{path}: warning: {warning}"))
        print(one_line(f"{path}: valid ({what})"))
    return status


def imported(source: Path, attempt: Callable[[], T]) -> T | None:
    """Run a CSV import; if it fails, say why on stderr (each problem with its row) and
    return None: nothing was written."""
    try:
        return attempt()
    except InvalidFile as error:
        for problem in error.problems:
            print(one_line(f"{source}: {problem}"), file=sys.stderr)
        complain(f"nothing imported ({plural(len(error.problems), 'problem')})")
    except FileExistsError as error:
        complain(str(error))
    except WriteFailed as error:
        complain(f"cannot write {error.filename}: {error.strerror}; nothing imported")
    except OSError as error:
        complain(f"cannot read {error.filename or source}: {error.strerror or error}")
    return None
