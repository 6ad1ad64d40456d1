"""`observer-tui sessions list`, `search` and `stats`: the session library from a shell."""

from __future__ import annotations

import argparse
import sys
from datetime import date

import orjson

from observer_tui.core.legacy_index import (
    Hit,
    LibraryScan,
    SessionSummary,
    load_texts,
    scan_library,
    search,
)
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.stats import completion_stats, format_stats
from observer_tui.core.tables import text_table
from observer_tui.core.timer import clock_text


def scan(data: DataFolder) -> LibraryScan:
    """Every session's summary; skipped files are reported on stderr, one line each."""
    result = scan_library(data.sessions, cache_folder())
    for problem in result.problems:
        print(f"observer-tui: skipped {problem}", file=sys.stderr)
    return result


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Run `sessions list`, `search` or `stats`."""
    found = scan(data)
    summaries = found.summaries
    if arguments.command == "search":
        texts = load_texts(data.sessions, cache_folder(), found)
        return print_hits(search(summaries, texts, " ".join(arguments.text)), arguments.text)
    if arguments.command == "stats":
        stats = completion_stats(
            summaries,
            today=date.today(),
            since=arguments.since,
            coach=arguments.coach,
            days=arguments.days,
        )
        print(format_stats(stats, arguments.format), end="")
        return 0
    if arguments.teacher:
        summaries = [s for s in summaries if s.is_teacher(arguments.teacher)]
    if arguments.json:
        print(
            orjson.dumps(
                [listing_record(s) for s in summaries], option=orjson.OPT_INDENT_2
            ).decode()
        )
    else:
        print_listing(summaries)
    return 0


def listing_record(summary: SessionSummary) -> dict[str, object]:
    """A session as `sessions list --json` gives it."""
    return {
        "id": summary.id,
        "teacher": summary.teacher,
        "class": summary.context,
        "coach": summary.coach,
        "rubric": summary.rubric,
        "started_at": summary.started_at.isoformat(),
        "observed_minutes": round(summary.observed_seconds / 60, 1),
        "notes": summary.notes,
        "status": summary.status,
        "debrief": summary.debrief,
    }


def print_listing(summaries: list[SessionSummary]) -> None:
    if not summaries:
        print("No sessions.")
        return
    rows = [["STARTED", "TEACHER", "CLASS", "RUBRIC", "TIME", "NOTES", "DEBRIEF", "ID"]]
    rows += [
        [
            s.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            s.teacher or "-",
            s.context or "-",
            s.rubric,
            clock_text(s.observed_seconds) if s.status == "observed" else "observing",
            str(s.notes),
            s.debrief.replace("_", " "),
            s.id,
        ]
        for s in summaries
    ]
    print(text_table(rows))


def print_hits(hits: list[Hit], words: list[str]) -> int:
    """Each matching line with its session; exit 1 when nothing matches (as grep does)."""
    for hit in hits:
        started = hit.summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = hit.summary.teacher or "-"
        print(f"{started}  {who}  [{hit.where}]  {hit.text}  ({hit.summary.id})")
    if not hits:
        print(f"No line holds: {' '.join(words)}", file=sys.stderr)
    return 0 if hits else 1
