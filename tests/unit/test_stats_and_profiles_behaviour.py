"""The figures a lead reads (weeks, who was not seen) and school profile files on disk."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import load_profiles, starter_profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.stats import NotSeen, Stats, WeekRow, completion_stats, format_stats
from tests.conftest import drop_in


@pytest.fixture
def figures(tmp_path: Path, teach: Rubric) -> SessionIndex:
    sessions = tmp_path / "sessions"

    def visit(day: int, teacher: str, coach: str, hours: float | None = None) -> None:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(sessions, teach, at=at, teacher=teacher, coach=coach, debrief_hours=hours)

    visit(2, "Ann", "Cal", 1.234)
    visit(3, "Bob", "Cal", 3.0)
    visit(4, "Cy", "Cal")
    visit(16, "Di", "bea", 2.0)
    visit(9, "Ed", "bea", 1.0)
    index = SessionIndex.for_folder(sessions, tmp_path / "cache")
    index.refresh()
    return index


def test_weeks_are_by_coach_alphabetically_with_the_median_to_a_tenth(
    figures: SessionIndex,
) -> None:
    stats = completion_stats(figures, today=date(2026, 11, 23), days=14)
    assert [(r.coach, r.week, r.drop_ins, r.debriefs) for r in stats.weeks] == [
        ("bea", "2026-W46", 1, 1),
        ("bea", "2026-W47", 1, 1),
        ("Cal", "2026-W45", 3, 2),
    ]
    assert stats.weeks[2].completion == 0.667
    assert stats.weeks[2].median_hours == round((1.234 + 3.0) / 2, 1) == 2.1
    # Seen 14 days ago is within the 14 days; 19 to 21 days ago is not.
    assert [(n.teacher, n.days) for n in stats.not_seen] == [("Ann", 21), ("Bob", 20), ("Cy", 19)]


def test_figures_for_one_coach_since_a_day(figures: SessionIndex) -> None:
    stats = completion_stats(
        figures, today=date(2026, 11, 23), coach="CAL", since=date(2026, 11, 3), days=30
    )
    assert [(r.coach, r.drop_ins) for r in stats.weeks] == [("Cal", 2)]
    assert stats.not_seen == [] and stats.days == 30


STATS = Stats(
    weeks=[WeekRow("Cal", "2026-W45", 3, 2, 0.667, None)],
    not_seen=[NotSeen("Ann", date(2026, 11, 2), 21)],
    days=14,
)


def test_the_figures_as_text_json_and_csv() -> None:
    text = format_stats(STATS, "text")
    assert "\nCal    2026-W45  3         2         67%   -\n" in text
    assert text.endswith("\n\nNot seen in 14 days:\n  Ann (last 2026-11-02, 21 days)\n")
    data = json.loads(format_stats(STATS, "json"))
    assert data["not_seen_days"] == 14
    assert data["not_seen"] == [{"teacher": "Ann", "last_seen": "2026-11-02", "days": 21}]
    assert format_stats(STATS, "json").startswith('{\n  "weeks": [')
    assert format_stats(STATS, "csv") == (
        "coach,week,drop_ins,debriefs,completion,median_hours\n"
        "Cal,2026-W45,3,2,0.667,\n"
        "\n"
        "teacher_not_seen,last_seen,days\n"
        "Ann,2026-11-02,21\n"
    )


def test_no_drop_ins_and_everyone_seen_say_so() -> None:
    text = format_stats(Stats([], [], 21), "text")
    assert (
        text == "No ended drop-ins in this period.\n\nEvery teacher was seen in the last 21 days.\n"
    )


def test_a_starter_profile_explains_every_optional_field(teach: Rubric) -> None:
    data = starter_profile("north", "North School", teach, None)
    assert data.startswith(b'{\n  "$comment": "A school profile for observer-tui.')
    comment = orjson.loads(data)["$comment"]
    for key in ("duration_minutes", "snapshot_marks", "debrief_prompts", "start_minute"):
        assert f"'{key}'" in comment
    for stage in ("describe", "evaluate", "analyse", "next_step"):
        assert f"'{stage}'" in comment
    assert "Optional:" in comment and comment.endswith("questions for that stage.")


def test_profiles_are_read_by_file_each_with_its_path(
    data: DataFolder, library: RubricLibrary, teach: Rubric
) -> None:
    folder = data.profiles
    (folder / "a.json").write_bytes(starter_profile("a", "A School", teach, 20))
    (folder / "b.json").mkdir()  # cannot be read as a file
    (folder / "c.json").write_text("{")
    (folder / "d.json").write_bytes(starter_profile("d", "D School", teach, None))
    entries = load_profiles(folder, library.rubrics)
    assert [e.path.name for e in entries] == ["a.json", "b.json", "c.json", "d.json"]
    assert entries[0].profile is not None and entries[0].profile.duration_minutes == 20
    assert entries[1].profile is None and entries[1].problems[0].startswith("cannot read: ")
    assert entries[2].profile is None and entries[2].problems
    assert entries[3].profile is not None and entries[3].problems == ()
    assert load_profiles(data.root / "nowhere", library.rubrics) == []


def test_a_second_profile_with_the_same_id_is_a_problem_of_its_file(
    data: DataFolder, library: RubricLibrary, teach: Rubric
) -> None:
    (data.profiles / "a.json").write_bytes(starter_profile("same", "A School", teach, None))
    (data.profiles / "b.json").write_bytes(starter_profile("same", "B School", teach, None))
    first, second = load_profiles(data.profiles, library.rubrics)
    assert first.profile is not None and second.profile is None
    assert second.path == data.profiles / "b.json" and second.problems
