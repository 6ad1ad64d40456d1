"""The figures behind the pictures: the timeline's minutes, a teacher's elements per drop-in
and follow-ups, completion per week."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.core.kinds import NoteKind
from observer_tui.core.rubric import Rubric
from observer_tui.core.stats import Stats, WeekCompletion, WeekRow, weekly_completion
from observer_tui.core.storage import read_session
from observer_tui.core.teacher import StepLine, element_heat, element_names
from observer_tui.core.visit import Timeline, timeline
from observer_tui.core.visit_html import timeline_svg
from tests.app.journeys import teacher_term

V1 = Path(__file__).parent.parent / "data" / "session-v1.json"


def test_the_timeline_puts_each_note_snapshot_and_pause_in_its_minute() -> None:
    spans = timeline(read_session(V1)).spans()
    assert len(spans) == 16  # 15:50 observed
    assert spans[1].notes == {NoteKind.STRENGTH: 1, NoteKind.GROWTH: 1}
    assert [n for n, s in enumerate(spans) if s.snapshots] == [2, 12, 13]
    assert [n for n, s in enumerate(spans) if s.due] == [3, 12, 13]  # due 3-4 and 12-14
    assert [n for n, s in enumerate(spans) if s.paused] == [2]
    assert spans[-1].end == 950.0


def test_the_svg_and_the_strip_draw_the_same_timeline() -> None:
    session = read_session(V1)
    line = timeline(session)
    svg = timeline_svg(session)
    assert svg.count("<circle") == len(line.notes) == len(session.notes)
    assert svg.count("<path") == len(line.snapshots)
    assert svg.count('stroke-dasharray="3 3"') == len(line.pauses)


@pytest.mark.parametrize(("minutes", "spans"), [(1, 16), (2, 8), (5, 4), (15, 2), (60, 1)], ids=str)
def test_wider_spans_cover_the_same_drop_in(minutes: int, spans: int) -> None:
    cut = timeline(read_session(V1)).spans(minutes)
    assert len(cut) == spans
    assert sum(sum(s.notes.values()) for s in cut) == 11
    assert sum(s.snapshots for s in cut) == 3


offsets = st.floats(min_value=0, max_value=7200, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    end=st.floats(min_value=60, max_value=7200, allow_nan=False),
    notes=st.lists(st.tuples(st.sampled_from(list(NoteKind)), offsets), max_size=40),
    snapshots=st.lists(offsets, max_size=6),
    pauses=st.lists(offsets, max_size=4),
    minutes=st.sampled_from([1, 2, 5, 10]),
)
def test_every_note_and_snapshot_lands_in_exactly_one_span(
    end: float,
    notes: list[tuple[NoteKind, float]],
    snapshots: list[float],
    pauses: list[float],
    minutes: int,
) -> None:
    kinds = tuple(k for k in NoteKind if any(kind is k for kind, _ in notes))
    line = Timeline(end, tuple(notes), kinds, tuple(snapshots), (), tuple(pauses))
    spans = line.spans(minutes)
    assert len(spans) == max(math.ceil(end / (60 * minutes)), 1)
    for kind in NoteKind:
        assert sum(s.notes.get(kind, 0) for s in spans) == sum(k is kind for k, _ in notes)
    assert sum(s.snapshots for s in spans) == len(snapshots)
    assert bool(pauses) == any(s.paused for s in spans)
    assert spans[0].start == 0 and spans[-1].end == end


@pytest.mark.parametrize(
    ("review", "follow_up", "state"),
    [
        ("It went well.", date(2026, 11, 1), "done"),
        ("   ", None, "missed"),  # followed up, but nobody said how it went
        (None, date(2026, 11, 23), "missed"),  # the date passed, no drop-in since
        (None, date(2026, 11, 24), "waiting"),  # due today
        (None, None, "waiting"),
    ],
)
def test_a_steps_follow_up_is_done_waiting_or_missed(
    review: str | None, follow_up: date | None, state: str
) -> None:
    line = StepLine(date(2026, 11, 2), "Ask three", "CFU", "", review, follow_up)
    assert line.follow_up_state(date(2026, 11, 24)) == state


def test_the_heat_counts_notes_per_element_per_drop_in_oldest_first(
    tmp_path: Path, teach: Rubric
) -> None:
    sessions = teacher_term(tmp_path, teach)
    heat = element_heat(list(reversed(sessions)))
    assert heat.days == (date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 23))
    assert heat.rows == (("CFU", (2, 2, 1)), ("FB", (1, 1, 0)), ("T", (0, 0, 1)))
    assert element_heat(sessions, top=1, last=2).rows == (("CFU", (2, 1)),)


def test_element_names_come_from_the_sessions_then_their_rubric(
    tmp_path: Path, teach: Rubric
) -> None:
    sessions = teacher_term(tmp_path, teach)
    names = element_names(sessions, {teach.id: teach}.get)
    assert names["CFU"] == "CFU Checks for understanding"
    assert names["T"] == "T Transition"
    bare = [s.model_copy(update={"elements": {}}) for s in sessions]
    assert element_names(bare, {teach.id: teach}.get)["FB"] == "FB Feedback"
    assert element_names(bare, lambda _: None) == {}  # codes alone, never a made-up name


def row(coach: str, week: str, drop_ins: int, debriefs: int) -> WeekRow:
    return WeekRow(coach, week, drop_ins, debriefs, debriefs / drop_ins, None)


def test_completion_per_week_sums_the_coaches_and_shows_empty_weeks() -> None:
    stats = Stats(
        [row("Ann", "2026-W52", 2, 1), row("Ben", "2026-W52", 1, 1), row("Ann", "2027-W02", 1, 0)],
        [],
        21,
    )
    assert weekly_completion(stats) == [
        WeekCompletion("2026-W52", 3, 2),
        WeekCompletion("2026-W53", 0, 0),
        WeekCompletion("2027-W01", 0, 0),
        WeekCompletion("2027-W02", 1, 0),
    ]
    assert [w.week for w in weekly_completion(stats, most=2)] == ["2027-W01", "2027-W02"]
    assert weekly_completion(Stats([], [], 21)) == []


def test_the_heat_of_no_drop_ins_is_empty() -> None:
    heat = element_heat([])
    assert heat.days == () and heat.rows == ()


def test_a_timeline_of_nothing_is_one_empty_minute() -> None:
    line = Timeline(60.0, (), (), (), (), ())
    [span] = line.spans()
    assert span.notes == {} and not span.due and not line.has_snapshots
