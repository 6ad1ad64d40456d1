"""What the app tidies at start: temp files a crash left, indexes of vanished folders;
and `observer-tui cache list` / `cache clear`."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from observer_tui.cli import main
from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.index import index_file
from observer_tui.core.locations import DataFolder, cache_folder
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore
from observer_tui.core.workspace import Workspace
from tests.conftest import start_observation


def aged(path: Path, minutes: float) -> Path:
    """Give a file (or a link itself) the time of `minutes` ago."""
    moment = time.time() - minutes * 60
    os.utime(path, (moment, moment), follow_symlinks=False)
    return path


def touch(path: Path, minutes: float) -> Path:
    path.write_bytes(b'{"half": ')
    return aged(path, minutes)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_start_removes_the_apps_old_temp_files_only(data: DataFolder, tmp_path: Path) -> None:
    sessions = data.sessions
    touch(sessions / ".a.json.0123abcd.tmp", 11)  # a crash's, a while ago: removed
    touch(sessions / ".b.json.0123abcd.tmp", 5)  # maybe another laptop's write right now
    touch(sessions / ".b.json.0123abcd.tmp.part", 60)  # not the app's pattern
    touch(sessions / ".c.json.tmp", 60)
    touch(sessions / ".d.json.0123ABCD.tmp", 60)
    touch(sessions / "e.json.0123abcd.tmp", 60)
    touch(sessions / "f.json", 60)
    (sessions / ".g.json.0123abcd.tmp").mkdir()
    aged(sessions / ".g.json.0123abcd.tmp", 60)
    outside = touch(tmp_path / "outside.json", 60)
    (sessions / ".h.json.0123abcd.tmp").symlink_to(outside)
    aged(sessions / ".h.json.0123abcd.tmp", 60)
    touch(data.rubrics / ".oak.json.deadbeef.tmp", 30)
    touch(data.profiles / ".oak-primary.json.deadbeef.tmp", 30)
    data.trash.mkdir()
    touch(data.trash / ".x.json.deadbeef.tmp", 30)
    data.markers.mkdir()
    touch(data.markers / ".s.json.deadbeef.tmp", 30)
    data.exports.mkdir()
    touch(data.exports / ".jane.md.deadbeef.tmp", 30)
    touch(data.exports / ".jane.md.deadbeef.tmp.keep", 30)

    workspace = Workspace(data, cache=tmp_path / "cache")
    try:
        workspace.refresh_if_changed()
    finally:
        workspace.close()

    assert names(sessions) == [
        ".b.json.0123abcd.tmp",
        ".b.json.0123abcd.tmp.part",
        ".c.json.tmp",
        ".d.json.0123ABCD.tmp",
        ".g.json.0123abcd.tmp",
        ".h.json.0123abcd.tmp",
        "e.json.0123abcd.tmp",
        "f.json",
    ]
    assert outside.exists()
    for folder in (data.rubrics, data.profiles, data.trash, data.markers):
        assert names(folder) == [], folder
    assert names(data.exports) == [".jane.md.deadbeef.tmp.keep"]


def test_a_folder_that_cannot_be_listed_removes_nothing(tmp_path: Path) -> None:
    assert DataFolder(tmp_path / "none").remove_stale_temp_files() == []


def index_with_note(
    data: DataFolder, cache: Path, teach: Rubric, clock: ManualClock, text: str
) -> None:
    """A data folder with one session holding a coach-only note, indexed in `cache`."""
    data.create()
    observation = start_observation(teach, clock)
    note = observation.commit(read_draft(text, teach), clock.now())
    observation.toggle_private(note.id)
    SessionStore(data.sessions).save(observation.session)
    workspace = Workspace(data, cache=cache)
    try:
        workspace.refresh()
        assert workspace.index.count() == 1
    finally:
        workspace.close()


def cached_bytes(cache: Path) -> bytes:
    return b"".join(path.read_bytes() for path in cache.iterdir() if path.is_file())


def test_the_index_of_a_deleted_data_folder_leaves_the_cache_at_next_start(
    tmp_path: Path, teach: Rubric, clock: ManualClock
) -> None:
    cache = tmp_path / "cache"
    kept, deleted = DataFolder(tmp_path / "kept"), DataFolder(tmp_path / "deleted")
    index_with_note(kept, cache, teach, clock, "kept worry")
    index_with_note(deleted, cache, teach, clock, "coach-only worry about Jane")
    (cache / "index-0000000000000000.sqlite3").write_bytes(b"not a database")
    assert len(list(cache.glob("index-*.sqlite3"))) == 3
    assert b"coach-only worry" in cached_bytes(cache)
    shutil.rmtree(deleted.root)
    shutil.rmtree(kept.sessions)  # its own index is kept while in use, folder or not

    workspace = Workspace(kept, cache=cache)
    try:
        workspace.refresh_if_changed()
    finally:
        workspace.close()

    own = index_file(kept.sessions, cache).name
    left = {path.name for path in cache.iterdir()}
    assert own in left and "index-0000000000000000.sqlite3" in left  # not ours to judge
    assert left <= {own, f"{own}-wal", f"{own}-shm", "index-0000000000000000.sqlite3"}
    assert b"coach-only worry" not in cached_bytes(cache)


@pytest.fixture
def cli_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return cache_folder()


def test_cache_list_and_clear(
    tmp_path: Path,
    teach: Rubric,
    clock: ManualClock,
    cli_cache: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kept, deleted = DataFolder(tmp_path / "kept"), DataFolder(tmp_path / "deleted")
    index_with_note(kept, cli_cache, teach, clock, "kept worry")
    index_with_note(deleted, cli_cache, teach, clock, "coach-only worry")
    shutil.rmtree(deleted.root)

    assert main(["cache", "list"]) == 0
    heading, *rows = capsys.readouterr().out.splitlines()
    assert heading.split() == ["INDEX", "SESSIONS", "FOLDER", "SIZE", "STATE"]
    found = {row.split()[1]: row.split()[-2:] for row in rows}
    assert found[str(kept.sessions)] == ["in", "use"]
    assert found[str(deleted.sessions)] == ["folder", "gone"]

    assert main(["cache", "clear", "--stale"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Removed 1 session index (0.1 MB) from {cli_cache}; each is rebuilt")
    assert b"coach-only worry" not in cached_bytes(cli_cache)
    assert b"kept worry" in cached_bytes(cli_cache)

    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out.startswith(f"Removed 1 session index (0.1 MB) from {cli_cache}")
    assert list(cli_cache.iterdir()) == []
    assert main(["cache", "list"]) == 0
    assert capsys.readouterr().out == f"No session indexes in {cli_cache}\n"
