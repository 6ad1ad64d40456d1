"""The session library as a team shares it: one folder from several coaches, and the
completion figures leaders read, with known answers."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from observer_tui.core.index import SessionIndex
from observer_tui.core.rubric import Rubric
from observer_tui.core.stats import completion_stats, format_stats
from tests.conftest import drop_in


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def team(tmp_path: Path, teach: Rubric) -> Path:
    """Two coaches' sessions over two weeks, with known figures."""
    folder = tmp_path / "sessions"
    # Week 47 (16-22 Nov): Sam 3 drop-ins, 2 debriefed after 2 h and 4 h; Ria 1, debriefed.
    drop_in(folder, teach, at=at(16), teacher="Ann", debrief_hours=2)
    drop_in(folder, teach, at=at(17), teacher="Ben", debrief_hours=4)
    drop_in(folder, teach, at=at(18), teacher="Cy")
    drop_in(folder, teach, at=at(18, 11), teacher="Dee", coach="Ria", debrief_hours=24)
    # Week 48 (23-29 Nov): Sam 1, debriefed after 1 h.
    drop_in(folder, teach, at=at(23), teacher="Ann", debrief_hours=1, notes=("asked why #CFU",))
    # A teacher last seen long ago.
    drop_in(folder, teach, at=datetime(2026, 10, 1, 9, tzinfo=UTC), teacher="Eve")
    # A half-written file, as a sync tool leaves it mid-transfer.
    whole = (folder / sorted(p.name for p in folder.iterdir())[0]).read_bytes()
    (folder / "20261124-0900-zed-0000abcd.json").write_bytes(whole[: len(whole) // 2])
    return folder


def indexed(team: Path, cache: Path) -> SessionIndex:
    found = SessionIndex.for_folder(team, cache)
    assert [p.path.name for p in found.refresh().problems] == ["20261124-0900-zed-0000abcd.json"]
    return found


def test_stats_per_coach_and_week_with_known_answers(team: Path, cache: Path) -> None:
    index = indexed(team, cache)
    stats = completion_stats(index, today=date(2026, 11, 30))
    assert [
        (r.coach, r.week, r.drop_ins, r.debriefs, r.completion, r.median_hours) for r in stats.weeks
    ] == [
        ("Ria", "2026-W47", 1, 1, 1.0, 24.0),
        ("Sam", "2026-W40", 1, 0, 0.0, None),
        ("Sam", "2026-W47", 3, 2, 0.667, 3.0),
        ("Sam", "2026-W48", 1, 1, 1.0, 1.0),
    ]
    assert [(r.teacher, r.days) for r in stats.not_seen] == [("Eve", 60)]
    only_sam = completion_stats(
        index, today=date(2026, 11, 30), coach="sam", since=date(2026, 11, 20)
    )
    assert [(r.week, r.drop_ins) for r in only_sam.weeks] == [("2026-W48", 1)]
    assert [r.teacher for r in completion_stats(index, today=date(2026, 12, 20)).not_seen] == [
        "Eve",
        "Ben",
        "Cy",
        "Dee",
        "Ann",
    ]


def test_stats_formats(team: Path, cache: Path) -> None:
    stats = completion_stats(indexed(team, cache), today=date(2026, 11, 30))
    table = format_stats(stats, "table")
    assert table.splitlines()[:2] == [
        "COACH  WEEK      DROP-INS  DEBRIEFS  DONE  MEDIAN H",
        "Ria    2026-W47  1         1         100%  24",
    ]
    assert "Not seen in 21 days:\n  Eve (last 2026-10-01, 60 days)\n" in table
    csv_lines = format_stats(stats, "csv").splitlines()
    assert csv_lines[0] == "coach,week,drop_ins,debriefs,completion,median_hours"
    assert csv_lines[3] == "Sam,2026-W47,3,2,0.667,3.0"
    assert csv_lines[-2:] == ["teacher_not_seen,last_seen,days", "Eve,2026-10-01,60"]
    data = orjson.loads(format_stats(stats, "json"))
    assert data["weeks"][2]["median_hours"] == 3.0
    assert data["not_seen"] == [{"teacher": "Eve", "last_seen": "2026-10-01", "days": 60}]


def test_two_coaches_folders_copied_into_one_list_each_session_once(
    tmp_path: Path, teach: Rubric, cache: Path
) -> None:
    laptop_a, laptop_b, shared = (tmp_path / name for name in ("a", "b", "shared"))
    made = [
        drop_in(laptop_a, teach, at=at(23, hour), teacher="Ann", coach="Sam") for hour in (9, 10)
    ]
    made += [
        drop_in(laptop_b, teach, at=at(23, hour), teacher="Ann", coach="Ria") for hour in (9, 10)
    ]
    for laptop in (laptop_a, laptop_b):
        shutil.copytree(laptop, shared, dirs_exist_ok=True)
    # Both laptops edited one session, so the sync tool kept a conflict copy beside it.
    original = shared / f"{made[0].id}.json"
    conflict = shared / f"{made[0].id} (Ria's conflicted copy 2026-11-24).json"
    shutil.copy(original, conflict)
    found = SessionIndex.for_folder(shared, cache)
    result = found.refresh()
    listed = list(found.summaries())
    assert sorted(s.id for s in listed) == sorted(s.id for s in made)
    assert len({s.id for s in made}) == 4
    assert {s.coach for s in listed} == {"Sam", "Ria"}
    [problem] = result.problems
    assert problem.path == conflict
    assert problem.message.startswith(f"a copy of {original.name} (same session)")
