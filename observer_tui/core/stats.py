"""Figures for leaders: are drop-ins and debriefs happening and how good are they, who is not
seen, whose steps are stacked, and who is due a drop-in this week."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import orjson

from observer_tui.core.files import shortened
from observer_tui.core.index import SessionIndex
from observer_tui.core.session import CADENCE_DAYS
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


# -- the quality of coaching ------------------------------------------------------------------

SHARES = (
    "with_praise",
    "with_model",
    "with_rehearsal",
    "with_when_how_goal",
    "with_follow_up",
    "with_element",
    "with_bank_step",
)
"""The shares of completed debriefs, in the order the table shows them."""


@dataclass(frozen=True)
class QualityRow:
    """One coach's week: how the completed debriefs went. Each share is from 0 to 1, None
    with no completed debrief (or, for `followed_up`, no step whose next drop-in came)."""

    coach: str
    week: str
    """ISO week of the drop-ins, e.g. '2026-W40'."""
    debriefs: int
    """Completed debriefs of that week's drop-ins."""
    with_praise: float | None
    with_model: float | None
    with_rehearsal: float | None
    """Two or more rehearsal rounds."""
    with_when_how_goal: float | None
    with_follow_up: float | None
    """A follow-up date set."""
    with_element: float | None
    """A step tied to an element."""
    with_bank_step: float | None
    """A step picked from a step bank."""
    followed_up: float | None
    """Of the steps agreed whose teacher has had a drop-in since, the share that drop-in
    talked about."""
    median_hours: float | None
    """Median hours from the end of the drop-in to the end of its debrief."""


@dataclass(frozen=True)
class ActiveStep:
    """A step agreed and not yet followed up."""

    coach: str
    step: str
    agreed: date
    session: str
    """The id of the session it was agreed in."""


@dataclass(frozen=True)
class StackedSteps:
    """A teacher with active steps from two or more coaches at once."""

    teacher: str
    steps: tuple[ActiveStep, ...]
    """One per coach, the newest first."""


@dataclass(frozen=True)
class Quality:
    weeks: list[QualityRow]
    stacked: list[StackedSteps]


def _chosen(coach: str | None, since: date | None, table: str = "") -> tuple[str, list[object]]:
    where = ["1"]
    values: list[object] = []
    if coach is not None:
        where.append(f"instr({table}coach_key, ?) > 0")
        values.append(coach.strip().casefold())
    if since is not None:
        where.append(f"{table}started_day >= ?")
        values.append(since.isoformat())
    return " AND ".join(where), values


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def quality_stats(
    index: SessionIndex, *, since: date | None = None, coach: str | None = None
) -> Quality:
    """The quality of coaching per coach and week, and the stacked steps, from the index."""
    chosen, values = _chosen(coach, since)
    done = "debrief = 'complete'"
    parts = (
        "praised",
        "modelled",
        "rounds >= 2",
        "when_how",
        "follow_up IS NOT NULL",
        "coalesce(step_element, '') != ''",
        "bank_step IS NOT NULL",
    )
    sums = ", ".join(f"coalesce(sum({done} AND {part}), 0)" for part in parts)
    counts = index.execute(
        f"SELECT coach, week, coalesce(sum({done}), 0), {sums} FROM sessions"
        f" WHERE {chosen} AND status = 'observed' GROUP BY coach, week",
        values,
    ).fetchall()
    hours: dict[tuple[str, str], list[float]] = {}
    for name, week, value in index.execute(
        "SELECT coach, week, debrief_hours FROM sessions"
        f" WHERE {chosen} AND status = 'observed' AND {done} AND debrief_hours IS NOT NULL",
        values,
    ):
        hours.setdefault((name, week), []).append(value)
    # A step counts once its teacher has had a later drop-in; it was followed up if that
    # drop-in brought it forward and said how it went. (Both from indexes: sessions_steps
    # holds the steps agreed, sessions_seen each teacher's last day.)
    chosen_s, values_s = _chosen(coach, since, "s.")
    followed = {
        (name, week): (came, talked)
        for name, week, came, talked in index.execute(
            "SELECT s.coach, s.week, count(*), coalesce(sum(EXISTS (SELECT 1 FROM sessions f"
            " WHERE f.follows = s.id AND trim(f.step_review) != '')), 0)"
            " FROM sessions s INDEXED BY sessions_steps JOIN (SELECT teacher_key,"
            " max(started_epoch) AS last FROM sessions GROUP BY teacher_key) t"
            " ON t.teacher_key = s.teacher_key AND t.last > s.started_epoch"
            f" WHERE {chosen_s} AND s.status = 'observed'"
            " AND s.debrief = 'complete' AND s.step != '' GROUP BY s.coach, s.week",
            values_s,
        )
    }
    weeks = []
    for name, week, debriefs, *with_ in sorted(counts, key=lambda r: (r[0].casefold(), r[1])):
        came, talked = followed.get((name, week), (0, 0))
        group = hours.get((name, week))
        weeks.append(
            QualityRow(
                coach=name,
                week=week,
                debriefs=debriefs,
                followed_up=_share(talked, came),
                median_hours=round(statistics.median(group), 1) if group else None,
                **{
                    share: _share(part, debriefs) for share, part in zip(SHARES, with_, strict=True)
                },
            )
        )
    return Quality(weeks, stacked_steps(index, coach=coach))


