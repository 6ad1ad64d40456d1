"""Pictures drawn in characters: the drop-in's timeline, a teacher's elements across drop-ins,
completion per week. Each reads without colour (its legend says what every mark means) and
fits in 80 columns; the figures come from the core, these only draw them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from observer_tui.core.numbers import plural
from observer_tui.core.stats import WeekCompletion
from observer_tui.core.teacher import ElementHeat, FollowUp
from observer_tui.core.visit import Timeline
from observer_tui.widgets.notes_log import KIND_STYLES
from observer_tui.widgets.shown import one_line

STRIP_COLUMNS = 60
"""Columns of marks at most: with the row labels, the strip fits in 80."""
LABEL = 12
"""Width of the row labels ('growth area' and a space)."""
EMPTY = "·"

_STEPS = (1, 2, 5, 10, 15, 30, 60)


def minutes_per_column(seconds: float) -> int:
    """The fewest minutes per column that fit the drop-in in `STRIP_COLUMNS`."""
    return next((m for m in _STEPS if seconds / (60 * m) <= STRIP_COLUMNS), _STEPS[-1])


def _count(n: int) -> str:
    """One character for a number of notes: ● for one, the digit up to 9, + beyond."""
    return "●" if n == 1 else str(n) if n < 10 else "+"


def _axis(columns: int, per: int) -> Text:
    marks = [" "] * (columns + 4)
    for column in range(0, columns + 1, 5):
        for i, char in enumerate(str(column * per)):
            marks[column + i] = char
    return Text("min".ljust(LABEL) + "".join(marks).rstrip(), style="dim")


def timeline_strip(line: Timeline) -> Text:
    """A row per kind of note (then snapshots and pauses), a column per minute or few."""
    per = minutes_per_column(line.end)
    spans = line.spans(per)
    text = Text()
    for kind in line.kinds:
        _, style = KIND_STYLES[kind]
        text.append(kind.label.ljust(LABEL), style="bold")
        for span in spans:
            n = span.notes.get(kind, 0)
            text.append(_count(n) if n else EMPTY, style=style if n else "dim")
        text.append("\n")
    if line.has_snapshots:
        text.append("snapshot".ljust(LABEL), style="bold")
        for span in spans:
            if span.snapshots:
                text.append("◆", style="bold yellow")
            else:
                text.append("░" if span.due else EMPTY, style="yellow" if span.due else "dim")
        text.append("\n")
    if line.pauses:
        text.append("paused".ljust(LABEL), style="bold")
        text.append("".join("┆" if s.paused else EMPTY for s in spans), style="dim")
        text.append("\n")
    text.append_text(_axis(len(spans), per))
    minute = "1 minute" if per == 1 else f"{per} minutes"
    text.append(f"\nEach column is {minute}: ● a note, 2-9 that many notes, + ten or more.")
    # The legend names only the marks drawn, so each of its words can be found above it.
    marks = ["◆ snapshot taken"] if line.snapshots else []
    marks += ["░ snapshot due"] if any(s.due and not s.snapshots for s in spans) else []
    marks += ["┆ paused"] if line.pauses else []
    if marks:
        text.append("\n" + ", ".join(marks) + ".")
    return text


HEAT = ((0, EMPTY), (1, "░"), (2, "▒"), (3, "▓"), (5, "█"))
"""(at least this many notes, the mark): the heat strip's shades, lightest first."""
HEAT_LEGEND = "· none, ░ 1 note, ▒ 2, ▓ 3-4, █ 5 or more"


def heat_mark(notes: int) -> str:
    """The shade for a number of notes tagged with an element in one drop-in."""
    return [mark for least, mark in HEAT if notes >= least][-1]


def heat_strip(heat: ElementHeat, names: dict[str, str], width: int = 76) -> Text:
    """A row per element, a column (two characters) per drop-in, oldest on the left."""
    if not heat.rows:
        return Text("No notes tagged with an element yet.")
    columns = 2 * len(heat.days)
    label = max(min(width - columns - 1, 34), 8)
    text = Text()
    for code, counts in heat.rows:
        name = one_line(names.get(code, code))
        if len(name) > label - 1:
            name = name[: label - 2] + "…"
        text.append(name.ljust(label), style="bold")
        for n in counts:
            text.append(heat_mark(n) * 2, style="bold green" if n else "dim")
        text.append("\n")
    first, last = heat.days[0], heat.days[-1]
    span = f"{first:%d %b}" if first == last else f"{first:%d %b} to {last:%d %b %Y}"
    text.append(f"{plural(len(heat.days), 'drop-in')}, oldest first: {span}", style="dim")
    text.append(f"\n{HEAT_LEGEND}", style="italic")
    return text


FOLLOW_UP_MARKS: dict[FollowUp, str] = {"done": "✓", "waiting": "~", "missed": "✗"}
FOLLOW_UP_STYLES: dict[FollowUp, str] = {"done": "green", "waiting": "yellow", "missed": "bold red"}
FOLLOW_UP_LEGEND = "✓ followed up, ~ not yet, ✗ date passed or not talked about"


def follow_up_mark(state: FollowUp) -> Text:
    """A step's follow-up as one character, coloured for those who have colour."""
    return Text(FOLLOW_UP_MARKS[state], style=FOLLOW_UP_STYLES[state])


BAR = 30
"""Characters in a full completion bar."""


def completion_bars(weeks: Sequence[WeekCompletion]) -> Text:
    """A bar per week: debriefed drop-ins filled, the rest shaded, the figures beside."""
    text = Text()
    for week in weeks:
        text.append(f"{week.week}  ", style="bold")
        if not week.drop_ins:
            text.append(EMPTY * BAR, style="dim")
            text.append("  no drop-ins\n", style="dim")
            continue
        done = round(BAR * week.debriefs / week.drop_ins)
        text.append("█" * done, style="green")
        text.append("░" * (BAR - done), style="yellow")
        share = f"{week.debriefs / week.drop_ins:.0%}"
        text.append(f"  {week.debriefs}/{week.drop_ins} debriefed {share:>4}\n")
    text.append("█ debriefed, ░ not debriefed yet, · no drop-ins that week", style="italic")
    return text
