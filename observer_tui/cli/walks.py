"""`observer-tui walk --list` and `--json`: the rooms of a learning walk, in order, without
the app (plain `walk` runs the app on the walk screen, from cli/observe.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from observer_tui.cli.library import open_index
from observer_tui.cli.output import json_text
from observer_tui.core.files import CELL, shortened
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.tables import text_table
from observer_tui.core.visible import visible
from observer_tui.core.walks import SEEN_WORDS, Room, load_walks, walk_plan
from observer_tui.core.workspace import Workspace


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Print the rooms, whoever was visited longest ago first; 0, or 1 if a name asked for
    has no active step (the rest are printed all the same)."""
    workspace = Workspace(data, cache=cache_folder())
    index = open_index(workspace)
    try:
        walks, problems = load_walks(data.walks)
        for problem in problems:
            print(f"observer-tui: skipped {visible(str(problem), one_line=True)}", file=sys.stderr)
        rooms, missing = walk_plan(
            index, walks, coach=arguments.coach, profile=arguments.profile, names=arguments.names
        )
        for line in missing:
            print(f"observer-tui: {visible(line, one_line=True)}", file=sys.stderr)
        print(format_rooms(rooms, "json" if arguments.json else "table"), end="")
        return 1 if missing else 0
    finally:
        workspace.close()


def _day(moment: datetime | None) -> str:
    return moment.astimezone().date().isoformat() if moment is not None else ""


def format_rooms(rooms: list[Room], fmt: str) -> str:
    """The rooms as a table or as JSON."""
    if fmt == "json":
        data = [
            {
                "teacher": r.room.teacher,
                "step": r.room.step,
                "element": r.room.element,
                "coach": r.room.coach,
                "agreed": r.room.agreed.isoformat(),
                "session": r.room.session_id,
                "last_visit": r.last_visit.isoformat() if r.last_visit else None,
                "last_walk": None
                if r.last_result is None
                else {
                    "at": r.last_result.at.isoformat(),
                    "result": r.last_result.result,
                    "note": r.last_result.note,
                },
            }
            for r in rooms
        ]
        return json_text(data) + "\n"
    if not rooms:
        return "No teacher has an active step: none agreed and not yet followed up.\n"
    rows = [["#", "TEACHER", "LAST VISIT", "STEP", "COACH", "LAST WALK"]]
    for number, r in enumerate(rooms, start=1):
        step = r.room.step + (f" #{r.room.element}" if r.room.element else "")
        last = ""
        if r.last_result is not None:
            last = f"{_day(r.last_result.at)} {SEEN_WORDS[r.last_result.result]}"
        rows.append(
            [
                str(number),
                shortened(r.room.teacher, CELL),
                _day(r.last_visit) or "never",
                shortened(step, 50),
                shortened(r.room.coach, 30),
                last,
            ]
        )
    return text_table(rows) + "\n"
