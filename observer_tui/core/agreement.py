"""Co-observation agreement: two coaches' records of one lesson, side by side.

Pure functions over two Session values (and the rubric, for the order of its scales' levels
and its calibration bar): element ratings (exact, within one, Cohen's kappa and its
quadratic-weighted form), behaviour ratings, snapshots, and how many notes each coach
tagged per element. A share or a kappa with nothing to compare is None (`null` in JSON),
never a division error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import orjson

from observer_tui.core.debrief import Rating
from observer_tui.core.index import SessionIndex, SessionSummary
from observer_tui.core.rubric import Calibration, Rubric
from observer_tui.core.session import Session
from observer_tui.core.tables import Cell, csv_text, text_table
from observer_tui.core.visible import visible, visible_json

_Weight = Callable[[int, int], float]

LONGEST = timedelta(minutes=240)
"""The longest a drop-in can be planned: how far back a lesson's other records can start."""
UNENDED = timedelta(minutes=15)
"""How long an observation not ended yet is taken to last, to find who else is there."""


@dataclass(frozen=True)
class ElementAgreement:
    """One element's two ratings; `exact` and `within_one` are None unless both rated it."""

    code: str
    a: str | None
    b: str | None
    exact: bool | None
    within_one: bool | None
    apart: int | None
    """How many points apart the two ratings are, None if either is missing or off the scale."""


@dataclass(frozen=True)
class BehaviourAgreement:
    """One look-for's two behaviour ratings (L/M/H)."""

    code: str
    look_for: int
    a: str | None
    b: str | None
    exact: bool | None


@dataclass(frozen=True)
class SnapshotAgreement:
    """One snapshot field at one mark: both answers, and whether they match."""

    mark: int
    """The rubric's mark, 0-based (shown from 1)."""
    field: str
    a: str | None
    b: str | None
    match: bool | None


@dataclass(frozen=True)
class NoteCounts:
    """How many notes each coach tagged with one element."""

    code: str
    a: int
    b: int


@dataclass(frozen=True)
class Agreement:
    """Everything two coaches' records of one lesson agree and disagree on."""

    a: Session
    b: Session
    elements: tuple[ElementAgreement, ...]
    exact_share: float | None
    within_one_share: float | None
    kappa: float | None
    weighted_kappa: float | None
    behaviours: tuple[BehaviourAgreement, ...]
    behaviours_exact_share: float | None
    snapshots: tuple[SnapshotAgreement, ...]
    snapshots_share: float | None
    notes: tuple[NoteCounts, ...]
    bar: Calibration
    bar_share: float | None
    """The share of elements both rated within the bar's points (within one by default)."""
    meets_bar: bool | None
    """None when no element was rated by both."""

    @property
    def both_rated(self) -> int:
        """Elements both coaches rated on the scale."""
        return sum(e.apart is not None for e in self.elements)


def share(hits: Iterable[bool | None]) -> float | None:
    """The share of True among the values that are not None; None if there are none."""
    counted = [hit for hit in hits if hit is not None]
    return sum(counted) / len(counted) if counted else None


def cohen_kappa(pairs: Sequence[tuple[int, int]], categories: int) -> float | None:
    """Cohen's kappa of paired ratings, each a category from 0 to `categories` - 1; None
    when there is nothing to compare or chance alone agrees every time."""
    return _kappa(pairs, categories, lambda i, j: float(i == j))


def weighted_kappa(pairs: Sequence[tuple[int, int]], categories: int) -> float | None:
    """Quadratic-weighted kappa (Cohen 1968; Fleiss and Cohen 1973): disagreements count by
    the square of their distance on an ordered scale of `categories` points."""
    if categories < 2:
        return None
    top = (categories - 1) ** 2
    return _kappa(pairs, categories, lambda i, j: 1 - (i - j) ** 2 / top)


def _kappa(pairs: Sequence[tuple[int, int]], categories: int, weight: _Weight) -> float | None:
    if not pairs or categories < 1:
        return None
    n = len(pairs)
    rows = [0] * categories
    columns = [0] * categories
    observed = 0.0
    for i, j in pairs:
        rows[i] += 1
        columns[j] += 1
        observed += weight(i, j)
    observed /= n
    expected = sum(
        weight(i, j) * rows[i] * columns[j] for i in range(categories) for j in range(categories)
    ) / (n * n)
    if expected >= 1:
        return None  # both gave one level only: chance explains all, kappa is undefined
    return (observed - expected) / (1 - expected)


