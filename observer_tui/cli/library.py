"""`observer-tui sessions list`, `search` and `stats`: the session library from a shell.

Each command opens the data folder's workspace, brings its index up to date if a file was
added, renamed or removed since the last look (reading only the files that changed), and
then queries it, writing as it reads, so a list of 100,000 sessions never sits in memory.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from datetime import date

from observer_tui.cli.output import json_text
from observer_tui.core.debrief import status_label
from observer_tui.core.files import CELL, shortened
from observer_tui.core.index import Hit, SessionIndex, SessionSummary, place
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.stats import (
    completion_stats,
    coverage,
    format_coverage,
    format_quality,
    format_stats,
    quality_stats,
)
from observer_tui.core.timer import clock_text
from observer_tui.core.visible import visible
from observer_tui.core.workspace import Change, Indexing, Merged, Workspace

PROGRESS_FROM = 2000
"""Files to read from which a refresh reports its progress on stderr."""


def open_index(workspace: Workspace, *, skipped: bool = True) -> SessionIndex:
    """The folder's index, brought up to date; skipped files are reported on stderr, one
    line each (unless not `skipped`: a look-up of one session has no use for them), and
    a long first index reports its progress."""

    def progress(change: Change) -> None:
        if isinstance(change, Indexing) and change.total >= PROGRESS_FROM:
            print(
                f"observer-tui: indexing sessions: {change.done:,} of {change.total:,} files",
                file=sys.stderr,
            )
        elif isinstance(change, Merged):
            print(f"observer-tui: {visible(change.message, one_line=True)}", file=sys.stderr)

    workspace.listen(progress)
    index = workspace.index
    refresh = workspace.refresh_if_changed()
    problems = refresh.problems if refresh is not None else index.problems()
    for problem in problems if skipped else ():
        print(f"observer-tui: skipped {visible(str(problem), one_line=True)}", file=sys.stderr)
    return index


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Run `sessions list`, `search` or `stats` (completion, --quality or --coverage)."""
    workspace = Workspace(data, cache=cache_folder())
    index = open_index(workspace)
    try:
        if arguments.command == "search":
            return print_hits(index.search(" ".join(arguments.text)), arguments.text)
        if arguments.command == "stats" and arguments.calibration:
            return print_calibration(data, workspace, index, arguments)
        if arguments.command == "stats" and arguments.quality:
            from observer_tui.core.walks import load_walks, walk_figures, with_walk_figures

            quality = quality_stats(index, since=arguments.since, coach=arguments.coach)
            walks, _ = load_walks(data.walks)  # `walk --list` names a walk file it skips
            figures = walk_figures(index, walks, coach=arguments.coach)
            output = format_quality(quality, arguments.format)
            print(with_walk_figures(output, figures, arguments.format), end="")
            return 0
        if arguments.command == "stats" and arguments.coverage is not None:
            grid = coverage(index, today=date.today(), weeks=arguments.coverage)
            print(format_coverage(grid, arguments.format), end="")
            return 0
        if arguments.command == "stats":
            stats = completion_stats(
                index,
                today=date.today(),
                since=arguments.since,
                coach=arguments.coach,
                days=arguments.days,
            )
            print(format_stats(stats, arguments.format), end="")
            return 0
        if arguments.teacher is not None:
            # Part of a name finds the teacher, as the app's filter does ('Rivera').
            summaries: Iterable[SessionSummary] = index.teachers_named(arguments.teacher)
            again: Iterable[SessionSummary] = index.teachers_named(arguments.teacher)
        else:
            summaries, again = index.summaries(), index.summaries()
        if arguments.json:
            print_records(summaries)
        else:
            print_listing(summaries, again)
        return 0
    finally:
        workspace.close()


def listing_record(summary: SessionSummary) -> dict[str, object]:
    """A session as `sessions list --json` gives it."""
    return {
        "id": summary.id,
        "teacher": summary.teacher,
        "class": summary.class_name,
        "coach": summary.coach,
        "rubric": summary.rubric,
        "started_at": summary.started_at.isoformat(),
        "observed_minutes": round(summary.observed_seconds / 60, 1),
        "notes": summary.notes,
        "status": summary.status,
        "debrief": summary.debrief,
    }


def print_records(summaries: Iterable[SessionSummary]) -> None:
    """The records as one indented JSON array, written one record at a time."""
    out = sys.stdout
    first = True
    for summary in summaries:
        record = json_text(listing_record(summary))
        out.write(("[\n" if first else ",\n") + "  " + record.replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def listing_rows(summaries: Iterable[SessionSummary]) -> Iterator[list[str]]:
    yield ["STARTED", "TEACHER", "CLASS", "RUBRIC", "TIME", "NOTES", "DEBRIEF", "ID"]
    for s in summaries:
        yield [
            s.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            shortened(visible(s.teacher or "-", one_line=True), CELL),
            shortened(visible(s.class_name or "-", one_line=True), CELL),
            shortened(visible(s.rubric, one_line=True), CELL),
            clock_text(s.observed_seconds) if s.status == "observed" else "observing",
            str(s.notes),
            status_label(s.debrief),
            s.id,
        ]


def print_listing(summaries: Iterable[SessionSummary], again: Iterable[SessionSummary]) -> None:
    """The sessions as a table (as core.tables.text_table lays it out): one pass for the
    column widths, a second to print."""
    widths: list[int] = []
    rows = 0
    for row in listing_rows(summaries):
        widths = [max(len(c), w) for c, w in zip(row, widths or [0] * len(row), strict=True)]
        rows += 1
    if rows == 1:
        print("No sessions.")
        return
    out = sys.stdout
    for row in listing_rows(again):
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def print_hits(hits: Iterable[Hit], words: list[str]) -> int:
    """Each matching line with its session; exit 1 when nothing matches (as grep does)."""
    found = False
    for hit in hits:
        started = hit.summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = visible(hit.summary.teacher or "-", one_line=True)
        text = visible(hit.line.text, one_line=True)
        print(f"{started}  {who}  [{place(hit.line)}]  {text}  ({hit.summary.id})")
        found = True
    if not found:
        print(f"No line holds: {visible(' '.join(words), one_line=True)}", file=sys.stderr)
    return 0 if found else 1


def print_calibration(
    data: DataFolder, workspace: Workspace, index: SessionIndex, arguments: argparse.Namespace
) -> int:
    """`stats --calibration`: only the sessions of lessons two coaches recorded are read."""
    from observer_tui.core.agreement import calibration_pairs, format_calibration, lesson_pairs
    from observer_tui.core.rubrics import load_library

    rubrics = load_library(data.rubrics)
    pairs = lesson_pairs(index, since=arguments.since)
    rows, problems = calibration_pairs(
        pairs, workspace.open, lambda s: rubrics.get(s.rubric.id), coach=arguments.coach
    )
    for problem in problems:
        print(f"observer-tui: skipped {visible(problem, one_line=True)}", file=sys.stderr)
    print(format_calibration(rows, arguments.format), end="")
    return 0
