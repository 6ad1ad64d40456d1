"""Session files: round trip, atomic replace, safe names, bad files left alone, privacy."""

from __future__ import annotations

import errno
import os
import stat
import threading
from contextlib import closing
from pathlib import Path

import orjson
import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session, slug
from observer_tui.core.storage import (
    SaveResult,
    SessionStore,
    SessionWriter,
    Written,
    read_session,
    write_atomic,
)
from tests.conftest import start_observation


def make_session(teach: Rubric, clock: ManualClock, teacher: str = "Jane Doe") -> Session:
    return start_observation(teach, clock, teacher=teacher).session


def test_round_trip_keeps_every_field(data: DataFolder, teach: Rubric, clock: ManualClock) -> None:
    observation = Observation(make_session(teach, clock), teach, clock)
    clock.advance(30)
    observation.commit(read_draft("+ praised [bold]effort[/] #FB", teach), clock.now())
    observation.toggle_pause()
    clock.advance(60)
    observation.toggle_pause()
    observation.take_snapshot({"learning_activity": "yes", "off_task": "2-5"}, 0)
    store = SessionStore(data.sessions)
    path = store.save(observation.session)
    loaded = SessionStore(data.sessions).read(path)
    assert loaded == observation.session
    assert loaded.notes[0].text == "praised [bold]effort[/]"
    assert loaded.elements["FB"].name == "Feedback"
    assert orjson.loads(path.read_bytes())["schema_version"] == 1


def test_folders_are_0700_and_files_0600(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    for folder in (data.root, data.sessions, data.rubrics, data.profiles):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    path = SessionStore(data.sessions).save(make_session(teach, clock))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_data_folder_comes_from_option_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBSERVER_TUI_DATA_DIR", str(tmp_path / "env"))
    assert DataFolder.resolve(None).root == tmp_path / "env"
    assert DataFolder.resolve(str(tmp_path / "opt")).root == tmp_path / "opt"
    monkeypatch.delenv("OBSERVER_TUI_DATA_DIR")
    assert DataFolder.resolve(None).root.is_relative_to(tmp_path / "home")


def test_atomic_replace_leaves_old_bytes_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.json"
    write_atomic(target, b"old")

    def broken_replace(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


@pytest.mark.parametrize(
    "teacher",
    ["../../x", "CON", "a/b\\c", "😀 Émilie", "x" * 300, "", ".", "..", "NUL.txt", "名前"],
)
def test_any_teacher_name_gives_a_safe_unique_file_inside_the_folder(
    data: DataFolder, teach: Rubric, clock: ManualClock, teacher: str
) -> None:
    store = SessionStore(data.sessions)
    first = store.save(make_session(teach, clock, teacher))
    second = store.save(make_session(teach, clock, teacher))
    assert first != second
    for path in (first, second):
        assert path.parent == data.sessions
        assert len(path.name) < 100
        assert path.name.endswith(".json") and not path.name.startswith(".")
    with closing(SessionIndex(data.sessions, None)) as index:
        assert index.refresh().problems == []
        [a, b] = index.summaries()
    assert {a.teacher, b.teacher} == {teacher.strip()}


def test_slug_is_plain_ascii() -> None:
    assert slug("Émilie O'Brien") == "emilie-o-brien"
    assert slug("../../x") == "x"
    assert slug("😀") == "teacher"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"schema_version": 1, ', "not valid JSON"),
        (b"[1, 2, 3]", "not an observer-tui session"),
        (b'{"name": "some other app"}', "not an observer-tui session"),
        (
            b'{"schema_version": 99, "started_at": "2026-01-01T00:00:00Z"}',
            "schema_version 99 is newer",
        ),
        (
            b'{"schema_version": 1, "started_at": "2026-01-01T00:00:00Z", "id": "../x"}',
            "id: String should match pattern",
        ),
    ],
)
def test_bad_files_are_reported_and_left_untouched(
    data: DataFolder, teach: Rubric, clock: ManualClock, content: bytes, message: str
) -> None:
    bad = data.sessions / "bad.json"
    bad.write_bytes(content)
    before = bad.stat().st_mtime_ns
    store = SessionStore(data.sessions)
    good = make_session(teach, clock)
    store.save(good)
    with closing(SessionIndex(data.sessions, None)) as index:
        result = index.refresh()
        assert [s.id for s in index.summaries()] == [good.id]
    [problem] = result.problems
    assert problem.path == bad
    assert message in problem.message and "left untouched" in problem.message
    store.save(good)
    assert bad.read_bytes() == content
    assert bad.stat().st_mtime_ns == before


def test_writer_keeps_notes_in_memory_and_retries_when_the_disk_refuses(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    results: list[SaveResult] = []
    saved = threading.Event()
    store = SessionStore(data.sessions)
    real_write = store.write
    failures = {"left": 2}

    def full_disk(session: Session) -> Written:
        if failures["left"]:
            failures["left"] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(session)

    monkeypatch.setattr(store, "write", full_disk)

    def on_result(result: SaveResult) -> None:
        results.append(result)
        if result.error is None:
            saved.set()

    writer = SessionWriter(store, on_result, retry_seconds=0.01)
    observation = Observation(make_session(teach, clock), teach, clock)
    observation.commit(read_draft("first", teach), clock.now())
    writer.submit(observation.session, observation.revision)
    assert saved.wait(5)
    writer.close()
    assert [r.error is not None for r in results] == [True, True, False]
    assert "No space left on device" in (results[0].error or "")
    loaded = read_session(data.sessions / f"{observation.session.id}.json")
    assert [n.text for n in loaded.notes] == ["first"]


def test_writer_writes_the_newest_copy_last(
    data: DataFolder, teach: Rubric, clock: ManualClock
) -> None:
    store = SessionStore(data.sessions)
    writer = SessionWriter(store, lambda _: None)
    observation = Observation(make_session(teach, clock), teach, clock)
    for index in range(50):
        observation.commit(read_draft(f"note {index}", teach), clock.now())
        writer.submit(observation.session, observation.revision)
    assert writer.close()
    loaded = read_session(store.path_for(observation.session))
    assert [n.text for n in loaded.notes] == [f"note {i}" for i in range(50)]
