"""The workspace: one data folder, its saves, its index, and what it tells its listeners."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TypeVar

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import Written
from observer_tui.core.workspace import (
    Change,
    Indexed,
    RubricsChanged,
    Saved,
    SessionsChanged,
    Workspace,
)
from tests.conftest import drop_in, start_observation

T = TypeVar("T")


@pytest.fixture
def workspace(data: DataFolder, clock: ManualClock, tmp_path: Path) -> Workspace:
    data.create()
    return Workspace(data, coach="Sam", clock=clock, cache=tmp_path / "cache")


def settled(folder: Path) -> None:
    """Set the folder's time an hour back, as a folder nobody has touched for a while:
    a folder time within a second of a check is never trusted."""
    an_hour_ago = time.time_ns() - 3_600_000_000_000
    os.utime(folder, ns=(an_hour_ago, an_hour_ago))


class Heard:
    """A listener that keeps what it is told, and on which thread."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.threads: set[str] = set()

    def __call__(self, change: Change) -> None:
        self.changes.append(change)
        self.threads.add(threading.current_thread().name)

    def of(self, kind: type[T]) -> list[T]:
        return [change for change in self.changes if isinstance(change, kind)]


def test_a_saved_note_is_on_disk_and_in_the_list_without_reading_the_file_again(
    workspace: Workspace, teach: Rubric, clock: ManualClock
) -> None:
    heard = Heard()
    workspace.listen(heard)
    workspace.refresh()
    observation = start_observation(teach, clock)
    observation.commit(read_draft("asked three students #CFU", teach), clock.now())
    workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    [saved] = heard.of(Saved)
    assert saved.result.error is None and saved.result.revision == observation.revision
    assert saved.result.path.read_bytes() == observation.session.to_json()
    summary = workspace.index.get(observation.session.id)
    assert summary is not None and summary.notes == 1 and summary.tags == ("CFU",)
    assert workspace.refresh().read == 0  # the row was stamped with the file as saved
    assert "session-writer" in heard.threads


def test_only_the_newest_value_reaches_the_index(
    workspace: Workspace, teach: Rubric, clock: ManualClock
) -> None:
    settled(workspace.data.sessions)
    workspace.refresh()
    observation = start_observation(teach, clock)
    for text in ("one", "two", "three"):
        observation.commit(read_draft(text, teach), clock.now())
        workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    summary = workspace.index.get(observation.session.id)
    assert summary is not None and summary.notes == 3
    # The saves whose rows were skipped still count as this window's own.
    assert workspace.refresh_if_changed() is None
    assert workspace.open(observation.session.id).notes == observation.session.notes


