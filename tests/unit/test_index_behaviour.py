"""The index as the lists use it: names as spelled lately, a save under a new name, and a
file that cannot be read reported by name and not read again until it changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from observer_tui.core import index as index_module
from observer_tui.core.debrief import Stage, TeacherGoal
from observer_tui.core.index import Line, LineKind, SessionIndex, place, words
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore, read_session
from tests.conftest import drop_in


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 9, tzinfo=UTC)


def test_teachers_and_coaches_are_listed_once_alphabetically(tmp_path: Path, teach: Rubric) -> None:
    sessions = tmp_path / "sessions"
    drop_in(sessions, teach, at=at(2), teacher="ann lee", coach="sam")
    drop_in(sessions, teach, at=at(9), teacher="Ann Lee", coach="Ria")
    drop_in(sessions, teach, at=at(5), teacher="bob", coach="sam")
    drop_in(sessions, teach, at=at(6), teacher="", coach="")
    drop_in(sessions, teach, at=at(7), teacher="Cy", coach="Ria")
    index = SessionIndex(sessions, None)
    index.refresh()
    assert index.teachers() == ["Ann Lee", "bob", "Cy"]
    assert index.coaches() == ["Ria", "sam"]
    index.close()


def test_a_save_under_a_new_file_name_moves_the_row_to_it(tmp_path: Path, teach: Rubric) -> None:
    sessions = tmp_path / "sessions"
    session = drop_in(sessions, teach, at=at(2), teacher="Ann", notes=("a",))
    original = sessions / f"{session.id}.json"
    copy = sessions / f"{session.id}-LAPTOP.json"
    original.rename(copy)
    index = SessionIndex(sessions, None)
    index.refresh()
    assert index.file_of(session.id) == copy
    copy.rename(original)
    index.put(session, original.name)
    assert index.file_of(session.id) == original and index.count() == 1
    refresh = index.refresh()
    assert refresh.read == 0 and refresh.problems == [] and refresh.removed == []
    index.close()


def test_a_session_put_before_its_file_exists_is_read_when_it_arrives(
    tmp_path: Path, teach: Rubric
) -> None:
    elsewhere = tmp_path / "elsewhere"
    session = drop_in(elsewhere, teach, at=at(2), teacher="Ann")
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    index = SessionIndex(sessions, None)
    index.put(session)
    assert index.count() == 1 and index.file_of(session.id) == sessions / f"{session.id}.json"
    (elsewhere / f"{session.id}.json").rename(sessions / f"{session.id}.json")
    assert index.refresh().read == 1
    assert index.get(session.id) is not None
    index.close()


def test_a_file_that_cannot_be_read_is_reported_and_not_read_again(
    tmp_path: Path, teach: Rubric
) -> None:
    sessions = tmp_path / "sessions"
    good = drop_in(sessions, teach, at=at(2), teacher="Ann")
    unreadable = sessions / "20261103-0900-bob-0000abcd.json"
    unreadable.mkdir()  # a folder with a session's name: reading it fails
    index = SessionIndex(sessions, None)
    first = index.refresh()
    assert [(p.path, p.message) for p in first.problems] == [
        (unreadable, "cannot read: a folder, not a file")
    ]
    assert first.changed == [good.id] and first.read == 2
    again = index.refresh()
    assert again.read == 0
    assert [p.path for p in again.problems] == [unreadable]
    assert read_session(sessions / f"{good.id}.json") == good
    index.close()


def test_where_a_line_is_as_the_coach_reads_it() -> None:
    assert place(Line(LineKind.NOTE, "x", 0.0)) == "00:00"
    assert place(Line(LineKind.NOTE, "x", 75.0)) == "01:15"
    assert place(Line(LineKind.ANSWER, "x", None, Stage.EVALUATE.value)) == "Evaluate"
    assert place(Line(LineKind.STEP, "x")) == "Step"
    assert place(Line(LineKind.GOAL, "x")) == "Plan"  # the step's when / how
    assert place(Line(LineKind.TEACHER_GOAL, "x")) == "Goal"  # the goal over weeks
    assert place(Line(LineKind.ASKED, "x")) == "Asked"
    assert place(Line(LineKind.STEP_REVIEW, "x")) == "Last step"
    assert words("cold\x00call") == ["cold", "call"]


def test_search_finds_quoted_words_and_stops_at_its_limit(tmp_path: Path, teach: Rubric) -> None:
    sessions = tmp_path / "sessions"
    drop_in(sessions, teach, at=at(2), teacher="Ann", notes=('said "well done"', "well paced"))
    drop_in(sessions, teach, at=at(3), teacher="Bob", notes=("well", "cold call"))
    index = SessionIndex(sessions, None)
    index.refresh()
    assert [h.line.text for h in index.search('"well')] == [
        "well",
        'said "well done"',
        "well paced",
    ]
    assert [h.line.text for h in index.search("well", limit=2)] == ["well", 'said "well done"']
    assert list(index.search("well", limit=0)) == []
    assert index.file_of("20261120-0900-zed-0000abcd") is None
    index.close()


def test_search_finds_the_check_in_and_the_goal_over_weeks(tmp_path: Path, teach: Rubric) -> None:
    sessions = tmp_path / "sessions"
    session = drop_in(sessions, teach, at=at(2), teacher="Ann", notes=("hands up",))
    goal = TeacherGoal(id="g1", title="every pupil thinks hard in explanations")
    SessionStore(sessions).save(
        session.model_copy(
            update={
                "asked": "the back rows: are they thinking?",
                "debrief": session.debrief.model_copy(update={"teacher_goal": goal}),
            }
        )
    )
    index = SessionIndex(sessions, None)
    index.refresh()
    found = [(place(h.line), h.line.text) for word in ("rows", "pupil") for h in index.search(word)]
    assert found == [
        ("Asked", "the back rows: are they thinking?"),
        ("Goal", "every pupil thinks hard in explanations"),
    ]
    index.close()


def test_each_folder_has_its_own_index_in_a_shared_cache(tmp_path: Path, teach: Rubric) -> None:
    cache = tmp_path / "cache"
    one, two = tmp_path / "one", tmp_path / "two"
    drop_in(one, teach, at=at(2), teacher="Ann")
    drop_in(two, teach, at=at(3), teacher="Bob")
    first = SessionIndex.for_folder(one, cache)
    second = SessionIndex.for_folder(two, cache)
    assert first.database != second.database and first.database.parent == cache
    first.refresh()
    second.refresh()
    assert [s.teacher for s in first.summaries()] == ["Ann"]
    first.close()
    second.close()
    # Closed, an index opens its database again when next asked.
    again = SessionIndex.for_folder(one, cache)
    assert again.refresh().read == 0 and again.count() == 1
    again.close()
    assert again.count() == 1
    again.close()
    temporary = SessionIndex.for_folder(one, None)
    folder = temporary.database.parent
    assert temporary.refresh().read == 1
    temporary.close()
    assert not folder.exists()


def test_a_folder_changed_within_a_second_of_the_check_is_checked_again(
    tmp_path: Path, teach: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 1)
    sessions = tmp_path / "sessions"
    drop_in(sessions, teach, at=at(2), teacher="Ann")
    index = SessionIndex(sessions, None)
    told: list[tuple[int, int]] = []
    first = index.refresh_if_changed(lambda done, total: told.append((done, total)))
    assert first is not None and first.read == 1 and told == [(1, 1)]
    # The folder changed just now, in the same second as that check: not trusted.
    assert index.refresh_if_changed() is not None
    index.close()
