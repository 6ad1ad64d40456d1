"""The index as the lists use it: names as spelled lately, a save under a new name, and a
file that cannot be read reported by name and not read again until it changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from observer_tui.core.index import SessionIndex
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import read_session
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
        (unreadable, "cannot read: Is a directory")
    ]
    assert first.changed == [good.id] and first.read == 2
    again = index.refresh()
    assert again.read == 0
    assert [p.path for p in again.problems] == [unreadable]
    assert read_session(sessions / f"{good.id}.json") == good
    index.close()
