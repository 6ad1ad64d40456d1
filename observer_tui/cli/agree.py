"""`observer-tui agree`: how far two coaches' records of one lesson agree."""

from __future__ import annotations

import argparse
import sys

from observer_tui.cli.export import find_session, session_rubric
from observer_tui.cli.library import open_index
from observer_tui.cli.output import print_json
from observer_tui.core.agreement import (
    agreement_record,
    compare,
    format_agreement,
    format_reference,
    same_lesson,
)
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.session import Session
from observer_tui.core.visible import visible
from observer_tui.core.workspace import Workspace


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """`agree A B`, `agree A` (its pair found through the index), or `agree --reference M
    [S ...]`; one line on stderr and exit 2 for anything wrong."""
    try:
        if arguments.reference is not None:
            return _reference(data, arguments)
        return _pair(data, arguments)
    except ValueError as error:
        print(f"observer-tui: {visible(str(error), one_line=True)}", file=sys.stderr)
        return 2


def _pair(data: DataFolder, arguments: argparse.Namespace) -> int:
    names: list[str] = arguments.sessions
    if not names or len(names) > 2:
        raise ValueError("give two sessions (or one, to find its pair), or --reference SESSION")
    a = find_session(data, names[0])
    if len(names) == 2:
        b = find_session(data, names[1])
    else:
        found = _lesson_of(data, a)
        if not found:
            raise ValueError(
                f"no other coach's session of the lesson in {a.id}: give the second session"
            )
        if len(found) > 1:
            ids = ", ".join(found)
            raise ValueError(
                f"{len(found)} other coaches recorded {a.id}'s lesson: pick one of {ids}"
            )
        b = find_session(data, found[0])
    _same_rubric(a, b)
    agreement = compare(a, b, session_rubric(data, a))
    if arguments.format == "json":
        print_json(agreement_record(agreement))
    else:
        print(format_agreement(agreement), end="")
    return 0


def _reference(data: DataFolder, arguments: argparse.Namespace) -> int:
    master = find_session(data, arguments.reference)
    names = arguments.sessions or _lesson_of(data, master)
    others = [find_session(data, name) for name in names]
    for other in others:
        _same_rubric(master, other)
    rubric = session_rubric(data, master)
    agreements = [compare(master, other, rubric) for other in others]
    if arguments.format == "json":
        record = {
            "reference": master.id,
            "sessions": [agreement_record(agreement) for agreement in agreements],
        }
        print_json(record)
    else:
        print(format_reference(master, agreements), end="")
    return 0


def _lesson_of(data: DataFolder, session: Session) -> list[str]:
    """The ids of other coaches' sessions of the same lesson, from the index."""
    workspace = Workspace(data, cache=cache_folder())
    try:
        return [summary.id for summary in same_lesson(open_index(workspace), session.id)]
    finally:
        workspace.close()


def _same_rubric(a: Session, b: Session) -> None:
    if a.rubric.id != b.rubric.id:
        raise ValueError(
            f"{a.id} uses the rubric '{a.rubric.id}' and {b.id} '{b.rubric.id}':"
            " their ratings cannot be compared"
        )
