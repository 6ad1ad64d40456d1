"""The writer and the trash as the coach depends on them: the newest revision is the one on
disk, a refusing disk is retried without spinning, and nothing in the trash is overwritten."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import (
    SaveResult,
    SessionStore,
    SessionWriter,
    Written,
    move_to_trash,
    parse_session,
    read_session,
)
from tests.conftest import start_observation


def observing(teach: Rubric, clock: ManualClock) -> Observation:
    return start_observation(teach, clock)


def test_a_session_read_from_a_renamed_file_is_saved_back_there(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    obs = observing(teach, clock)
    store = SessionStore(data.sessions)
    renamed = data.sessions / "moved-by-hand.json"
    renamed.write_bytes(obs.session.to_json())
    session = store.read(renamed)
    obs = Observation(session, teach, clock)
    obs.commit(read_draft("after the move", teach), clock.now())
    assert store.save(obs.session) == renamed
    assert [p.name for p in data.sessions.iterdir()] == ["moved-by-hand.json"]
    assert [n.text for n in read_session(renamed).notes] == ["after the move"]


def test_the_trash_keeps_every_deleted_copy_of_a_name(tmp_path: Path) -> None:
    trash = tmp_path / "trash"
    for content in (b"one", b"two", b"three"):
        path = tmp_path / "s.json"
        path.write_bytes(content)
        move_to_trash(path, trash)
        assert not path.exists()
    assert {p.name: p.read_bytes() for p in trash.iterdir()} == {
        "s.json": b"one",
        "s.2.json": b"two",
        "s.3.json": b"three",
    }


def test_a_newer_revision_queued_during_a_failed_write_is_the_one_kept(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The coach types while the disk refuses: the older copy must never land after it."""
    store = SessionStore(data.sessions)
    real_write = store.write
    obs = observing(teach, clock)
    obs.commit(read_draft("first", teach), clock.now())
    older, older_revision = obs.session, obs.revision
    obs.commit(read_draft("second", teach), clock.now())
    newer, newer_revision = obs.session, obs.revision
    results: list[SaveResult] = []
    calls = {"n": 0}

    def refuse_once(session: Session) -> Written:
        calls["n"] += 1
        if calls["n"] == 1:
            writer.submit(newer, newer_revision)
            raise OSError(errno.EROFS, "Read-only file system")
        return real_write(session)

    monkeypatch.setattr(store, "write", refuse_once)
    writer = SessionWriter(store, results.append, retry_seconds=0.01)
    writer.submit(older, older_revision)
    deadline = time.monotonic() + 5
    while not any(r.error is None for r in results) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.close()
    on_disk = read_session(store.path_for(newer))
    assert [n.text for n in on_disk.notes] == ["first", "second"]
    assert [(r.revision, r.error is None) for r in results] == [
        (older_revision, False),
        (newer_revision, True),
    ]


def test_a_failed_write_names_the_file_and_the_reason(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(data.sessions)

    def refuse(session: Session) -> Written:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store, "write", refuse)
    failed = threading.Event()
    results: list[SaveResult] = []

    def on_result(result: SaveResult) -> None:
        results.append(result)
        failed.set()

    writer = SessionWriter(store, on_result, retry_seconds=60)
    session = observing(teach, clock).session
    writer.submit(session, 1)
    assert failed.wait(5)
    # While the retry waits, the writer does not try again and again.
    time.sleep(0.2)
    assert not writer.close(timeout=0.05)
    expected = data.sessions / f"{session.id}.json"
    assert results == [
        SaveResult(session.id, 1, expected, f"Permission denied ({expected})"),
    ]


def test_an_idle_writer_is_flushed_at_once(data: DataFolder) -> None:
    writer = SessionWriter(SessionStore(data.sessions), lambda _: None)
    assert writer.flush(timeout=1)
    assert writer.close(timeout=1)


def test_flush_and_close_give_up_after_their_timeout_while_the_disk_hangs(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(data.sessions)
    real_write = store.write
    release = threading.Event()

    def hang(session: Session) -> Written:
        release.wait(10)
        return real_write(session)

    monkeypatch.setattr(store, "write", hang)
    writer = SessionWriter(store, lambda _: None)
    session = observing(teach, clock).session
    writer.submit(session, 1)
    assert not writer.flush(timeout=0.05)
    assert not writer.close(timeout=0.05)
    release.set()


def test_nothing_is_written_after_close(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    store = SessionStore(data.sessions)
    writer = SessionWriter(store, lambda _: None)
    assert writer.close()
    session = observing(teach, clock).session
    writer.submit(session, 1)
    time.sleep(0.1)
    assert not store.path_for(session).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"started_at": "2026-01-01T00:00:00Z", "id": "x"}',
            "not an observer-tui session; left untouched",
        ),
        (b'{"schema_version": 1}', "not an observer-tui session; left untouched"),
        (
            b'{"schema_version": 2, "started_at": "2026-01-01T00:00:00Z"}',
            "schema_version 2 is newer than this app reads (1); "
            "update observer-tui; left untouched",
        ),
    ],
)
def test_a_file_that_is_not_a_session_says_so_in_full(content: bytes, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_session(content)
    assert str(error.value) == message


def test_every_later_save_goes_back_to_the_file_it_was_read_from(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    obs = observing(teach, clock)
    store = SessionStore(data.sessions)
    renamed = data.sessions / "moved-by-hand.json"
    renamed.write_bytes(obs.session.to_json())
    obs = Observation(store.read(renamed), teach, clock)
    for text in ("one", "two", "three"):
        obs.commit(read_draft(text, teach), clock.now())
        assert store.save(obs.session) == renamed
    assert [p.name for p in data.sessions.iterdir()] == ["moved-by-hand.json"]
