"""Interval coding (COPUS): the drop-in cut into fixed intervals of observing time, and the
codes ticked in each.

Time is the observation timer's: seconds observed, pauses excluded (`Session.elapsed`), so
an interval paused half-way resumes where it stopped. A moment exactly on a boundary
belongs to the next interval: with 2-minute intervals, 0:00-1:59.9 is interval 1 and
2:00 is interval 2. Times are compared in whole milliseconds, so a note stored at 120.0
seconds never falls back into interval 1 through floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the observation screen reads `interval_at` before the models load.
    from observer_tui.core.session import IntervalPlan, IntervalTicks, Note, Session


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def interval_at(offset: float, minutes: float) -> int:
    """The interval (1 for the first) a moment `offset` seconds into the observation is in."""
    return max(0, _ms(offset)) // _ms(minutes * 60) + 1


@dataclass(frozen=True)
class IntervalNow:
    """Where the observation is in its intervals."""

    number: int
    """The current interval, 1 for the first."""
    left: float
    """Seconds of observing left in it."""
    length: float
    """Seconds in an interval."""


def interval_now(plan: IntervalPlan, elapsed: float) -> IntervalNow:
    """The interval `elapsed` seconds of observing are in, and the time left in it."""
    number = interval_at(elapsed, plan.minutes)
    length = plan.minutes * 60
    return IntervalNow(number, number * length - elapsed, length)


def note_interval(note: Note, plan: IntervalPlan) -> int:
    """The interval a note falls in, by its offset."""
    return interval_at(note.offset, plan.minutes)


def ticked(session: Session, number: int) -> tuple[str, ...]:
    """The codes ticked in one interval."""
    for ticks in session.intervals:
        if ticks.number == number:
            return ticks.codes
    return ()


def toggled(session: Session, number: int, code: str, now: datetime) -> Session:
    """The session with `code` ticked in interval `number`, or cleared if it was ticked,
    stamped `now` (or just after its last stamp, if this laptop's clock is behind)."""
    plan = session.interval_plan
    if plan is None or code not in plan.codes:
        raise ValueError(f"'{code}' is not one of this drop-in's interval codes")
    from observer_tui.core.session import IntervalTicks

    found = next((t for t in session.intervals if t.number == number), None)
    before = found or IntervalTicks(number=number)
    codes = set(before.codes) ^ {code}
    last = before.edited.get(code)
    stamp = now if last is None else max(now, last + timedelta(microseconds=1))
    ticks = before.model_copy(
        update={
            "codes": tuple(c for c in plan.codes if c in codes),
            "edited": {**before.edited, code: stamp},
        }
    )
    others = [t for t in session.intervals if t.number != number]
    intervals = tuple(sorted([*others, ticks], key=lambda t: t.number))
    return session.model_copy(update={"intervals": intervals})


def intervals_observed(session: Session, at: datetime | None = None) -> int:
    """How many intervals the observation covers (up to `at`, or its end): those the
    clock entered, but a last one shorter than a whole interval with nothing ticked or
    noted in it is left out (the observation ended as it began). At least 1."""
    plan = session.interval_plan
    if plan is None:
        return 0
    elapsed = session.elapsed(at or session.ended_at or session.started_at)
    whole, part = divmod(_ms(elapsed), _ms(plan.minutes * 60))
    used = {t.number for t in session.intervals if t.codes}
    used |= {note_interval(note, plan) for note in session.notes}
    entered = whole + 1 if part and whole + 1 in used else whole
    return max(1, entered, max(used, default=0))


@dataclass(frozen=True)
class IntervalRow:
    """One interval of a finished observation, as a row of COPUS's spreadsheet."""

    number: int
    start: float
    """Seconds observed when it began."""
    codes: frozenset[str]
    notes: tuple[Note, ...]
    """The notes typed in it, in time order."""


def interval_rows(session: Session, notes: Iterable[Note] | None = None) -> list[IntervalRow]:
    """Every interval observed, ticked or not, with the notes (`notes`, else all the
    session's) that fall in it."""
    plan = session.interval_plan
    if plan is None:
        return []
    count = intervals_observed(session)
    by_number: dict[int, list[Note]] = {}
    for note in session.notes if notes is None else notes:
        by_number.setdefault(min(note_interval(note, plan), count), []).append(note)
    ticks = {t.number: frozenset(t.codes) for t in session.intervals}
    return [
        IntervalRow(
            number,
            (number - 1) * plan.minutes * 60,
            ticks.get(number, frozenset()),
            tuple(by_number.get(number, ())),
        )
        for number in range(1, count + 1)
    ]


@dataclass(frozen=True)
class CodeShare:
    """One code's share of the intervals observed."""

    code: str
    name: str
    area: str
    intervals: int
    """Intervals it was ticked in."""
    of: int
    """Intervals observed."""

    @property
    def share(self) -> float:
        return self.intervals / self.of if self.of else 0.0


def code_shares(session: Session) -> list[CodeShare]:
    """Each interval code's share of the intervals observed, in the plan's order."""
    plan = session.interval_plan
    if plan is None:
        return []
    rows = interval_rows(session)
    shares = []
    for code in plan.codes:
        copy = session.elements.get(code)
        count = sum(code in row.codes for row in rows)
        shares.append(
            CodeShare(code, copy.name if copy else "", copy.area if copy else "", count, len(rows))
        )
    return shares


def area_codes(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """The plan's codes grouped by area, in order: (area, [(code, name)])."""
    plan = session.interval_plan
    if plan is None:
        return []
    areas: dict[str, list[tuple[str, str]]] = {}
    for code in plan.codes:
        copy = session.elements.get(code)
        areas.setdefault(copy.area if copy else "", []).append((code, copy.name if copy else ""))
    return list(areas.items())


def code_candidates(word: str, codes: Iterable[str]) -> list[str]:
    """The codes `#word` may mean: the one spelt so (any case); else those that are it
    with an area's qualifier, as the CSV import spells a code reused in two areas
    ('AnQ' may be 'S.AnQ' or 'I.AnQ')."""
    folded = word.casefold()
    codes = list(codes)
    exact = [code for code in codes if code.casefold() == folded]
    if exact or not folded:
        return exact
    return [code for code in codes if code.casefold().partition(".")[2] == folded]


def merged_ticks(
    ours: tuple[IntervalTicks, ...], theirs: tuple[IntervalTicks, ...], order: Sequence[str]
) -> tuple[tuple[IntervalTicks, ...], int]:
    """Both versions' ticks, interval by interval: for each code the version that ticked
    or cleared it later decides; a code neither stamped (not written by this app) is
    ticked if either ticked it. Codes in `order` (the plan's), any others after. Also how
    many codes theirs changed in ours."""
    mine = {t.number: t for t in ours}
    other = {t.number: t for t in theirs}
    united: list[IntervalTicks] = []
    brought = 0
    for number in sorted(mine.keys() | other.keys()):
        a, b = mine.get(number), other.get(number)
        if a is None or b is None or a == b:
            chosen = a or b
            assert chosen is not None
            brought += len(chosen.codes) if a is None else 0
            united.append(chosen)
            continue
        codes = []
        for code in dict.fromkeys([*order, *a.codes, *b.codes, *a.edited, *b.edited]):
            on = _later_state(code, a, b)
            if on:
                codes.append(code)
            brought += on != (code in a.codes)
        edited = _later_stamps(a.edited, b.edited)
        united.append(a.model_copy(update={"codes": tuple(codes), "edited": edited}))
    return tuple(united), brought


def _later_state(code: str, a: IntervalTicks, b: IntervalTicks) -> bool:
    at_a, at_b = a.edited.get(code), b.edited.get(code)
    if at_a is not None and at_b is not None:
        return code in (b.codes if at_b > at_a else a.codes)
    if at_a is not None or at_b is not None:
        return code in (a.codes if at_a is not None else b.codes)
    return code in a.codes or code in b.codes


def _later_stamps(a: Mapping[str, datetime], b: Mapping[str, datetime]) -> dict[str, datetime]:
    united = dict(a)
    for code, at in b.items():
        if code not in united or at > united[code]:
            united[code] = at
    return united