def _element_ratings(session: Session) -> dict[str, Rating]:
    """Each element's rating (no look-for), the last given if there are several."""
    return {r.code: r for r in session.debrief.ratings if r.look_for is None}


def _levels(rubric: Rubric | None, scale: str, values: Iterable[str]) -> list[str] | None:
    """The scale's levels lowest first: the rubric's, else the values if all are numbers."""
    if rubric is not None:
        for found in rubric.scales:
            if found.id == scale:
                return [level.value for level in found.levels]
    numbers = set()
    for value in values:
        try:
            numbers.add(int(value))
        except ValueError:
            return None
    return [str(n) for n in range(min(numbers), max(numbers) + 1)] if numbers else None


def _compare_elements(
    a: Session, b: Session, rubric: Rubric | None, bar: Calibration
) -> tuple[tuple[ElementAgreement, ...], list[tuple[int, int]], int, list[bool]]:
    rated_a, rated_b = _element_ratings(a), _element_ratings(b)
    scale = next(iter(rated_a.values() or rated_b.values()), None)
    scale_id = scale.scale if scale is not None else "element"
    values = [r.value for r in (*rated_a.values(), *rated_b.values())]
    levels = _levels(rubric, scale_id, values) or []
    # On a scale of numbers, N/A and other words are shown but not compared.
    ordered = [value for value in levels if value.replace(".", "").isdigit()] or levels
    place = {value: n for n, value in enumerate(ordered)}
    order = {code: n for n, code in enumerate(_codes_in_order(a, b, rubric))}
    codes = sorted(rated_a.keys() | rated_b.keys(), key=lambda c: (order.get(c, len(order)), c))
    elements, pairs, within_bar = [], [], []
    for code in codes:
        ra, rb = rated_a.get(code), rated_b.get(code)
        pa = place.get(ra.value) if ra is not None else None
        pb = place.get(rb.value) if rb is not None else None
        apart = abs(pa - pb) if pa is not None and pb is not None else None
        if pa is not None and pb is not None:
            pairs.append((pa, pb))
        if apart is not None:
            within_bar.append(apart <= bar.within)
        elements.append(
            ElementAgreement(
                code,
                ra.value if ra is not None else None,
                rb.value if rb is not None else None,
                None if apart is None else apart == 0,
                None if apart is None else apart <= 1,
                apart,
            )
        )
    return tuple(elements), pairs, len(ordered), within_bar


def _codes_in_order(a: Session, b: Session, rubric: Rubric | None) -> list[str]:
    """Element codes in the rubric's order, else the order the sessions list them."""
    if rubric is not None:
        return [element.code for _, element in rubric.all_elements()]
    return list(dict.fromkeys([*a.elements, *b.elements]))


def _compare_behaviours(a: Session, b: Session) -> tuple[BehaviourAgreement, ...]:
    def ratings(session: Session) -> dict[tuple[str, int], str]:
        return {
            (r.code, r.look_for): r.value for r in session.debrief.ratings if r.look_for is not None
        }

    rated_a, rated_b = ratings(a), ratings(b)
    return tuple(
        BehaviourAgreement(
            code,
            look_for,
            va := rated_a.get((code, look_for)),
            vb := rated_b.get((code, look_for)),
            None if va is None or vb is None else va == vb,
        )
        for code, look_for in sorted(rated_a.keys() | rated_b.keys())
    )


def _compare_snapshots(a: Session, b: Session) -> tuple[SnapshotAgreement, ...]:
    def at_marks(session: Session) -> dict[int, dict[str, str]]:
        # The latest snapshot taken for a mark is the coach's answer to it.
        marks: dict[int, dict[str, str]] = {}
        for snapshot in sorted(session.snapshots, key=lambda s: s.at):
            if snapshot.mark is not None:
                marks[snapshot.mark] = dict(snapshot.values)
        return marks

    marks_a, marks_b = at_marks(a), at_marks(b)
    spec = a.snapshot_spec or b.snapshot_spec
    order = {f.id: n for n, f in enumerate(spec.fields)} if spec is not None else {}
    found = []
    for mark in sorted(marks_a.keys() | marks_b.keys()):
        values_a, values_b = marks_a.get(mark, {}), marks_b.get(mark, {})
        fields = sorted(
            values_a.keys() | values_b.keys(), key=lambda f: (order.get(f, len(order)), f)
        )
        for field in fields:
            va, vb = values_a.get(field), values_b.get(field)
            match = None if va is None or vb is None else va == vb
            found.append(SnapshotAgreement(mark, field, va, vb, match))
    return tuple(found)


