"""Completion figures for leaders: are drop-ins and debriefs happening, and who is not seen?"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import orjson

from observer_tui.core.index import SessionIndex
from observer_tui.core.tables import Cell, csv_text, text_table
from observer_tui.core.visible import visible, visible_json


@dataclass(frozen=True)
class WeekRow:
    """One coach's week."""

    coach: str
    week: str
    """ISO week, e.g. '2026-W48'."""
    drop_ins: int
    """Observations ended that week."""
    debriefs: int
    """Of those, how many have a completed debrief."""
    completion: float
    """debriefs / drop_ins."""
    median_hours: float | None
    """Median hours from the end of the drop-in to the end of its debrief."""


@dataclass(frozen=True)
class NotSeen:
    """A teacher whose latest drop-in is older than the threshold."""

    teacher: str
    last_seen: date
    days: int


@dataclass(frozen=True)
class Stats:
    weeks: list[WeekRow]
    not_seen: list[NotSeen]
    days: int
    """The threshold for not seen."""


def completion_stats(
    index: SessionIndex,
    *,
    today: date,
    since: date | None = None,
    coach: str | None = None,
    days: int = 21,
) -> Stats:
    """Figures per coach and week, and the teachers not seen for `days` days by `today`,
    queried from the index (grouped by the week stored with each session)."""
    where = ["1"]
    values: list[object] = []
    if coach is not None:
        # Part of the name will do ('okafor' for Sam Okafor), as for --teacher.
        where.append("instr(coach_key, ?) > 0")
        values.append(coach.strip().casefold())
    if since is not None:
        where.append("started_day >= ?")
        values.append(since.isoformat())
    chosen = " AND ".join(where)
    counts = index.execute(
        "SELECT coach, week, count(*), sum(debrief = 'complete') FROM sessions"
        f" WHERE {chosen} AND status = 'observed' GROUP BY coach, week",
        values,
    ).fetchall()
    hours: dict[tuple[str, str], list[float]] = {}
    for name, week, value in index.execute(
        "SELECT coach, week, debrief_hours FROM sessions"
        f" WHERE {chosen} AND status = 'observed' AND debrief = 'complete'"
        " AND debrief_hours IS NOT NULL",
        values,
    ):
        hours.setdefault((name, week), []).append(value)
    weeks = [
        WeekRow(
            coach=name,
            week=week,
            drop_ins=drop_ins,
            debriefs=done,
            completion=round(done / drop_ins, 3),
            median_hours=round(statistics.median(group), 1)
            if (group := hours.get((name, week)))
            else None,
        )
        for name, week, drop_ins, done in sorted(
            counts, key=lambda row: (row[0].casefold(), row[1])
        )
    ]
    # Each teacher's latest day, then the name as spelled in the newest session that day
    # (looked up only for the teachers not seen lately).
    latest = index.execute(
        "SELECT teacher_key, max(started_day) FROM sessions"
        f" WHERE {chosen} AND teacher_key != '' GROUP BY teacher_key",
        values,
    ).fetchall()
    cutoff = today - timedelta(days=days)
    not_seen = []
    for key, day in latest:
        seen = date.fromisoformat(day)
        if seen < cutoff:
            (teacher,) = index.execute(
                f"SELECT teacher FROM sessions WHERE {chosen} AND teacher_key = ?"
                " AND started_day = ? ORDER BY started_epoch DESC, id LIMIT 1",
                [*values, key, day],
            ).fetchone()
            not_seen.append(NotSeen(teacher.strip(), seen, (today - seen).days))
    not_seen.sort(key=lambda row: (-row.days, row.teacher.casefold()))
    return Stats(weeks, not_seen, days)


@dataclass(frozen=True)
class WeekCompletion:
    """One week, every coach chosen together: for the stats view's bars."""

    week: str
    """ISO week, e.g. '2026-W48'."""
    drop_ins: int
    debriefs: int
    """Of those drop-ins, how many have a completed debrief."""


def _monday(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def weekly_completion(stats: Stats, most: int = 10) -> list[WeekCompletion]:
    """Drop-ins and debriefs per week, summed over the coaches, oldest first: the newest
    `most` weeks up to the last with a drop-in, a week with none shown as none."""
    drop_ins: dict[str, int] = {}
    debriefs: dict[str, int] = {}
    for row in stats.weeks:
        drop_ins[row.week] = drop_ins.get(row.week, 0) + row.drop_ins
        debriefs[row.week] = debriefs.get(row.week, 0) + row.debriefs
    if not drop_ins:
        return []
    first, last = _monday(min(drop_ins)), _monday(max(drop_ins))
    first = max(first, last - timedelta(weeks=most - 1))
    weeks = []
    while first <= last:
        year, number, _ = first.isocalendar()
        week = f"{year}-W{number:02d}"
        weeks.append(WeekCompletion(week, drop_ins.get(week, 0), debriefs.get(week, 0)))
        first += timedelta(weeks=1)
    return weeks


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def format_stats(stats: Stats, fmt: str) -> str:
    """The figures as a text table, CSV (weeks, then teachers not seen) or JSON."""
    if fmt == "json":
        data = {
            "weeks": [asdict(row) for row in stats.weeks],
            "not_seen": [
                {"teacher": r.teacher, "last_seen": r.last_seen.isoformat(), "days": r.days}
                for r in stats.not_seen
            ],
            "not_seen_days": stats.days,
        }
        return visible_json(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"
    header = ["coach", "week", "drop_ins", "debriefs", "completion", "median_hours"]
    rows = [
        [
            r.coach,
            r.week,
            str(r.drop_ins),
            str(r.debriefs),
            f"{r.completion:.0%}",
            _hours(r.median_hours),
        ]
        for r in stats.weeks
    ]
    if fmt == "csv":
        table: list[Sequence[Cell]] = [header]
        table += [
            [r.coach, r.week, r.drop_ins, r.debriefs, r.completion, r.median_hours]
            for r in stats.weeks
        ]
        table += [[], ["teacher_not_seen", "last_seen", "days"]]
        table += [[r.teacher, r.last_seen.isoformat(), r.days] for r in stats.not_seen]
        return csv_text(table, lineterminator="\n")
    lines = [text_table([["COACH", "WEEK", "DROP-INS", "DEBRIEFS", "DONE", "MEDIAN H"], *rows])]
    if not stats.weeks:
        lines = ["No ended drop-ins in this period."]
    lines.append("")
    if stats.not_seen:
        lines.append(f"Not seen in {stats.days} days:")
        lines += [
            f"  {visible(r.teacher, one_line=True)} (last {r.last_seen.isoformat()}, {r.days} days)"
            for r in stats.not_seen
        ]
    else:
        lines.append(f"Every teacher was seen in the last {stats.days} days.")
    return "\n".join(lines) + "\n"
