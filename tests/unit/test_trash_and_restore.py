"""A session deleted on another laptop, moved to the trash here, and brought back: where
the file goes each time, and that nothing is lost or written over."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore, read_session
from observer_tui.core.workspace import Unrestorable, Workspace
from tests.conftest import drop_in, start_observation

MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_a_plain_save_is_no_warning_and_stays_in_the_sessions_folder(
    tmp_path: Path, teach: Rubric, clock: ManualClock
) -> None:
    store = SessionStore(tmp_path / "sessions", tmp_path / "trash")
    observation = start_observation(teach, clock)
    written = store.write(observation.session)
    assert (written.notice, written.warning, written.in_trash) == (None, False, False)
    assert written.path.parent == tmp_path / "sessions"


def test_notes_of_a_session_deleted_elsewhere_go_beside_a_broken_trash_copy(
    tmp_path: Path, teach: Rubric, clock: ManualClock
) -> None:
    store = SessionStore(tmp_path / "sessions", tmp_path / "trash")
    observation = start_observation(teach, clock)
    path = store.write(observation.session).path
    path.unlink()  # deleted on the other laptop, which left a broken copy in the trash
    (tmp_path / "trash").mkdir()
    broken = tmp_path / "trash" / path.name
    broken.write_bytes(b'{"notes": [')
    observation.commit(read_draft("still typing here", teach), clock.now())
    written = store.write(observation.session)
    assert written.in_trash and written.warning
    assert written.path == tmp_path / "trash" / f"{path.stem}.kept{path.suffix}"
    assert written.notice is not None and str(written.path) in written.notice
    assert [n.text for n in read_session(written.path).notes] == ["still typing here"]
    assert broken.read_bytes() == b'{"notes": ['
    assert not path.exists()


@pytest.fixture
def workspace(data: DataFolder, clock: ManualClock, tmp_path: Path) -> Workspace:
    data.create()
    return Workspace(data, coach="Sam", clock=clock, cache=tmp_path / "cache")


def test_a_session_trashed_here_is_saved_anew_if_typed_into_again(
    workspace: Workspace, teach: Rubric, clock: ManualClock
) -> None:
    observation = start_observation(teach, clock)
    workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    moved = workspace.trash(observation.session.id)
    observation.commit(read_draft("a last note", teach), clock.now())
    workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    [again] = workspace.data.sessions.glob("*.json")
    assert [n.text for n in read_session(again).notes] == ["a last note"]
    assert read_session(moved).notes == ()  # the trashed copy is as it was


def test_restore_brings_the_file_back_under_its_id_and_never_over_one(
    workspace: Workspace, teach: Rubric
) -> None:
    session = drop_in(workspace.data.sessions, teach, at=MONDAY, teacher="Ann")
    workspace.refresh()
    moved = workspace.trash(session.id)
    restored = workspace.restore(moved)
    assert restored.id == session.id and not moved.exists()
    assert read_session(workspace.data.sessions / f"{session.id}.json") == session
    copy = workspace.data.trash / f"{session.id}.2.json"  # a second copy, left there
    copy.write_bytes(session.to_json())
    with pytest.raises(Unrestorable, match="already has this session"):
        workspace.restore(copy)
    assert copy.exists()


def test_restore_moves_the_file_where_the_drive_has_no_hard_links(
    workspace: Workspace, teach: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = drop_in(workspace.data.sessions, teach, at=MONDAY, teacher="Ann")
    workspace.refresh()
    moved = workspace.trash(session.id)

    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    workspace.restore(moved)
    assert not moved.exists()
    assert read_session(workspace.data.sessions / f"{session.id}.json") == session


def test_a_link_in_the_trash_to_a_file_outside_is_not_restored(
    workspace: Workspace, teach: Rubric, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    session = drop_in(outside, teach, at=MONDAY, teacher="Ann")
    workspace.data.trash.mkdir(exist_ok=True)
    link = workspace.data.trash / f"{session.id}.json"
    link.symlink_to(outside / f"{session.id}.json")
    with pytest.raises(Unrestorable, match="cannot be read"):
        workspace.restore(link)
    assert link.is_symlink() and not (workspace.data.sessions / f"{session.id}.json").exists()
