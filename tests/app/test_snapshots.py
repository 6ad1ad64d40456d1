"""What the coach sees at 80x24, compared with reviewed baselines (see __snapshots__)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.pilot import Pilot

from observer_tui.core.clock import ManualClock
from observer_tui.core.csv_import import import_csv
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary, load_library
from observer_tui.screens.observation import ObservationScreen
from observer_tui.widgets.timer import ObservationTimer
from tests.app.conftest import SIZE, make_app, open_start_form, settle, wait_for
from tests.conftest import drop_in

SHEET = Path(__file__).parent.parent / "data" / "excel-utf8.csv"


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """The baselines show times in UTC, whatever zone the machine running the tests is in.

    Screens show when a lesson started in the coach's local time (`astimezone()`), so
    without this the summary's header says 18:30 in Tokyo where the baseline says 09:30.
    """
    pin_time_zone("UTC")


async def timer_caught_up(pilot: Pilot[None]) -> None:
    """Wait for the timer (it ticks every 0.5 s) to show the time the clock says now."""
    screen = pilot.app.screen
    assert isinstance(screen, ObservationScreen)
    timer = screen.query_one(ObservationTimer)
    await wait_for(
        pilot, lambda: timer.state == screen.observation.timer(), what="the timer to tick"
    )


def test_start_screen(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)

    async def fill(pilot: Pilot[None]) -> None:
        await open_start_form(pilot)
        await pilot.press(*"Jane Doe", "tab", *"Y8 maths")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=fill)


def test_session_list_home_screen(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    for day, teacher in [(18, "Ann Lee"), (20, "Ben Roy-Oduya Smith"), (23, "[b]Cy[/b]")]:
        drop_in(data.sessions, teach, at=datetime(2026, 11, day, 9, tzinfo=UTC), teacher=teacher)
    app = make_app(data, library, clock)

    async def loaded(pilot: Pilot[None]) -> None:
        await settle(app)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


def test_session_list_uses_the_width_of_a_wide_terminal(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    """At 120x40 the names and classes cut at 80 columns show whole."""
    teach = library.get("teach")
    assert teach is not None
    for day, teacher, class_name in [
        (18, "Maria Rivera-Gonzalez", "Y7 English set 3"),
        (20, "Ben Roy-Oduya Smith", "Y10 chemistry (triple)"),
    ]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=teacher, class_name=class_name)
    app = make_app(data, library, clock)

    async def loaded(pilot: Pilot[None]) -> None:
        await settle(app)

    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


def test_observation_screen(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    plan = ObservationPlan("Jane Doe", "Y8 maths", teach, ["CFU", "FB"], 15)
    app = make_app(data, library, clock, plan)

    async def observe(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for seconds, text in [
            (15, "asked three students to explain the method #CFU"),
            (40, "+ praised effort by name [bold]Sam[/] #FB"),
            (65, "- two rows off task during transition #T"),
            (20, "? why did the back rows stay quiet"),
            (30, "! a pupil led the recap #CT"),
        ]:
            clock.advance(seconds)
            await pilot.press(*text, "enter")
        clock.advance(100)
        await pilot.press(*"#cf")
        await settle(app)
        await timer_caught_up(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=observe)


def test_observation_screen_with_snapshot_due_and_rubric_hidden(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "", teach, ["CFU"], 15))

    async def observe(pilot: Pilot[None]) -> None:
        await pilot.pause()
        clock.advance(245)
        await pilot.press(*"students settle quickly", "enter", "f6")
        await settle(app)
        await timer_caught_up(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=observe)


@pytest.mark.parametrize(
    "stage", [0, 1, 2, 3], ids=["describe", "evaluate", "analyse", "next-step"]
)
def test_debrief_stage(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock, stage: int
) -> None:
    teach = library.get("teach")
    assert teach is not None
    app = make_app(
        data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU", "FB"], 15)
    )

    async def debrief(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for text in ["asked three students #CFU", "+ praised effort #FB", "! pupil led recap"]:
            clock.advance(40)
            await pilot.press(*text, "enter")
        await pilot.press("f10", "y")
        await pilot.pause()
        await pilot.press(*"They worked in pairs.", "f4", *["f3"] * stage)
        await settle(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=debrief)


def test_debrief_next_step_with_rehearsal_rounds(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    """Both rehearsal fields on screen beside each other, under the rounds logged so far."""
    teach = library.get("teach")
    assert teach is not None
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))

    async def rehearse(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for text in ["asked three students #CFU", "+ praised effort #FB"]:
            clock.advance(40)
            await pilot.press(*text, "enter")
        await pilot.press("f10", "y")
        await pilot.pause()
        await pilot.press("f3", "f3", "f3", *"Great use of names.", "tab", *"Ask three pupils")
        app.screen.query_one("#round-tried").focus()
        await pilot.press(*"first go", "tab", *"slow down", "enter")
        await pilot.press(*"second go", "tab", *"name them first")
        await settle(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=rehearse)


def test_summary(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))

    async def summarise(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for text in ["asked three students #CFU", "+ praised effort #FB", "! pupil led recap"]:
            clock.advance(100)
            await pilot.press(*text, "enter")
        await pilot.press("f5", "y", "2")
        await pilot.press("f10", "y")
        await pilot.pause()
        await pilot.press(*"They worked in pairs.", "f4", "f3", "f3", "f3")
        await pilot.press(*"Great use of names.", "tab", *"Ask three named pupils")
        app.screen.query_one("#goal-when").focus()
        await pilot.press(
            *"I finish explaining", "tab", *"I ask three pupils", "tab", *"2026-12-01"
        )
        await pilot.press("f10", "y")
        await settle(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=summarise)


def test_rubrics_screen_with_a_valid_and_an_invalid_user_rubric(
    snap_compare: Any, clock: ManualClock
) -> None:
    # The screen shows each file's full path, so this data folder has a fixed one.
    root = Path(tempfile.gettempdir()) / "observer-tui-snapshot"
    shutil.rmtree(root, ignore_errors=True)
    data = DataFolder(root)
    data.create()
    import_csv(SHEET, data.rubrics, rubric_id="oak", name="Oak framework")
    broken = {
        "id": "elm",
        "name": "Elm",
        "version": "1",
        "domains": [{"name": "A", "elements": [{"code": "C F U", "name": "Checks"}]}],
    }
    (data.rubrics / "elm.json").write_bytes(orjson.dumps(broken))
    app = make_app(data, load_library(data.rubrics), clock)

    async def open_rubrics(pilot: Pilot[None]) -> None:
        await pilot.pause()
        # Past the four bundled ones to elm.json.
        await pilot.press("f6", "down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_rubrics)


def test_observation_screen_uses_the_width_of_a_wide_terminal(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    """At 120x40 the rubric's element names, cut at 80 columns, show whole."""
    teach = library.get("teach")
    assert teach is not None
    plan = ObservationPlan("Maria Rivera-Gonzalez", "Y8 maths · set 2", teach, ["CFU", "FB"], 15)
    app = make_app(data, library, clock, plan)

    async def observe(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for seconds, text in [
            (15, "asked three students to explain the method they used, one after another #CFU"),
            (40, "+ praised effort by name, then named the strategy the pupil used #FB"),
            (65, "- two rows off task during the transition to group work #T"),
        ]:
            clock.advance(seconds)
            await pilot.press(*text, "enter")
        await settle(app)
        await timer_caught_up(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=observe)
