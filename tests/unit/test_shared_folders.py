"""Folder and file modes: private to the coach, or to the team's group in a group folder;
folders the app did not create are never changed, only warned about."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from observer_tui.cli import main
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder, file_mode, private_folder
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore, write_atomic
from tests.conftest import start_observation


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    """The usual umask, which would leave a group folder's files read-only to the group."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def folder_with_mode(path: Path, folder_mode: int) -> Path:
    path.mkdir()
    path.chmod(folder_mode)
    return path


@pytest.mark.parametrize(
    ("parent_mode", "folder_mode", "file_mode_"),
    [
        (0o700, 0o700, 0o600),
        (0o755, 0o700, 0o600),
        (0o2770, 0o2770, 0o660),  # a team's group folder: setgid, kept on what is made
        (0o770, 0o770, 0o660),  # group-writable without setgid
        (0o2750, 0o2770, 0o660),  # setgid alone says "team folder" too
        (0o1777, 0o700, 0o600),  # /tmp: writable by everyone is nobody's team folder
    ],
)
def test_what_the_app_creates_follows_the_sharing_of_the_folder_it_is_in(
    tmp_path: Path, teach: Rubric, clock: ManualClock, parent_mode: int, folder_mode: int,
    file_mode_: int,
) -> None:  # fmt: skip
    parent = folder_with_mode(tmp_path / "share", parent_mode)
    data = DataFolder(parent / "team" / "data")
    data.create()
    for folder in (data.root.parent, data.root, data.sessions, data.rubrics, data.profiles):
        assert mode(folder) == folder_mode, folder
    path = SessionStore(data.sessions).save(start_observation(teach, clock).session)
    assert mode(path) == file_mode_
    assert mode(parent) == parent_mode  # the folder that was there is left as it was


def test_a_replaced_file_takes_the_folders_mode_not_the_old_files(
    tmp_path: Path,
) -> None:
    shared = folder_with_mode(tmp_path / "shared", 0o2770)
    private = folder_with_mode(tmp_path / "private", 0o700)
    for folder, old, new in ((shared, 0o600, 0o660), (private, 0o644, 0o600)):
        path = folder / "s.json"
        path.write_bytes(b"old")
        path.chmod(old)
        write_atomic(path, b"new")
        assert (path.read_bytes(), mode(path)) == (b"new", new)
        assert file_mode(folder) == new


def test_an_existing_folder_is_never_chmodded_but_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = folder_with_mode(tmp_path / "data", 0o755)
    sessions = folder_with_mode(root / "sessions", 0o775)
    data = DataFolder(root)
    data.create()
    assert (mode(root), mode(sessions)) == (0o755, 0o775)
    assert mode(data.rubrics) == 0o700  # made by the app, inside a private folder
    assert main(["--data-dir", str(root), "rubrics", "list"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"observer-tui: warning: {root} can be read by every user of this computer (mode "
        "0755, and sessions/ in it); 'chmod o-rwx' makes a folder private (the app leaves "
        "it as it is)"
    ]
    root.chmod(0o700)
    assert data.warnings() == [
        f"{sessions} can be read by every user of this computer (mode 0775); 'chmod o-rwx' "
        "makes a folder private (the app leaves it as it is)"
    ]
    root.chmod(0o755)
    assert (mode(root), mode(sessions)) == (0o755, 0o775)


def test_a_private_data_folder_has_no_warning(tmp_path: Path) -> None:
    data = DataFolder(tmp_path / "data")
    data.create()
    assert data.warnings() == []


def test_a_data_folder_given_as_a_symlink_leaves_its_target_as_it_is(
    tmp_path: Path, teach: Rubric, clock: ManualClock
) -> None:
    target = folder_with_mode(tmp_path / "real", 0o755)
    link = tmp_path / "link"
    link.symlink_to(target)
    data = DataFolder(link)
    data.create()
    SessionStore(data.sessions).save(start_observation(teach, clock).session)
    assert mode(target) == 0o755
    assert link.is_symlink()
    assert mode(target / "sessions") == 0o700
    [warning] = data.warnings()
    assert warning.startswith(f"{link} can be read by every user of this computer (mode 0755)")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another user")
def test_a_folder_of_another_user_is_not_chmodded(tmp_path: Path) -> None:
    # As root, a chmod of someone else's folder would succeed: this shows none is tried.
    team = folder_with_mode(tmp_path / "team", 0o775)
    os.chown(team, 54321, 54321)
    private_folder(team)
    private_folder(team / "sessions")
    assert (mode(team), os.stat(team).st_uid) == (0o775, 54321)
    assert mode(team / "sessions") == 0o770


def test_a_file_in_place_of_a_folder_is_an_error_not_a_chmod(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"")
    (tmp_path / "data").chmod(0o644)
    with pytest.raises(NotADirectoryError):
        private_folder(tmp_path / "data")
    assert mode(tmp_path / "data") == 0o644


def test_the_cache_folder_stays_private_inside_a_group_folder(tmp_path: Path) -> None:
    shared = folder_with_mode(tmp_path / "home", 0o2770)
    private_folder(shared / ".cache" / "observer-tui", shareable=False)
    assert mode(shared / ".cache") == mode(shared / ".cache" / "observer-tui") == 0o700