def active_steps(index: SessionIndex) -> dict[str, tuple[str, list[ActiveStep]]]:
    """Each teacher's active steps by key: (the teacher's name as the newest of them spells
    it, one step per coach). A coach's step is the one agreed at their latest completed
    debrief with the teacher, active until a drop-in follows it up."""
    # SQLite takes the bare rowid from the row that gives MAX: each coach's latest, found
    # in the steps' index; only those rows are then read.
    latest = index.execute(
        "SELECT rowid, max(started_epoch) FROM sessions INDEXED BY sessions_steps"
        " WHERE debrief = 'complete' AND step != '' AND teacher_key != ''"
        " GROUP BY teacher_key, coach_key"
    ).fetchall()
    rows = [
        index.execute(
            "SELECT teacher_key, teacher, coach, step, started_day, id, started_epoch"
            " FROM sessions WHERE rowid = ?",
            [rowid],
        ).fetchone()
        for rowid, _ in latest
    ]
    found: dict[str, tuple[str, list[ActiveStep]]] = {}
    for key, teacher, name, step, day, session, _ in sorted(rows, key=lambda r: -r[6]):
        (later,) = index.execute(
            "SELECT EXISTS (SELECT 1 FROM sessions WHERE follows = ?)", [session]
        ).fetchone()
        if later:
            continue
        entry = found.setdefault(key, (teacher.strip(), []))
        entry[1].append(ActiveStep(name, step, date.fromisoformat(day), session))
    return found


def stacked_steps(index: SessionIndex, *, coach: str | None = None) -> list[StackedSteps]:
    """Teachers with active steps from two or more coaches at once (with `coach`, those
    where a coach whose name holds it is one of them), by name."""
    wanted = coach.strip().casefold() if coach is not None else None
    stacked = [
        StackedSteps(teacher, tuple(steps))
        for teacher, steps in active_steps(index).values()
        if len(steps) >= 2 and (wanted is None or any(wanted in s.coach.casefold() for s in steps))
    ]
    return sorted(stacked, key=lambda row: row.teacher.casefold())


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


QUALITY_HEADINGS = ["DEB", "PRA", "MOD", "REH", "W+H", "FUP", "ELM", "BNK", "NXT", "HRS"]
"""The figures' headings, each over a column four wide, so a row fits 76 columns."""

QUALITY_KEY = (
    "Shares of the completed debriefs (DEB) with praise (PRA), a model (MOD), two\n"
    "or more rehearsal rounds (REH), a goal with both when and how (W+H), a\n"
    "follow-up date (FUP), a step tied to an element (ELM), a step from a step\n"
    "bank (BNK). NXT: steps followed up at the teacher's next drop-in. HRS:\n"
    "median hours from the drop-in to its debrief."
)

