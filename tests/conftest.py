"""Every test runs against a data folder under tmp_path, never the real home."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.profiles import Profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary, load_library
from observer_tui.core.session import Session, new_session
from observer_tui.core.storage import SessionStore


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point HOME and the XDG folders at tmp_path so nothing touches the real home."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.delenv("OBSERVER_TUI_DATA_DIR", raising=False)


@pytest.fixture
def pin_time_zone() -> Iterator[Callable[[str], None]]:
    """Set the local time zone (what `astimezone()` converts to) for one test, then restore it."""
    before = os.environ.get("TZ")

    def pin(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield pin
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def data(tmp_path: Path) -> DataFolder:
    folder = DataFolder(tmp_path / "data")
    folder.create()
    return folder


@pytest.fixture
def library(data: DataFolder) -> RubricLibrary:
    return load_library(data.rubrics)


@pytest.fixture
def teach(library: RubricLibrary) -> Rubric:
    rubric = library.get("teach")
    assert rubric is not None
    return rubric


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def start_observation(
    rubric: Rubric,
    clock: ManualClock,
    *,
    teacher: str = "Jane Doe",
    class_name: str = "Y8 maths",
    coach: str = "Sam",
    focus: tuple[str, ...] = ("CFU",),
    minutes: int = 15,
    profile: Profile | None = None,
) -> Observation:
    """A drop-in starting now, as the app would begin one (Y8 maths, coach Sam by default)."""
    session = new_session(
        teacher=teacher,
        class_name=class_name,
        coach=coach,
        rubric=rubric,
        focus=list(focus),
        planned_minutes=minutes,
        at=clock.now(),
        profile=profile,
    )
    return Observation(session, rubric, clock)


def drop_in(
    folder: Path,
    teach: Rubric,
    *,
    at: datetime,
    teacher: str,
    class_name: str = "Y8 maths",
    coach: str = "Sam",
    debrief_hours: float | None = None,
    notes: tuple[str, ...] = (),
) -> Session:
    """A 15-minute drop-in saved in `folder`, debriefed `debrief_hours` after it ended."""
    clock = ManualClock(at)
    observation = start_observation(
        teach, clock, teacher=teacher, class_name=class_name, coach=coach
    )
    for text in notes:
        clock.advance(30)
        observation.commit(read_draft(text, teach), clock.now())
    clock.advance(900)
    observation.end()
    session = observation.session
    if debrief_hours is not None:
        clock.advance(debrief_hours * 3600)
        debriefing = Debriefing(session, clock)
        debriefing.complete()
        session = debriefing.session
    SessionStore(folder).save(session)
    return session
