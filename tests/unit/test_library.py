"""The session library: the (legacy) cache, a shared team folder, search and completion figures."""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from observer_tui.core import legacy_index as index
from observer_tui.core.index import SessionIndex
from observer_tui.core.legacy_index import (
    SessionSummary,
    cache_path,
    filter_sessions,
    first_page,
    load_texts,
    replaced,
    scan_library,
    search,
)
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


def test_the_cache_spares_reading_and_follows_changes(
    team: Path, cache: Path, teach: Rubric
) -> None:
    first = scan_library(team, cache)
    assert first.read == 6
    assert cache_path(cache, team).is_file() and not any(
        p.name.startswith("library") for p in team.iterdir()
    )
    again = scan_library(team, cache)
    assert again.read == 0 and again.summaries == first.summaries
    newest = drop_in(team, teach, at=at(24), teacher="Fay")
    changed = scan_library(team, cache)
    assert changed.read == 1 and changed.summaries[0].id == newest.id
    (team / f"{newest.id}.json").unlink()
    assert [s.id for s in scan_library(team, cache).summaries] == [s.id for s in first.summaries]


def test_the_first_page_is_the_newest_sessions_whose_files_are_unchanged(
    team: Path, cache: Path
) -> None:
    assert first_page(team, cache) == []  # nothing scanned yet
    scan = scan_library(team, cache)
    assert first_page(team, cache) == scan.summaries
    newest, second = scan.summaries[:2]
    (team / newest.file).unlink()
    (team / second.file).write_bytes((team / second.file).read_bytes() + b" ")
    assert first_page(team, cache) == scan.summaries[2:]


def test_a_broken_cache_is_rebuilt_from_the_files(team: Path, cache: Path) -> None:
    expected = scan_library(team, cache).summaries
    cache_path(cache, team).write_bytes(b"{not json")
    rebuilt = scan_library(team, cache)
    assert rebuilt.read == 6 and rebuilt.summaries == expected


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
    scan = scan_library(shared, cache)
    assert sorted(s.id for s in scan.summaries) == sorted(s.id for s in made)
    assert len({s.id for s in made}) == 4
    assert {s.coach for s in scan.summaries} == {"Sam", "Ria"}
    [problem] = scan.problems
    assert problem.path == conflict
    assert problem.message.startswith(f"a copy of {original.name} (same session)")


def test_a_copy_never_hides_the_original_whatever_the_names_sort(
    tmp_path: Path, teach: Rubric, cache: Path
) -> None:
    folder = tmp_path / "sessions"
    session = drop_in(folder, teach, at=at(23), teacher="Ann")
    shutil.copy(folder / f"{session.id}.json", folder / f"{session.id}-LAPTOP.json")
    scan = scan_library(folder, cache)
    assert [s.file for s in scan.summaries] == [f"{session.id}.json"]
    assert [p.path.name for p in scan.problems] == [f"{session.id}-LAPTOP.json"]


def test_search_finds_notes_answers_and_steps(team: Path, cache: Path) -> None:
    scan = scan_library(team, cache)
    texts = load_texts(team, cache, scan)
    [hit] = search(scan.summaries, texts, "ASKED why")
    assert (hit.summary.teacher, hit.where, hit.text) == ("Ann", "00:30", "asked why")
    assert search(scan.summaries, texts, "asked nobody") == []
    assert [s.teacher for s in filter_sessions(scan.summaries, "#cfu")] == ["Ann"]
    assert [s.teacher for s in filter_sessions(scan.summaries, "ann")] == ["Ann", "Ann"]
    assert [s.teacher for s in filter_sessions(scan.summaries, "why", texts)] == ["Ann"]
    assert filter_sessions(scan.summaries, "why") == []


def test_search_reads_its_own_cache_and_follows_changes(
    team: Path, cache: Path, teach: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_texts(team, cache, scan_library(team, cache))
    assert cache_path(cache, team, "texts").is_file()

    def no_reading(path: Path) -> None:
        # Only the half-written file is read again: it may have arrived whole since.
        assert "zed" in path.name, f"read {path}"
        raise ValueError("half written")

    with monkeypatch.context() as patched:
        patched.setattr(index, "read_session", no_reading)
        warm = scan_library(team, cache)
        assert load_texts(team, cache, warm) == first
    newest = drop_in(team, teach, at=at(24), teacher="Fay", notes=("modelled the method",))
    again = load_texts(team, cache, scan_library(team, cache))
    assert [line.text for line in again[newest.id]] == ["modelled the method"]


def test_a_scan_without_cache_reports_its_progress(
    team: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "PROGRESS_EVERY", 2)
    reports: list[tuple[int, int]] = []
    scan_library(team, cache, lambda done, total: reports.append((done, total)))
    assert reports == [(2, 7), (4, 7), (6, 7)]  # 7 files, 6 of them readable
    reports.clear()
    scan_library(team, cache, lambda done, total: reports.append((done, total)))
    assert reports == []  # all from the cache


def test_bad_cache_entries_are_read_again_from_the_files(team: Path, cache: Path) -> None:
    expected = scan_library(team, cache).summaries
    texts = load_texts(team, cache, scan_library(team, cache))
    summaries = cache_path(cache, team)
    broken = orjson.loads(summaries.read_bytes())
    broken["entries"][0][0] = 5  # not a file name
    state = [field.name for field in fields(SessionSummary)].index("debrief")
    broken["entries"][1][3][state] = "lost"
    broken["entries"][2] = "junk"
    summaries.write_bytes(orjson.dumps(broken))
    lines = cache_path(cache, team, "texts")
    broken = orjson.loads(lines.read_bytes())
    first, second, *_ = broken["entries"]
    broken["entries"][first] = "junk"
    broken["entries"][second][2] = [[1, 2]]
    lines.write_bytes(orjson.dumps(broken))
    again = scan_library(team, cache)
    assert again.read == 3 and again.summaries == expected
    assert load_texts(team, cache, again) == texts


def test_a_conflict_copy_does_not_make_the_cache_look_stale(team: Path, cache: Path) -> None:
    first = scan_library(team, cache).summaries[0]
    shutil.copy(team / first.file, team / f"{first.id} (conflicted copy).json")
    scan_library(team, cache)
    again = scan_library(team, cache)
    assert (again.read, again.changed, len(again.problems)) == (0, False, 2)


def test_newer_summaries_replace_theirs_and_the_list_stays_newest_first(
    team: Path, cache: Path
) -> None:
    summaries = scan_library(team, cache).summaries
    oldest = summaries[-1]
    moved = dataclasses.replace(oldest, started_at=at(30), notes=9)
    result = replaced(summaries, [moved])
    assert result[0] == moved and len(result) == len(summaries)
    assert oldest not in result
    assert replaced(summaries, []) is summaries


def test_an_unreadable_sessions_folder_is_a_problem_not_a_crash(
    team: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("observer_tui.core.index.os.scandir", refused)
    scan = scan_library(team, cache)
    assert scan.summaries == []
    assert [str(p) for p in scan.problems] == [f"{team}: cannot read: Permission denied"]