def _note_counts(a: Session, b: Session, rubric: Rubric | None) -> tuple[NoteCounts, ...]:
    def counts(session: Session) -> dict[str, int]:
        tagged: dict[str, int] = {}
        for note in session.notes:
            for code in dict.fromkeys(note.tags):
                tagged[code] = tagged.get(code, 0) + 1
        return tagged

    count_a, count_b = counts(a), counts(b)
    order = {code: n for n, code in enumerate(_codes_in_order(a, b, rubric))}
    codes = sorted(count_a.keys() | count_b.keys(), key=lambda c: (order.get(c, len(order)), c))
    return tuple(NoteCounts(code, count_a.get(code, 0), count_b.get(code, 0)) for code in codes)


def compare(a: Session, b: Session, rubric: Rubric | None = None) -> Agreement:
    """How far two coaches' records of one lesson agree, against the rubric's bar."""
    bar = rubric.calibration if rubric is not None else Calibration()
    elements, pairs, categories, within_bar = _compare_elements(a, b, rubric, bar)
    behaviours = _compare_behaviours(a, b)
    snapshots = _compare_snapshots(a, b)
    bar_share = share(within_bar)
    return Agreement(
        a=a,
        b=b,
        elements=elements,
        exact_share=share(e.exact for e in elements),
        within_one_share=share(e.within_one for e in elements),
        kappa=cohen_kappa(pairs, categories),
        weighted_kappa=weighted_kappa(pairs, categories),
        behaviours=behaviours,
        behaviours_exact_share=share(x.exact for x in behaviours),
        snapshots=snapshots,
        snapshots_share=share(s.match for s in snapshots),
        notes=_note_counts(a, b, rubric),
        bar=bar,
        bar_share=bar_share,
        meets_bar=None if bar_share is None else bar_share >= bar.share - 1e-9,
    )


def agreement_record(agreement: Agreement) -> dict[str, object]:
    """The agreement as `agree --format json` writes it: keys scripts can rely on."""

    def side(session: Session) -> dict[str, object]:
        return {
            "id": session.id,
            "coach": session.coach,
            "teacher": session.teacher,
            "class": session.class_name,
            "started_at": session.started_at.isoformat(),
        }

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "a": side(agreement.a),
        "b": side(agreement.b),
        "elements": [
            {"code": e.code, "a": e.a, "b": e.b, "exact": e.exact, "within_one": e.within_one}
            for e in agreement.elements
        ],
        "exact_share": rounded(agreement.exact_share),
        "within_one_share": rounded(agreement.within_one_share),
        "kappa": rounded(agreement.kappa),
        "weighted_kappa": rounded(agreement.weighted_kappa),
        "behaviours": [
            {"code": x.code, "look_for": x.look_for, "a": x.a, "b": x.b, "exact": x.exact}
            for x in agreement.behaviours
        ],
        "behaviours_exact_share": rounded(agreement.behaviours_exact_share),
        "snapshots": [
            {"mark": s.mark + 1, "field": s.field, "a": s.a, "b": s.b, "match": s.match}
            for s in agreement.snapshots
        ],
        "snapshots_share": rounded(agreement.snapshots_share),
        "notes": [{"code": n.code, "a": n.a, "b": n.b} for n in agreement.notes],
        "bar": {"within": agreement.bar.within, "share": agreement.bar.share},
        "bar_share": rounded(agreement.bar_share),
        "meets_bar": agreement.meets_bar,
    }


# -- finding the pairs, through the index ---------------------------------------------------


def _end(summary: SessionSummary) -> datetime:
    return summary.ended_at or summary.started_at + UNENDED


def overlap(one: SessionSummary, other: SessionSummary) -> bool:
    """Whether two sessions' observed times overlap."""
    return one.started_at < _end(other) and other.started_at < _end(one)


def same_lesson(index: SessionIndex, session_id: str) -> list[SessionSummary]:
    """Other coaches' sessions of the same lesson, earliest first: the same teacher, times
    that overlap; a query on the teacher's sessions in the index, no file read."""
    summary = index.get(session_id)
    if summary is None or not summary.teacher.strip():
        return []
    coach = summary.coach.strip().casefold()
    return [
        other
        for other in reversed(index.teacher(summary.teacher))
        if other.id != summary.id
        and other.coach.strip().casefold() != coach
        and abs(other.started_at - summary.started_at) <= LONGEST
        and overlap(summary, other)
    ]


