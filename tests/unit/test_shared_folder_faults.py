"""What a second laptop, a sync tool or a hostile file in the team folder did to a session,
found by trying to break issue 12's merging: each one, and that no note is lost to it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from observer_tui.core import storage
from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.files import FileKind
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.presence import Presence
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore, read_session
from observer_tui.core.workspace import Workspace
from tests.conftest import start_observation


def note(observation: Observation, text: str) -> None:
    clock = observation.clock
    assert isinstance(clock, ManualClock)
    clock.advance(5)
    observation.commit(read_draft(text, observation.rubric), clock.now())


def texts(session: Session) -> list[str]:
    return [n.text for n in session.notes]


@pytest.mark.parametrize("suffix", ["-laptop", "-2", "-ben-s-mac"])
def test_the_file_named_by_the_id_stays_the_session_whatever_the_copy_is_called(
    data: DataFolder, teach: Rubric, clock: ManualClock, tmp_path: Path, suffix: str
) -> None:
    """A copy whose name is itself a valid id ('x-laptop.json', as OneDrive names one on a
    laptop called 'laptop') sorts before 'x.json': on a first look at the folder it was
    taken for the session, and the real file went to the trash."""
    mine = start_observation(teach, clock)
    note(mine, "mine")
    path = SessionStore(data.sessions).save(mine.session)
    theirs = Observation(read_session(path), teach, clock)
    note(theirs, "theirs, in the copy")
    copy = path.with_name(f"{path.stem}{suffix}.json")
    copy.write_bytes(theirs.session.to_json())

    workspace = Workspace(data, cache=tmp_path / "cache")  # a first look: nothing indexed
    workspace.refresh()

    assert sorted(p.name for p in data.sessions.iterdir()) == [path.name]
    assert texts(read_session(path)) == ["mine", "theirs, in the copy"]
    assert (data.trash / copy.name).exists()
    workspace.close()


@pytest.mark.parametrize("make", ["fifo", "folder", "device link", "outside link", "too big"])
def test_a_session_file_replaced_by_one_that_is_not_read_is_set_aside_and_notes_saved(
    data: DataFolder,
    teach: Rubric,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: str,
) -> None:
    """A named pipe, a folder, a link to /dev/zero or out of the data folder, or a file too
    big in the session's place stopped every later save (or, for the link out, was
    followed): now it is moved to the trash as it is, and the notes saved."""
    store, mine = SessionStore(data.sessions, data.trash), start_observation(teach, clock)
    note(mine, "before")
    path = store.save(mine.session)
    path.unlink()
    secret = tmp_path / "elsewhere.json"
    secret.write_bytes(mine.session.to_json())
    if make == "fifo":
        os.mkfifo(path)
    elif make == "folder":
        path.mkdir()
    elif make == "device link":
        path.symlink_to("/dev/zero")
    elif make == "outside link":
        path.symlink_to(secret)
    else:
        path.write_bytes(b" " * 2000)
        monkeypatch.setattr(storage, "SESSION_FILE", FileKind("session", 1000))
    note(mine, "after")

    written = store.write(mine.session)
    monkeypatch.undo()

    assert written.path == path and written.warning and not written.in_trash
    assert texts(read_session(path)) == ["before", "after"]
    (kept,) = data.trash.iterdir()
    assert kept.name == f"{path.stem}.unreadable.json"
    assert "It is kept, unchanged, in the trash" in (written.notice or "")
    assert secret.exists()  # a link's target is never moved or read


@pytest.mark.skipif(
    not sys.platform.startswith(("linux", "darwin")),
    reason="needs a system that swaps two file names in one step",
)
def test_a_version_renamed_in_during_a_save_that_cannot_be_read_is_put_back(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was left under a temp name, which the next start's tidying removes."""
    store, mine = SessionStore(data.sessions, data.trash), start_observation(teach, clock)
    note(mine, "mine")
    path = store.save(mine.session)
    theirs = Observation(read_session(path), teach, clock)
    note(theirs, "theirs")
    note(mine, "mine again")
    big = theirs.session.to_json() + b" " * 5000
    real = os.fsync
    pending: list[Callable[[], None]] = []

    def rename_in() -> None:
        copy = path.with_name(".sync-copy.tmp")
        copy.write_bytes(big)
        os.replace(copy, path)
        monkeypatch.setattr(storage, "SESSION_FILE", FileKind("session", 4000))

    pending.append(rename_in)

    def fsync(fd: int) -> None:
        real(fd)
        if pending:
            pending.pop()()

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="changed while it was saved"):
        store.write(mine.session)
    assert path.read_bytes() == big
    assert sorted(p.name for p in data.sessions.iterdir()) == [path.name]


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_marker_with_a_time_no_clock_can_show_is_ignored(tmp_path: Path, since: str) -> None:
    """Its 'open since' could not be shown: opening the session failed silently."""
    folder = tmp_path / "open"
    folder.mkdir()
    marker = {"coach": "Ben", "laptop": "bens-mac", "process": 1, "since": since}
    (folder / "s-1.bens-mac-1.json").write_text(json.dumps(marker))
    holders = Presence(folder, "Ann").holders("s-1", datetime.now(UTC))
    assert [holder.describe() for holder in holders] == []


