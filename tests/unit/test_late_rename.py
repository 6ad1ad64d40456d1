"""A version renamed over a session file while this app is writing it is not lost.

Between the store's look at the file and its own rename there is a window (the temp file's
fsync, milliseconds on a slow disk) in which a sync tool or a second laptop can rename its
version in. bench/kill_trials.py found notes lost that way; these tests land the other
version inside that window, during the fsync.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore, read_session
from tests.conftest import start_observation

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith(("linux", "darwin")),
    reason="needs a system that swaps two file names in one step",
)


def note(observation: Observation, text: str) -> None:
    clock = observation.clock
    assert isinstance(clock, ManualClock)
    clock.advance(5)
    observation.commit(read_draft(text, observation.rubric), clock.now())


def during_the_next_fsync(monkeypatch: pytest.MonkeyPatch, act: Callable[[], None]) -> None:
    """Run `act` once, right after the next fsync (the save's temp file)."""
    real = os.fsync
    pending = [act]

    def fsync(fd: int) -> None:
        real(fd)
        if pending:
            pending.pop()()

    monkeypatch.setattr(os, "fsync", fsync)


def rename_over(path: Path, data: bytes) -> Callable[[], None]:
    """What a sync tool does: write a copy beside the file, rename it over the file."""

    def act() -> None:
        copy = path.with_name(".sync-copy.tmp")
        copy.write_bytes(data)
        os.replace(copy, path)

    return act


def test_a_version_renamed_in_during_a_save_is_merged_and_kept(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, mine = SessionStore(data.sessions), start_observation(teach, clock)
    note(mine, "A: asked three pupils")
    path = store.save(mine.session)
    theirs = Observation(SessionStore(data.sessions).read(path), teach, clock)
    note(theirs, "B: from the other laptop")
    note(mine, "A: praised effort")

    during_the_next_fsync(monkeypatch, rename_over(path, theirs.session.to_json()))
    written = store.write(mine.session)

    expected = ["A: asked three pupils", "B: from the other laptop", "A: praised effort"]
    assert [n.text for n in read_session(path).notes] == expected
    assert written.notice == "Merged 1 note from another laptop"
    assert sorted(p.name for p in data.sessions.iterdir()) == [path.name]
    # Later saves keep it, though this laptop's value never had it.
    note(mine, "A: exit ticket")
    store.write(mine.session)
    assert [n.text for n in read_session(path).notes] == [*expected, "A: exit ticket"]


def test_a_newer_apps_file_renamed_in_during_a_save_is_put_back_untouched(
    data: DataFolder, teach: Rubric, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, mine = SessionStore(data.sessions), start_observation(teach, clock)
    path = store.save(mine.session)
    newer = orjson.dumps(orjson.loads(path.read_bytes()) | {"schema_version": 99})
    note(mine, "kept in memory")

    during_the_next_fsync(monkeypatch, rename_over(path, newer))
    with pytest.raises(OSError, match="changed while it was saved"):
        store.write(mine.session)

    assert path.read_bytes() == newer
    assert sorted(p.name for p in data.sessions.iterdir()) == [path.name]
    retried = store.write(mine.session)  # the writer's retry: never replaced
    assert path.read_bytes() == newer
    assert retried.in_trash and [n.text for n in read_session(retried.path).notes] == [
        "kept in memory"
    ]
