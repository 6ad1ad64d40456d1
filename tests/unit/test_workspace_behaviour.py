"""The workspace as the app leans on it: what opens, what the list hears, where a save lands."""

from __future__ import annotations

import errno
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from observer_tui.core import index as index_module
from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore, Written
from observer_tui.core.workspace import (
    Indexed,
    Indexing,
    RubricsChanged,
    Saved,
    SessionsChanged,
    Workspace,
)
from tests.conftest import drop_in, start_observation
from tests.unit.test_workspace import Heard


@pytest.fixture
def workspace(data: DataFolder, clock: ManualClock, tmp_path: Path) -> Workspace:
    return Workspace(data, coach="Sam", clock=clock, cache=tmp_path / "cache")


NOVEMBER = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_open_gives_the_value_being_saved_before_it_is_on_disk(
    workspace: Workspace, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_write = SessionStore.write

    def slow_save(store: SessionStore, session: Session) -> Written:
        release.wait(5)
        return real_write(store, session)

    monkeypatch.setattr(SessionStore, "write", slow_save)
    observation = start_observation(teach, clock)
    observation.commit(read_draft("not on disk yet", teach), clock.now())
    workspace.save(observation.session, observation.revision)
    assert workspace.live(observation.session.id) is observation.session
    assert workspace.open(observation.session.id) is observation.session
    assert workspace.live("20261120-0900-ann-0000abcd") is None
    release.set()
    assert workspace.flush(5)


def test_open_reads_a_session_from_the_file_it_is_listed_under(
    workspace: Workspace, teach: Rubric
) -> None:
    session = drop_in(workspace.data.sessions, teach, at=NOVEMBER, teacher="Ann", notes=("a",))
    [file] = workspace.data.sessions.iterdir()
    renamed = file.with_name(f"{session.id}-LAPTOP.json")
    file.rename(renamed)
    workspace.refresh()
    assert workspace.open(session.id) == session
    assert workspace.trash(session.id) == workspace.data.trash / renamed.name


def test_a_save_keeps_the_index_on_the_file_it_went_to(
    workspace: Workspace, teach: Rubric, clock: ManualClock
) -> None:
    session = drop_in(workspace.data.sessions, teach, at=NOVEMBER, teacher="Ann")
    [file] = workspace.data.sessions.iterdir()
    renamed = file.with_name(f"{session.id}-LAPTOP.json")
    file.rename(renamed)
    workspace.refresh()
    heard = Heard()
    workspace.listen(heard)
    changed = workspace.open(session.id).model_copy(update={"teacher": "Ann B"})
    workspace.save(changed, 1)
    assert workspace.flush(5)
    assert [p.name for p in workspace.data.sessions.iterdir()] == [renamed.name]
    assert workspace.index.file_of(session.id) == renamed
    assert workspace.refresh().read == 0
    assert heard.of(SessionsChanged) == [SessionsChanged(changed=(session.id,))]


def test_a_refused_save_tells_saved_with_the_error_and_changes_no_row(
    data: DataFolder,
    teach: Rubric,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_write = SessionStore.write
    refusals = {"left": 1}

    def refuse_once(store: SessionStore, session: Session) -> Written:
        if refusals["left"]:
            refusals["left"] -= 1
            raise OSError(errno.EROFS, "Read-only file system")
        return real_write(store, session)

    monkeypatch.setattr(SessionStore, "write", refuse_once)
    workspace = Workspace(data, clock=clock, cache=tmp_path / "cache", retry_seconds=0.01)
    heard = Heard()
    workspace.listen(heard)
    observation = start_observation(teach, clock)
    workspace.save(observation.session, observation.revision)
    # Retried on its own: nothing else is submitted.
    assert workspace.flush(5)
    saves = heard.of(Saved)
    assert [s.result.error is not None for s in saves] == [True, False]
    assert "Read-only file system" in (saves[0].result.error or "")
    assert heard.of(SessionsChanged) == [SessionsChanged(changed=(observation.session.id,))]
    assert workspace.close(5)


def test_the_index_lives_in_the_cache_folder(workspace: Workspace, tmp_path: Path) -> None:
    workspace.refresh()
    assert workspace.index.database.parent == tmp_path / "cache"
    assert workspace.index.database.exists()
    assert not list(workspace.data.root.rglob("*.sqlite3"))


def test_a_refresh_tells_how_far_it_is_and_what_vanished(
    workspace: Workspace, teach: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 2)
    sessions = [
        drop_in(workspace.data.sessions, teach, at=NOVEMBER, teacher=name)
        for name in ("Ann", "Bob", "Cy", "Di")
    ]
    heard = Heard()
    workspace.listen(heard)
    seen: list[tuple[int, int] | None] = []
    workspace.listen(lambda change: seen.append(workspace.progress))
    workspace.refresh()
    assert heard.of(Indexing) == [Indexing(2, 4), Indexing(4, 4)]
    assert seen[:2] == [(2, 4), (4, 4)]
    assert workspace.progress is None
    gone = sessions[0]
    (workspace.data.sessions / f"{gone.id}.json").unlink()
    workspace.refresh_if_changed()
    assert heard.of(SessionsChanged)[-1] == SessionsChanged((), (gone.id,), elsewhere=True)
    assert heard.of(Indexed)[-1] == Indexed((), first=False)


def test_read_rubrics_tells_the_coachs_own_rubrics_and_profiles(
    workspace: Workspace, teach: Rubric
) -> None:
    own = teach.model_copy(update={"id": "our-teach", "name": "Our Teach"})
    (workspace.data.rubrics / "our-teach.json").write_text(own.model_dump_json())
    (workspace.data.profiles / "broken.json").write_text("{")
    heard = Heard()
    workspace.listen(heard)
    library = workspace.read_rubrics()
    assert "our-teach" in library.rubrics
    [told] = heard.of(RubricsChanged)
    assert told.library is library
    assert told.profiles == workspace.profiles and len(told.profiles) == 1


def test_a_workspace_with_no_clock_tells_the_real_time(data: DataFolder) -> None:
    workspace = Workspace(data)
    before = datetime.now(UTC)
    assert before <= workspace.clock.now() <= datetime.now(UTC)
    assert workspace.coach == ""
    workspace.close(1)