def test_a_long_name_in_a_marker_is_shortened(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    now = datetime.now(UTC)
    marker = {"coach": "B" * 1500, "laptop": "l" * 1500, "process": 1, "since": now.isoformat()}
    (folder / "s-1.bens-mac-1.json").write_text(json.dumps(marker))
    (holder,) = Presence(folder, "Ann").holders("s-1", now)
    assert len(holder.describe()) < 120


def two_laptops(
    data: DataFolder, teach: Rubric, ahead: ManualClock, behind: ManualClock
) -> tuple[SessionStore, Observation, SessionStore, Observation]:
    """A laptop whose clock is ahead starts a session with one note; one whose clock is
    ten minutes behind opens it."""
    a_store, a = SessionStore(data.sessions), start_observation(teach, ahead)
    a.commit(read_draft("teh first note", teach), ahead.now())
    path = a_store.save(a.session)
    b_store = SessionStore(data.sessions)
    return a_store, a, b_store, Observation(b_store.read(path), teach, behind)


def test_a_change_made_on_a_laptop_whose_clock_is_behind_is_kept(
    data: DataFolder, teach: Rubric
) -> None:
    """Stamped by a clock ten minutes behind, an edit (or a deletion) of a note looked
    older than the note: the other laptop's next save put the note back as it was."""
    behind = ManualClock()
    ahead = ManualClock(behind.now() + timedelta(minutes=10))
    a_store, a, b_store, b = two_laptops(data, teach, ahead, behind)
    note_id = b.session.notes[0].id
    for clock in (ahead, behind):
        clock.advance(30)
    b.edit(note_id, read_draft("the first note", teach))
    b_store.save(b.session)
    note(a, "typed on the laptop ahead")
    a_store.save(a.session)
    assert texts(read_session(a_store.path_for(a.session))) == [
        "the first note",
        "typed on the laptop ahead",
    ]
    b.delete(note_id)
    b_store.save(b.session)
    note(a, "and again")
    a_store.save(a.session)
    assert texts(read_session(a_store.path_for(a.session))) == [
        "typed on the laptop ahead",
        "and again",
    ]
    b.undo_delete()
    b_store.save(b.session)
    note(a, "once more")
    a_store.save(a.session)
    assert "the first note" in texts(read_session(a_store.path_for(a.session)))


def test_a_trash_folder_that_links_out_of_the_data_folder_is_never_used(
    data: DataFolder, teach: Rubric, clock: ManualClock, tmp_path: Path
) -> None:
    """`trash` replaced by a link to a folder anyone can read: a deleted session, or notes
    set aside, would leave the team's private folder. Nothing is moved, and the coach is
    told why."""
    mine = start_observation(teach, clock)
    note(mine, "a judgement about Jane")
    store = SessionStore(data.sessions, data.trash)
    path = store.save(mine.session)
    public = tmp_path / "public"
    public.mkdir()
    if data.trash.exists():
        data.trash.rmdir()
    data.trash.symlink_to(public)
    workspace = Workspace(data, cache=tmp_path / "cache")
    workspace.refresh()

    with pytest.raises(OSError, match="the trash folder is a link out of the data folder"):
        workspace.trash(mine.session.id)
    workspace.close()
    assert path.exists() and list(public.iterdir()) == []

    path.unlink()  # deleted on another laptop: the notes typed since would go to the trash
    note(mine, "typed after")
    with pytest.raises(OSError, match="link out of the data folder"):
        store.write(mine.session)
    assert list(public.iterdir()) == [] and not path.exists()  # and not re-created


def test_a_file_a_sync_tool_is_still_writing_in_place_is_read_when_done(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some sync tools write a file in place, not by rename: a save that looked in the middle
    saw half a file and set it aside, and the other laptop's note went with it."""
    store, mine = SessionStore(data.sessions, data.trash), start_observation(teach, clock)
    note(mine, "mine")
    path = store.save(mine.session)
    theirs = Observation(read_session(path), teach, clock)
    note(theirs, "theirs, arriving")
    whole = theirs.session.to_json()
    with path.open("r+b") as file:  # the first half is in, the rest on its way
        file.truncate(0)
        file.write(whole[: len(whole) // 2])
    monkeypatch.setattr(storage, "_wait_for_other_writer", lambda: path.write_bytes(whole))
    note(mine, "mine, later")

    written = store.write(mine.session)

    assert texts(read_session(path)) == ["mine", "theirs, arriving", "mine, later"]
    assert not written.warning and not data.trash.exists()