def test_a_file_a_sync_tool_renamed_in_is_listed_at_the_next_check(
    workspace: Workspace, teach: Rubric, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    settled(workspace.data.sessions)
    workspace.refresh()
    assert workspace.refresh_if_changed() is None  # nothing changed: no refresh at all
    heard = Heard()
    workspace.listen(heard)
    elsewhere = tmp_path / "other-laptop"
    session = drop_in(elsewhere, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann")
    [file] = elsewhere.iterdir()
    os.replace(file, workspace.data.sessions / file.name)
    assert workspace.refresh_if_changed() is not None
    [changed] = heard.of(SessionsChanged)
    assert changed.changed == (session.id,)
    assert [s.teacher for s in workspace.index.teacher("ann")] == ["Ann"]


def test_trash_moves_the_file_and_drops_the_row(workspace: Workspace, teach: Rubric) -> None:
    from datetime import UTC, datetime

    session = drop_in(
        workspace.data.sessions, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann"
    )
    workspace.refresh()
    heard = Heard()
    workspace.listen(heard)
    moved = workspace.trash(session.id)
    assert moved.parent == workspace.data.trash and moved.exists()
    assert not list(workspace.data.sessions.glob("*.json"))
    assert workspace.index.get(session.id) is None and workspace.index.count() == 0
    assert heard.of(SessionsChanged) == [SessionsChanged(removed=(session.id,))]


def test_a_broken_file_is_reported_once_by_name_and_left_alone(
    workspace: Workspace, teach: Rubric
) -> None:
    bad = workspace.data.sessions / "20261120-0900-ann-0000abcd.json"
    bad.write_bytes(b'{"schema_version": 1, "notes": [')
    heard = Heard()
    workspace.listen(heard)
    workspace.refresh()
    [indexed] = heard.of(Indexed)
    assert indexed.first and [p.path.name for p in indexed.problems] == [bad.name]
    assert bad.read_bytes() == b'{"schema_version": 1, "notes": ['
    workspace.refresh()
    assert not heard.of(Indexed)[1].first


def test_rubrics_are_read_on_request_and_told(workspace: Workspace) -> None:
    heard = Heard()
    workspace.listen(heard)
    with pytest.raises(RuntimeError):
        _ = workspace.rubrics
    library = workspace.read_rubrics()
    assert workspace.rubrics is library and "teach" in library.rubrics
    assert [type(c) for c in heard.changes] == [RubricsChanged]


def test_close_writes_what_is_pending(data: DataFolder, teach: Rubric, clock: ManualClock) -> None:
    data.create()
    workspace = Workspace(data, clock=clock, cache=None)
    observation = start_observation(teach, clock)
    observation.commit(read_draft("last words", teach), clock.now())
    workspace.save(observation.session, observation.revision)
    assert workspace.close(5)
    [file] = data.sessions.glob("*.json")
    assert b"last words" in file.read_bytes()


def test_its_own_saves_do_not_make_the_folder_look_changed(
    workspace: Workspace, teach: Rubric, clock: ManualClock
) -> None:
    settled(workspace.data.sessions)
    workspace.refresh()
    observation = start_observation(teach, clock)
    workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    assert workspace.refresh_if_changed() is None
    summary = workspace.index.get(observation.session.id)
    assert summary is not None and summary.teacher == "Jane Doe"
    for text in ("one", "two"):  # and the saves after it, each once its row is in
        observation.commit(read_draft(text, teach), clock.now())
        workspace.save(observation.session, observation.revision)
        assert workspace.flush(5)
        assert workspace.refresh_if_changed() is None
    summary = workspace.index.get(observation.session.id)
    assert summary is not None and summary.notes == 2


def test_a_new_run_trusts_the_index_of_a_folder_left_alone_but_names_its_bad_files(
    data: DataFolder, teach: Rubric, clock: ManualClock, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    data.create()
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann")
    (data.sessions / "20261121-0900-bad-0000abcd.json").write_bytes(b"{")
    settled(data.sessions)
    first = Workspace(data, clock=clock, cache=tmp_path / "cache")
    assert first.refresh().read == 2
    first.close()
    again = Workspace(data, clock=clock, cache=tmp_path / "cache")
    heard = Heard()
    again.listen(heard)
    assert again.refresh_if_changed() is None  # nothing read: the index is current
    [indexed] = heard.of(Indexed)
    assert indexed.first and [p.path.name for p in indexed.problems] == [
        "20261121-0900-bad-0000abcd.json"
    ]
    assert again.refreshed and [s.teacher for s in again.index.summaries()] == ["Ann"]
    assert again.refresh_if_changed() is None and len(heard.of(Indexed)) == 1  # quiet now


def test_a_saved_session_opens_as_the_file_is_now_not_as_this_run_left_it(
    workspace: Workspace, teach: Rubric, clock: ManualClock, tmp_path: Path
) -> None:
    observation = start_observation(teach, clock)
    observation.commit(read_draft("ours", teach), clock.now())
    workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    assert workspace.live(observation.session.id) is None  # on disk: nothing held back
    theirs = observation.session.model_copy(
        update={
            "notes": (
                *observation.session.notes,
                observation.session.notes[0].model_copy(
                    update={"id": "b1", "text": "laptop B's note"}
                ),
            )
        }
    )
    other = tmp_path / "other.json"
    other.write_bytes(theirs.to_json())
    os.replace(other, workspace.data.sessions / f"{theirs.id}.json")
    opened = workspace.open(theirs.id)
    assert [note.text for note in opened.notes] == ["ours", "laptop B's note"]


def test_a_second_window_sharing_the_cache_hears_what_the_first_refreshed(
    data: DataFolder, teach: Rubric, clock: ManualClock, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    data.create()
    settled(data.sessions)
    first = Workspace(data, clock=clock, cache=tmp_path / "cache")
    second = Workspace(data, clock=clock, cache=tmp_path / "cache")
    first.refresh()
    second.refresh_if_changed()
    heard = Heard()
    second.listen(heard)
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann")
    first.refresh_if_changed()  # reads the new file into the shared index
    again = second.refresh_if_changed()
    assert again is None or again.read == 0  # nothing left for the second to read...
    assert SessionsChanged() in heard.of(SessionsChanged)  # ...but it is told to look again
    assert [s.teacher for s in second.index.summaries()] == ["Ann"]


def test_the_index_is_private_like_the_session_files(
    workspace: Workspace, teach: Rubric, clock: ManualClock
) -> None:
    observation = start_observation(teach, clock)
    workspace.save(observation.session, observation.revision)
    assert workspace.flush(5)
    files = list(workspace.index.database.parent.iterdir())
    assert files and all(path.stat().st_mode & 0o777 == 0o600 for path in files)
    assert workspace.index.database.parent.stat().st_mode & 0o777 == 0o700


def test_a_save_whose_row_never_reached_the_index_is_read_again_at_the_next_start(
    data: DataFolder,
    teach: Rubric,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A window killed after a note reached the disk but before its row reached the
    index: the next start must not trust the folder and list the older row."""
    data.create()
    first = Workspace(data, coach="Sam", clock=clock, cache=tmp_path / "cache")
    observation = start_observation(teach, clock)
    observation.commit(read_draft("one", teach), clock.now())
    first.save(observation.session, observation.revision)
    assert first.flush(5)
    settled(data.sessions)
    first.refresh()

    def killed(*_: object) -> None:
        raise RuntimeError("killed before the row was written")

    monkeypatch.setattr(first.index, "put", killed)
    observation.commit(read_draft("two", teach), clock.now())
    first.save(observation.session, observation.revision)
    assert first.flush(5)
    [file] = data.sessions.glob("*.json")
    assert b'"two"' in file.read_bytes()
    first.close(5)

    again = Workspace(data, coach="Sam", clock=clock, cache=tmp_path / "cache")
    assert again.refresh_if_changed() is not None
    summary = again.index.get(observation.session.id)
    assert summary is not None and summary.notes == 2


def test_a_broken_file_fixed_in_place_is_listed_at_the_next_check(
    data: DataFolder, teach: Rubric, clock: ManualClock, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    data.create()
    good = drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann")
    [file] = data.sessions.glob("*.json")
    fine = file.read_bytes()
    file.write_bytes(fine[: len(fine) // 2])
    settled(data.sessions)
    first = Workspace(data, clock=clock, cache=tmp_path / "cache")
    first.refresh()
    assert [p.path.name for p in first.index.problems()] == [file.name]
    first.close()

    with file.open("r+b") as handle:  # an editor saving in place: the folder's time stays
        handle.truncate(0)
        handle.write(fine)
    again = Workspace(data, clock=clock, cache=tmp_path / "cache")
    assert again.refresh_if_changed() is not None
    assert again.index.problems() == []
    assert [s.id for s in again.index.summaries()] == [good.id]


def test_saves_that_overtook_each_other_still_leave_the_folder_trusted(
    workspace: Workspace, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save is still being written when two more come: its row is skipped (a
    newer value is on its way), and the folder time it left must still count as this
    window's own once the newest row is in."""
    settled(workspace.data.sessions)
    workspace.refresh()
    writing, go_on = threading.Event(), threading.Event()
    write = workspace.store.write

    def slow_first_write(session: Session) -> Written:
        if not writing.is_set():
            writing.set()
            go_on.wait(5)
        return write(session)

    monkeypatch.setattr(workspace.store, "write", slow_first_write)
    observation = start_observation(teach, clock)
    observation.commit(read_draft("one", teach), clock.now())
    workspace.save(observation.session, observation.revision)
    assert writing.wait(5)
    for text in ("two", "three"):
        observation.commit(read_draft(text, teach), clock.now())
        workspace.save(observation.session, observation.revision)
    go_on.set()
    assert workspace.flush(5)
    summary = workspace.index.get(observation.session.id)
    assert summary is not None and summary.notes == 3
    assert workspace.refresh_if_changed() is None
