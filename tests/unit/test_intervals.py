"""Interval coding (COPUS): which interval a moment is in, ticks, shares and merges."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.cli import main
from observer_tui.core.clock import ManualClock
from observer_tui.core.csv_import import import_csv
from observer_tui.core.drafts import completions, hint, read_draft
from observer_tui.core.exports import coach_export, teacher_export
from observer_tui.core.intervals import (
    code_candidates,
    code_shares,
    interval_at,
    interval_rows,
    intervals_observed,
    ticked,
)
from observer_tui.core.locations import DataFolder
from observer_tui.core.merge import merge
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import InvalidFile, RubricLibrary
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore
from tests.conftest import start_observation


@pytest.fixture
def copus(library: RubricLibrary) -> Rubric:
    rubric = library.get("copus")
    assert rubric is not None
    return rubric


def copus_drop_in(copus: Rubric, clock: ManualClock) -> Observation:
    return start_observation(copus, clock, focus=(), minutes=50)


@pytest.mark.parametrize(
    ("offset", "minutes", "interval"),
    [
        (0.0, 2, 1),
        (119.9, 2, 1),
        (119.999, 2, 1),
        (120.0, 2, 2),  # exactly on the boundary: the next interval
        (239.9, 2, 2),
        (240.0, 2, 3),
        (600.0, 2, 6),
        (0.3 * 3, 0.015, 2),  # 0.9 s into 0.9 s intervals: floating point must not say 1
        (59.9, 1, 1),
        (60.0, 1, 2),
        (29.9, 0.5, 1),
        (30.0, 0.5, 2),
    ],
)
def test_a_moment_falls_in_its_interval(offset: float, minutes: float, interval: int) -> None:
    assert interval_at(offset, minutes) == interval


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10_000_000), st.sampled_from([0.5, 1, 2, 2.5, 5]))
def test_every_interval_starts_on_its_boundary_and_ends_before_the_next(
    ms: int, minutes: float
) -> None:
    length = round(minutes * 60_000)
    number = interval_at(ms / 1000, minutes)
    assert (number - 1) * length <= ms < number * length


def test_paused_time_does_not_count_toward_the_interval(copus: Rubric, clock: ManualClock) -> None:
    observation = copus_drop_in(copus, clock)
    clock.advance(100)
    observation.toggle_pause()
    clock.advance(300)  # five minutes of interruption, in interval 1
    observation.toggle_pause()
    now = observation.interval()
    assert now is not None and (now.number, now.left) == (1, 20.0)
    clock.advance(19.9)
    assert number_now(observation) == 1
    clock.advance(0.1)
    assert number_now(observation) == 2


def number_now(observation: Observation) -> int:
    now = observation.interval()
    assert now is not None
    return now.number


def test_a_note_at_the_boundary_falls_in_the_next_interval_and_pauses_shift_it(
    copus: Rubric, clock: ManualClock
) -> None:
    observation = copus_drop_in(copus, clock)
    clock.advance(119.9)
    observation.commit(read_draft("last of 1", copus), clock.now())
    clock.advance(0.1)
    observation.commit(read_draft("first of 2", copus), clock.now())
    observation.toggle_pause()
    clock.advance(600)
    observation.toggle_pause()
    clock.advance(119.9)
    observation.commit(read_draft("still 2 after the pause", copus), clock.now())
    clock.advance(0.1)
    observation.commit(read_draft("first of 3", copus), clock.now())
    observation.end()
    rows = interval_rows(observation.session)
    assert [(row.number, [n.text for n in row.notes]) for row in rows] == [
        (1, ["last of 1"]),
        (2, ["first of 2", "still 2 after the pause"]),
        (3, ["first of 3"]),
    ]


def test_ticks_go_to_the_current_interval_and_a_second_toggle_clears(
    copus: Rubric, clock: ManualClock
) -> None:
    observation = copus_drop_in(copus, clock)
    assert observation.toggle_code("Lec") is True
    assert observation.toggle_code("L") is True
    assert observation.toggle_code("Lec") is False
    assert observation.toggle_code("Lec") is True
    clock.advance(120)
    assert ticked(observation.session, 2) == ()  # a new interval starts clear
    observation.toggle_code("PQ")
    assert ticked(observation.session, 1) == ("L", "Lec")  # the rubric's order
    assert ticked(observation.session, 2) == ("PQ",)


def test_the_session_file_holds_the_plan_and_the_ticks(copus: Rubric, clock: ManualClock) -> None:
    observation = copus_drop_in(copus, clock)
    observation.toggle_code("S.AnQ")
    raw = orjson.loads(observation.session.to_json())
    assert raw["interval_plan"]["minutes"] == 2
    assert len(raw["interval_plan"]["codes"]) == 25
    assert [(t["number"], t["codes"]) for t in raw["intervals"]] == [(1, ["S.AnQ"])]
    assert Session.from_file(raw) == observation.session


def test_a_drop_in_without_intervals_is_written_as_before(
    teach: Rubric, clock: ManualClock
) -> None:
    raw = orjson.loads(start_observation(teach, clock).session.to_json())
    assert "interval_plan" not in raw and "intervals" not in raw


def test_intervals_observed_counts_the_partial_last_only_if_used(
    copus: Rubric, clock: ManualClock
) -> None:
    observation = copus_drop_in(copus, clock)
    clock.advance(600)
    assert intervals_observed(observation.session, clock.now()) == 5
    clock.advance(3)  # ended 3 s into interval 6, nothing in it
    observation.end()
    assert intervals_observed(observation.session) == 5
    later = ManualClock(clock.now())
    other = copus_drop_in(copus, later)
    later.advance(603)
    other.toggle_code("Adm")
    other.end()
    assert intervals_observed(other.session) == 6


def test_shares_are_intervals_ticked_over_intervals_observed(
    copus: Rubric, clock: ManualClock
) -> None:
    observation = copus_drop_in(copus, clock)
    for interval in range(4):
        observation.toggle_code("Lec")
        if interval % 2:
            observation.toggle_code("PQ")
        clock.advance(120)
    observation.end()
    shares = {s.code: (s.intervals, s.of) for s in code_shares(observation.session)}
    assert shares["Lec"] == (4, 4)
    assert shares["PQ"] == (2, 4)
    assert shares["L"] == (0, 4)
    assert len(shares) == 25


def test_anq_means_either_area_until_qualified(copus: Rubric) -> None:
    codes = [element.code for _, element in copus.all_elements()]
    assert code_candidates("AnQ", codes) == ["S.AnQ", "I.AnQ"]
    assert code_candidates("anq", codes) == ["S.AnQ", "I.AnQ"]
    assert code_candidates("i.anq", codes) == ["I.AnQ"]
    assert code_candidates("D/V", codes) == ["D/V"]
    assert code_candidates("Nope", codes) == []


def test_two_laptops_ticks_unite_and_a_later_clear_wins(copus: Rubric, clock: ManualClock) -> None:
    ours = copus_drop_in(copus, clock)
    their_clock = ManualClock(clock.now())
    theirs = Observation(ours.session, copus, their_clock)
    ours.toggle_code("Lec")
    ours.toggle_code("PQ")
    their_clock.advance(1)
    theirs.toggle_code("L")
    theirs.toggle_code("PQ")  # ticked there too, a second later ...
    their_clock.advance(1)
    theirs.toggle_code("PQ")  # ... and cleared later still: cleared wins
    merged = merge(ours.session, theirs.session)
    assert ticked(merged.session, 1) == ("L", "Lec")
    assert merged.ticks == 2 and "2 interval ticks" in merged.describe()
    back = merge(theirs.session, ours.session).session
    assert ticked(back, 1) == ("L", "Lec")


def test_an_older_file_with_unstamped_ticks_is_united(copus: Rubric, clock: ManualClock) -> None:
    ours = copus_drop_in(copus, clock)
    raw = orjson.loads(ours.session.to_json())
    raw["intervals"] = [{"number": 1, "codes": ["L"]}]
    theirs = Session.from_file(raw)
    ours.toggle_code("Lec")
    merged = merge(ours.session, theirs).session
    assert ticked(merged, 1) == ("L", "Lec")


def test_a_clock_behind_still_stamps_after_the_last_change(
    copus: Rubric, clock: ManualClock
) -> None:
    observation = copus_drop_in(copus, clock)
    observation.toggle_code("Lec")
    first = observation.session.intervals[0].edited["Lec"]
    observation.clock = ManualClock(clock.now() - timedelta(hours=1))
    observation.toggle_code("Lec")
    assert observation.session.intervals[0].edited["Lec"] > first


def test_a_spreadsheet_imported_with_intervals_codes_them_with_qualified_codes(
    tmp_path: Path, clock: ManualClock
) -> None:
    sheet = tmp_path / "copus.csv"
    sheet.write_text(
        "domain,element_code,element_name\n"
        "Students,L,Listening\nStudents,AnQ,Answering\n"
        "Instructor,Lec,Lecturing\nInstructor,AnQ,Answering student questions\n"
    )
    imported = import_csv(
        sheet, tmp_path / "rubrics", rubric_id="ours", name="Ours", interval_minutes=2
    )
    rubric = imported.result.rubric
    observation = start_observation(rubric, clock, focus=())
    plan = observation.session.interval_plan
    assert plan is not None and plan.codes == ("L", "S.AnQ", "Lec", "I.AnQ")
    assert read_draft("#I.AnQ", rubric).tags == ["I.AnQ"]
    assert "#S.AnQ (Students) or #I.AnQ (Instructor)" in hint("#AnQ ", rubric)[0]
    assert [c.code for c in completions("AnQ", rubric)] == ["S.AnQ", "I.AnQ"]
    again = import_csv(sheet, tmp_path / "rubrics", rubric_id="ours", name="Ours", force=True)
    assert again.result.rubric.observation.intervals is not None  # a re-import keeps it


def test_zero_minute_intervals_are_refused_with_the_field_named(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("domain,element_code,element_name\nStudents,L,Listening\n")
    with pytest.raises(InvalidFile) as invalid:
        import_csv(sheet, tmp_path / "r", rubric_id="c", name="C", interval_minutes=0)
    assert any("observation.intervals.minutes" in p for p in invalid.value.problems)


def test_intervals_csv_of_a_drop_in_without_intervals_warns_and_has_no_rows(
    data: DataFolder, teach: Rubric, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    observation = start_observation(teach, clock)
    observation.end()
    SessionStore(data.sessions).save(observation.session)
    base = ["--data-dir", str(data.root), "export", observation.session.id]
    assert main([*base, "--format", "intervals-csv"]) == 0
    out, err = capsys.readouterr()
    assert "does not code intervals: the CSV has no rows" in err
    assert out.lstrip("\ufeff").splitlines() == ["interval,start,end,comments"]


def test_the_teachers_intervals_csv_leaves_out_coach_only_notes(
    copus: Rubric, clock: ManualClock
) -> None:
    observation = copus_drop_in(copus, clock)
    observation.toggle_code("Lec")
    shared = observation.commit(read_draft("worked example", copus), clock.now())
    secret = observation.commit(read_draft("SECRET worry", copus), clock.now())
    observation.toggle_private(secret.id)
    clock.advance(120)
    observation.end()
    teacher = list(csv.reader(io.StringIO(teacher_export(observation.session, "intervals-csv"))))
    coach = list(csv.reader(io.StringIO(coach_export(observation.session, "intervals-csv"))))
    assert teacher[1][-1] == shared.text
    assert coach[1][-1] == "worked example | SECRET worry"
    lec = teacher[0].index("Lec")
    assert (teacher[1][lec], teacher[1][teacher[0].index("L")]) == ("1", "0")
