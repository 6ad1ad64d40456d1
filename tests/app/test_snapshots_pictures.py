"""The pictures at 80x24, compared with reviewed baselines (see __snapshots__)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import read_session
from tests.app.conftest import SIZE, make_app, screen_text, settle, wait_for
from tests.app.journeys import teacher_term
from tests.conftest import drop_in

V1 = Path(__file__).parent.parent / "data" / "session-v1.json"


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """The baselines show days and times in UTC, whatever zone the machine is in."""
    pin_time_zone("UTC")


async def showing(pilot: Pilot[None], words: str) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: words in screen_text(app), what=repr(words))  # type: ignore[arg-type]


def test_summary_timeline_strip(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    """A drop-in with every kind of note, snapshots due and taken, and a pause."""
    shutil.copy(V1, data.sessions / f"{read_session(V1).id}.json")
    app = make_app(data, library, clock)

    async def open_summary(pilot: Pilot[None]) -> None:
        await settle(app)
        await pilot.press("enter")
        await showing(pilot, "Figures")
        app.screen.query_one("#summary").scroll_to(y=12, animate=False)
        await showing(pilot, "min         0    5")

    assert snap_compare(app, terminal_size=SIZE, run_before=open_summary)


def test_teacher_view_heat_strip_and_follow_ups(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    teacher_term(data.sessions, teach)
    app = make_app(data, library, clock)

    async def open_teacher(pilot: Pilot[None]) -> None:
        await settle(app)
        await pilot.press("f3")
        await showing(pilot, "Steps, newest first")
        await settle(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_teacher)


def test_teacher_view_drop_ins_to_open(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    """Down moves through the drop-ins, the view following the highlighted row."""
    teacher_term(data.sessions, teach)
    app = make_app(data, library, clock)

    async def open_teacher(pilot: Pilot[None]) -> None:
        await settle(app)
        await pilot.press("f3")
        await showing(pilot, "Steps, newest first")
        await settle(app)
        await pilot.press("down")
        await showing(pilot, "02 Nov 2026  Y8 maths")

    assert snap_compare(app, terminal_size=SIZE, run_before=open_teacher)


def test_stats_completion_bars(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    for day, hours in [(2, 2.0), (3, None), (4, 5.0), (16, None), (18, 1.0)]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=f"T{day}", debrief_hours=hours)
    app = make_app(data, library, clock)

    async def open_stats(pilot: Pilot[None]) -> None:
        await settle(app)
        await pilot.press("f5")
        await showing(pilot, "Debriefed, week by week")
        await settle(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_stats)
