"""A learning walk as a leader takes it, and the check-in as a coach records it (80x24)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan, WalkRequest
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.workspace import Workspace
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.teacher import TeacherScreen
from observer_tui.screens.walk import WalkScreen
from tests.app.conftest import SIZE, make_app, open_start_form, settle, wait_for
from tests.app.conftest import screen_text as drawn
from tests.walking import agreed

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    pin_time_zone("UTC")


@pytest.fixture
def three(data: DataFolder, teach: Rubric) -> None:
    agreed(data.sessions, teach, NOW - timedelta(days=9), "Hugo Stein", "narrate the positive")
    agreed(data.sessions, teach, NOW - timedelta(days=4), "Ana Rivera", "ask three named pupils")
    agreed(data.sessions, teach, NOW - timedelta(days=2), "Dev Patel", "wait five seconds")


def walk_app(data: DataFolder, library: RubricLibrary, clock: ManualClock) -> ObserverApp:
    workspace = Workspace(data, coach="Lee Lead", clock=clock, retry_seconds=0.05)
    workspace.library = library
    return ObserverApp(workspace, WalkRequest())


def screen_text(app: ObserverApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def walk_ready(pilot: Pilot[None]) -> WalkScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WalkScreen), what="the walk")
    screen = pilot.app.screen
    assert isinstance(screen, WalkScreen)
    await wait_for(pilot, lambda: screen.walk is not None, what="the rooms")
    return screen


async def test_a_whole_walk_over_three_teachers_is_written_to_walks(
    data: DataFolder, library: RubricLibrary, three: None
) -> None:
    clock = ManualClock(NOW)
    app = walk_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await walk_ready(pilot)
        assert "room 1 of 3" in screen_text(app) and "narrate the positive" in screen_text(app)
        assert "02:00 left" in screen_text(app)
        clock.advance(75)
        await wait_for(pilot, lambda: "00:45 left" in screen_text(app), what="the timer")
        await pilot.press("s")
        await pilot.press("tab", *"two pupils explained", "enter", "p")
        assert "room 3 of 3" in screen_text(app)
        await pilot.press("n")
        await settle(app)
        await wait_for(pilot, lambda: "Saved in walks/" in screen_text(app), what="the end")
        assert "1 seen, 1 partly, 1 not seen" in screen_text(app)
        [path] = list(data.walks.iterdir())
        walk = json.loads(path.read_bytes())
        assert [(r["teacher"], r["result"], r["note"]) for r in walk["rooms"]] == [
            ("Hugo Stein", "seen", ""),
            ("Ana Rivera", "partly", "two pupils explained"),
            ("Dev Patel", "not_seen", ""),
        ]
        assert walk["walker"] == "Lee Lead" and walk["ended_at"] is not None
        await pilot.press("escape")
        assert not isinstance(app.screen, WalkScreen)


async def test_each_result_is_on_disk_before_the_walk_ends(
    data: DataFolder, library: RubricLibrary, three: None
) -> None:
    app = walk_app(data, library, ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await walk_ready(pilot)
        await pilot.press("right", "p")  # Hugo skipped, Ana partly
        await wait_for(pilot, lambda: any(data.walks.glob("*.json")), what="the walk file")
        await wait_for(pilot, lambda: "✓ saved" in screen_text(app), what="saved")
        [path] = list(data.walks.iterdir())
        rooms = json.loads(path.read_bytes())["rooms"]
        assert [r["result"] for r in rooms] == [None, "partly", None]


async def test_walk_results_show_in_the_teacher_view_and_in_prepare(
    data: DataFolder, library: RubricLibrary, three: None
) -> None:
    clock = ManualClock(NOW)
    app = walk_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await walk_ready(pilot)
        await pilot.press("right", "tab", *"cold call heard", "enter", "s")
        await settle(app)
        await pilot.press("escape")
        await pilot.press("escape")  # the walk ends; the session list
        app.push_screen(TeacherScreen("Ana Rivera", NOW.date()))
        await wait_for(pilot, lambda: isinstance(app.screen, TeacherScreen), what="teacher")
        await settle(app)
        text = screen_text(app)
        assert "walk 24 Nov: step seen · cold call heard" in text
        assert "step: ask three named pupils" in text
        await pilot.press("escape")
        await open_start_form(pilot)
        await pilot.press(*"Ana Rivera")
        await settle(app)
        hint = str(app.screen.query_one("#previous-step", Static).render())
        assert "ask three named pupils" in hint
        assert "walk 24 Nov: step seen · cold call heard" in hint


async def test_the_check_in_shows_on_the_observation_screen_and_in_describe(
    data: DataFolder, library: RubricLibrary, teach: Rubric
) -> None:
    plan = ObservationPlan("Jane Doe", "Y8", teach, asked="the back rows in group work")
    app = make_app(data, library, ManualClock(NOW), plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        line = drawn(app).splitlines()[1]  # under the heading
        assert line.startswith(" Asked: the back rows in group work")
        assert app.screen.query_one("#last-step").region.height == 1  # on screen
        [path] = list(data.sessions.iterdir())
        assert json.loads(path.read_bytes())["asked"] == "the back rows in group work"
        await pilot.press("ctrl+l", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="debrief")
        asked = app.screen.query_one("#asked", Static)
        assert "the back rows in group work" in str(asked.render())
        assert asked.region.height >= 1


async def test_the_form_records_what_the_teacher_asked(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.press(*"Jane Doe")
        app.screen.query_one("#asked").focus()
        await pilot.press(*"  pace  of the starter ", "enter")
        await settle(app)
        [path] = list(data.sessions.iterdir())
        assert json.loads(path.read_bytes())["asked"] == "pace of the starter"


def test_the_walk_screen(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, three: None
) -> None:
    clock = ManualClock(NOW)
    app = walk_app(data, library, clock)

    async def walk(pilot: Pilot[None]) -> None:
        screen = await walk_ready(pilot)
        await pilot.press("tab", *"praised the quiet table", "enter", "s")
        await settle(app)
        clock.advance(100)
        screen._tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=walk)


async def test_a_long_note_in_the_room_list_is_cut_with_an_ellipsis(
    data: DataFolder, library: RubricLibrary, three: None
) -> None:
    app = walk_app(data, library, ManualClock(NOW))
    note = "three pupils named and each one answered in full sentences"
    async with app.run_test(size=SIZE) as pilot:
        await walk_ready(pilot)
        await pilot.press("tab", *note, "enter", "s")
        await wait_for(pilot, lambda: "room 2 of 3" in screen_text(app), what="the next room")
        [line] = [row for row in screen_text(app).splitlines() if "seen · " in row]
        assert line.endswith(" seen · three pupils named and each o…")
