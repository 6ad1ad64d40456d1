"""The action-step picker at 80x24, compared with a reviewed baseline (see __snapshots__)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.screens.step_picker import StepPickerScreen
from tests.app.conftest import SIZE, wait_for
from tests.app.test_step_picker import earlier_step, to_next_step, today_app


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    pin_time_zone("UTC")


def test_step_picker_marks_the_worked_on_step_and_suggests_the_next(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    earlier_step(data, teach, "cfu-1")
    app = today_app(data, library, clock)

    async def pick(pilot: Pilot[None]) -> None:
        await to_next_step(pilot, clock)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, StepPickerScreen), what="picker")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=pick)