def lesson_pairs(
    index: SessionIndex, since: date | None = None
) -> list[tuple[SessionSummary, SessionSummary]]:
    """Every pair of sessions two coaches recorded of one lesson, oldest first, each once
    (the earlier started first); from `since` on if given. One query on the index."""
    rows = index.execute(
        "SELECT a.id, b.id FROM sessions a JOIN sessions b"
        " ON a.teacher_key = b.teacher_key AND a.teacher_key != ''"
        " AND a.coach_key != b.coach_key"
        " AND b.started_epoch BETWEEN a.started_epoch AND a.started_epoch + ?"
        " AND (b.started_epoch > a.started_epoch OR b.id > a.id)"
        " WHERE a.started_day >= ?"
        " ORDER BY a.started_epoch, a.id, b.started_epoch, b.id",
        (LONGEST.total_seconds(), since.isoformat() if since else ""),
    ).fetchall()
    found = []
    for id_a, id_b in rows:
        one, other = index.get(id_a), index.get(id_b)
        if one is not None and other is not None and overlap(one, other):
            found.append((one, other))
    return found


# -- what the command line prints ------------------------------------------------------------


def percent(value: float | None) -> str:
    """A share as '83%', or '-' for nothing to compare."""
    return "-" if value is None else f"{value:.0%}"


def kappa_text(value: float | None) -> str:
    """A kappa as '0.68', or '-' when it is undefined."""
    return "-" if value is None else f"{value:.2f}"


def bar_text(bar: Calibration) -> str:
    """'80% of elements within 1 point' (or 'exactly the same' for a bar of 0 points)."""
    points = "exactly" if bar.within == 0 else f"within {bar.within} point" + "s" * (bar.within > 1)
    return f"{bar.share:.0%} of elements {points}"


def verdict(agreement: Agreement) -> str:
    """Whether the pair meets the bar, as the coach reads it."""
    if agreement.meets_bar is None:
        return "no element rated by both: nothing to compare yet"
    got = f"{percent(agreement.bar_share)} of {agreement.both_rated}"
    return f"{got}: meets the bar" if agreement.meets_bar else f"{got}: not met yet"


def element_verdict(element: ElementAgreement) -> str:
    """'exact', 'within one', '2 apart', or who rated it."""
    if element.a is None:
        return "only B rated it"
    if element.b is None:
        return "only A rated it"
    if element.apart is None:
        return "not on the scale"
    if element.apart == 0:
        return "exact"
    return "within one" if element.apart == 1 else f"{element.apart} apart"


def counted(hits: Sequence[bool | None], what: str, same: str = "the same") -> str:
    """'5 of 6 the same (83%)', or 'none rated by both'."""
    known = [hit for hit in hits if hit is not None]
    if not known:
        return f"none {what}"
    return f"{sum(known)} of {len(known)} {same} ({percent(share(known))})"


def who(session: Session) -> str:
    """'Sam Okafor (id)'."""
    return f"{visible(session.coach or 'a coach', one_line=True)} ({session.id})"


def format_agreement(agreement: Agreement) -> str:
    """The agreement as a text table, element by element, then the figures."""
    a, b = agreement.a, agreement.b
    when = a.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
    lesson = " · ".join(
        visible(part, one_line=True) for part in (a.teacher or "-", a.class_name) if part
    )
    within = [e.within_one for e in agreement.elements]
    lines = [
        f"{lesson} · {when}",
        f"A: {who(a)}",
        f"B: {who(b)}",
        "",
        f"Bar ({bar_text(agreement.bar)}): {verdict(agreement)}",
        f"Elements: {counted([e.exact for e in agreement.elements], 'rated by both')},"
        f" {counted(within, 'rated by both', 'within one')}",
        f"Kappa {kappa_text(agreement.kappa)}, quadratic-weighted kappa"
        f" {kappa_text(agreement.weighted_kappa)}",
        f"Behaviours (L/M/H): {counted([x.exact for x in agreement.behaviours], 'rated by both')}",
        "Snapshots: "
        + counted([s.match for s in agreement.snapshots], "at the same marks", "answers match"),
    ]
    lines += [
        f"  mark {s.mark + 1} {visible(s.field, one_line=True)}:"
        f" A {visible(s.a or '-', one_line=True)}, B {visible(s.b or '-', one_line=True)}"
        for s in agreement.snapshots
        if s.match is False
    ]
    lines.append("")
    if agreement.elements:
        rows = [["ELEMENT", "A", "B", "AGREE"]]
        rows += [[e.code, e.a or "-", e.b or "-", element_verdict(e)] for e in agreement.elements]
        lines.append(text_table(rows))
    else:
        lines.append("No element ratings in either session.")
    if agreement.notes:
        rows = [["NOTES TAGGED", "A", "B"]]
        rows += [[n.code, str(n.a), str(n.b)] for n in agreement.notes]
        lines += ["", text_table(rows)]
    return "\n".join(lines) + "\n"


