"""What a second laptop, a sync tool or a hostile file in the team folder did to a session,
found by trying to break issue 12's merging: each one, and that no note is lost to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
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