COACH = 14
"""The coach's name in the table, cut to this."""


def _quality_table(rows: Sequence[QualityRow]) -> str:
    """One row per coach and week, figures right-aligned a space apart (76 columns)."""
    names = [shortened(visible(r.coach or "-", one_line=True), COACH) for r in rows]
    width = max(len("COACH"), *map(len, names))
    lines = [f"{'COACH':<{width}} {'WEEK':<8} " + " ".join(f"{h:>4}" for h in QUALITY_HEADINGS)]
    for name, r in zip(names, rows, strict=True):
        figures = [str(r.debriefs), *(_percent(getattr(r, s)) for s in SHARES)]
        figures += [_percent(r.followed_up), _hours(r.median_hours)]
        lines.append(f"{name:<{width}} {r.week:<8} " + " ".join(f"{f:>4}" for f in figures))
    return "\n".join(lines)


def _step_line(step: ActiveStep) -> str:
    text = visible(step.step, one_line=True)
    return f"{visible(step.coach or '-', one_line=True)} ({step.agreed.isoformat()}): {text}"


def format_quality(quality: Quality, fmt: str) -> str:
    """The quality figures as a text table, CSV (weeks, then stacked steps) or JSON."""
    if fmt == "json":
        data = {
            "weeks": [asdict(row) for row in quality.weeks],
            "stacked_steps": [
                {
                    "teacher": row.teacher,
                    "steps": [
                        {**asdict(step), "agreed": step.agreed.isoformat()} for step in row.steps
                    ],
                }
                for row in quality.stacked
            ],
        }
        return visible_json(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"
    if fmt == "csv":
        table: list[Sequence[Cell]] = [
            ["coach", "week", "debriefs", *SHARES, "followed_up", "median_hours"]
        ]
        table += [
            [r.coach, r.week, r.debriefs, *(getattr(r, s) for s in SHARES)]
            + [r.followed_up, r.median_hours]
            for r in quality.weeks
        ]
        table += [[], ["stacked_teacher", "coach", "step", "agreed", "session"]]
        table += [
            [row.teacher, s.coach, s.step, s.agreed.isoformat(), s.session]
            for row in quality.stacked
            for s in row.steps
        ]
        return csv_text(table, lineterminator="\n")
    if quality.weeks:
        lines = [_quality_table(quality.weeks), "", QUALITY_KEY]
    else:
        lines = ["No ended drop-ins in this period."]
    lines.append("")
    if quality.stacked:
        lines.append("Stacked steps: active steps from two or more coaches at once:")
        for row in quality.stacked:
            lines.append(f"  {visible(row.teacher, one_line=True)}")
            lines += [f"    {_step_line(step)}" for step in row.steps]
    else:
        lines.append("No stacked steps: no teacher has active steps from two coaches.")
    return "\n".join(lines) + "\n"


# -- droughts: who was seen, week by week -----------------------------------------------------


def iso_week(day: date) -> str:
    """'2026-W40'."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


@dataclass(frozen=True)
class CoverageRow:
    """One teacher across the grid's weeks."""

    teacher: str
    seen: tuple[int, ...]
    """Drop-ins each week, oldest first."""
    longest_gap: int
    """The most weeks in a row with no drop-in."""
    weeks_since: int
    """Weeks since the last drop-in in the grid (0 if seen this week; every week if none)."""


@dataclass(frozen=True)
class Coverage:
    weeks: tuple[str, ...]
    """ISO weeks, oldest first, this week last."""
    rows: list[CoverageRow]
    """Longest gap first, then longest since seen, then by name."""


def _gaps(seen: Sequence[int]) -> tuple[int, int]:
    longest = run = 0
    for count in seen:
        run = 0 if count else run + 1
        longest = max(longest, run)
    return longest, run


def _last_sessions(index: SessionIndex, columns: str) -> dict[str, tuple[Any, ...]]:
    """`columns` of each teacher's newest session, by teacher key: the newest found in the
    teachers' index (its bare rowid is the row that gives MAX), then only those rows read."""
    newest = index.execute(
        "SELECT teacher_key, rowid, max(started_epoch) FROM sessions INDEXED BY sessions_teacher"
        " WHERE teacher_key != '' GROUP BY teacher_key"
    ).fetchall()
    return {
        key: tuple(
            index.execute(f"SELECT {columns} FROM sessions WHERE rowid = ?", [rowid]).fetchone()
        )
        for key, rowid, _ in newest
    }


def coverage(index: SessionIndex, *, today: date, weeks: int) -> Coverage:
    """Every teacher's drop-ins in each of the `weeks` weeks up to this one, from the index."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    names = [iso_week(first + timedelta(weeks=n)) for n in range(weeks)]
    column = {week: n for n, week in enumerate(names)}
    teachers = {key: row[0].strip() for key, row in _last_sessions(index, "teacher").items()}
    counts: dict[str, list[int]] = {key: [0] * weeks for key in teachers}
    for key, week, number in index.execute(
        "SELECT teacher_key, week, count(*) FROM sessions WHERE teacher_key != ''"
        " AND started_day >= ? AND started_day < ? GROUP BY teacher_key, week",
        [first.isoformat(), (monday + timedelta(weeks=1)).isoformat()],
    ):
        if key in counts and week in column:
            counts[key][column[week]] = number
    rows = [CoverageRow(teachers[key], tuple(seen), *_gaps(seen)) for key, seen in counts.items()]
    rows.sort(key=lambda r: (-r.longest_gap, -r.weeks_since, r.teacher.casefold()))
    return Coverage(tuple(names), rows)


def format_coverage(grid: Coverage, fmt: str) -> str:
    """The droughts grid as a text table (a count, or '·' for a week not seen), CSV or JSON."""
    if fmt == "json":
        data = {"weeks": list(grid.weeks), "teachers": [asdict(row) for row in grid.rows]}
        return visible_json(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"
    if fmt == "csv":
        table: list[Sequence[Cell]] = [["teacher", *grid.weeks, "longest_gap", "weeks_since"]]
        table += [[r.teacher, *r.seen, r.longest_gap, r.weeks_since] for r in grid.rows]
        return csv_text(table, lineterminator="\n")
    if not grid.rows:
        return "No teachers yet.\n"
    heading = ["TEACHER", *(week.split("-")[1] for week in grid.weeks), "GAP"]
    rows = [
        [shortened(r.teacher or "-", 20), *(str(n) if n else "·" for n in r.seen)]
        + [str(r.longest_gap)]
        for r in grid.rows
    ]
    key = (
        f"Drop-ins per week, {grid.weeks[0]} to {grid.weeks[-1]} (this week on the right);"
        " · not seen.\nGAP: the most weeks in a row without a drop-in, longest first."
    )
    return text_table([heading, *rows]) + "\n\n" + key + "\n"


# -- the caseload -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueTeacher:
    """A teacher whose next drop-in falls by the end of this week."""

    teacher: str
    last_seen: date
    cadence: str
    """'weekly' or 'fortnightly', from their last drop-in."""
    due: date
    session: str
    """The id of their last drop-in."""


def due_this_week(index: SessionIndex, *, today: date) -> list[DueTeacher]:
    """Teachers whose last drop-in plus its cadence falls on or before Sunday of this week,
    the longest overdue first."""
    sunday = today + timedelta(days=6 - today.weekday())
    due = []
    for teacher, session, day, cadence in _last_sessions(
        index, "teacher, id, started_day, cadence"
    ).values():
        last = date.fromisoformat(day)
        when = last + timedelta(days=CADENCE_DAYS.get(cadence, 7))
        if when <= sunday:
            due.append(DueTeacher(teacher.strip(), last, cadence, when, session))
    due.sort(key=lambda row: (row.due, row.teacher.casefold()))
    return due