def format_reference(reference: Session, agreements: Sequence[Agreement]) -> str:
    """A trainer's master session against each coach's session of the same lesson."""
    lines = [f"Reference: {who(reference)}"]
    if not agreements:
        return lines[0] + "\nNo other coach's session of this lesson.\n"
    rows = [["COACH", "ELEMENTS", "EXACT", "WITHIN ONE", "KAPPA", "BAR", "SESSION"]]
    rows += [
        [
            x.b.coach or "-",
            str(x.both_rated),
            percent(x.exact_share),
            percent(x.within_one_share),
            kappa_text(x.kappa),
            "-" if x.meets_bar is None else "met" if x.meets_bar else "not yet",
            x.b.id,
        ]
        for x in agreements
    ]
    return "\n".join([*lines, "", text_table(rows)]) + "\n"


@dataclass(frozen=True)
class CalibrationPair:
    """One lesson two coaches both recorded, as `stats --calibration` lists it."""

    coach: str
    other: str
    """The other coach."""
    teacher: str
    started_at: datetime
    session: str
    other_session: str
    elements: int
    """Elements both rated."""
    within_one_share: float | None
    meets_bar: bool | None


def calibration_pairs(
    pairs: Iterable[tuple[SessionSummary, SessionSummary]],
    read: Callable[[str], Session],
    rubric_of: Callable[[Session], Rubric | None],
    coach: str | None = None,
) -> tuple[list[CalibrationPair], list[str]]:
    """Each coach's pairs, coach by coach and oldest first (a pair under both of its
    coaches), and one line per session that could not be read."""
    rows: list[CalibrationPair] = []
    problems: list[str] = []
    wanted = coach.strip().casefold() if coach else None
    for one, other in pairs:
        try:
            a, b = read(one.id), read(other.id)
        except (ValueError, OSError) as error:
            problems.append(f"{one.id} or {other.id}: {error}")
            continue
        found = compare(a, b, rubric_of(a))
        for mine, theirs in ((a, b), (b, a)):
            if wanted and wanted not in mine.coach.casefold():
                continue
            rows.append(
                CalibrationPair(
                    mine.coach,
                    theirs.coach,
                    a.teacher,
                    mine.started_at,
                    mine.id,
                    theirs.id,
                    found.both_rated,
                    found.within_one_share,
                    found.meets_bar,
                )
            )
    rows.sort(key=lambda r: (r.coach.casefold(), r.started_at, r.session))
    return rows, problems


def format_calibration(rows: Sequence[CalibrationPair], fmt: str) -> str:
    """`stats --calibration`: each coach's pairs over time, as a table, CSV or JSON."""
    if fmt == "json":
        data = {
            "pairs": [
                {
                    "coach": r.coach,
                    "other_coach": r.other,
                    "teacher": r.teacher,
                    "started_at": r.started_at.isoformat(),
                    "session": r.session,
                    "other_session": r.other_session,
                    "elements": r.elements,
                    "within_one_share": None
                    if r.within_one_share is None
                    else round(r.within_one_share, 4),
                    "meets_bar": r.meets_bar,
                }
                for r in rows
            ]
        }
        return visible_json(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"
    if fmt == "csv":
        table: list[Sequence[Cell]] = [
            ["coach", "other_coach", "teacher", "started_at", "elements", "within_one_share"]
            + ["meets_bar", "session", "other_session"]
        ]
        table += [
            [
                r.coach,
                r.other,
                r.teacher,
                r.started_at.isoformat(),
                r.elements,
                None if r.within_one_share is None else round(r.within_one_share, 4),
                "" if r.meets_bar is None else str(r.meets_bar).lower(),
                r.session,
                r.other_session,
            ]
            for r in rows
        ]
        return csv_text(table, lineterminator="\n")
    if not rows:
        return "No lesson recorded by two coaches.\n"
    header = ["COACH", "WITH", "TEACHER", "STARTED", "ELEMENTS", "WITHIN ONE", "BAR"]
    body = [
        [
            r.coach or "-",
            r.other or "-",
            r.teacher or "-",
            r.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            str(r.elements),
            percent(r.within_one_share),
            "-" if r.meets_bar is None else "met" if r.meets_bar else "not yet",
        ]
        for r in rows
    ]
    return text_table([header, *body]) + "\n"
