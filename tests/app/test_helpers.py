"""The Pilot helpers fail loudly, naming what they waited for, instead of passing late."""

from __future__ import annotations

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubrics import RubricLibrary
from tests.app.conftest import SIZE, make_app, wait_for


async def test_wait_for_returns_once_the_condition_holds_and_fails_naming_it(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.workspace.refreshed, what="the sessions folder read")
        assert app.workspace.refreshed
        with pytest.raises(pytest.fail.Exception, match="Waited 0.1 s for a rainbow"):
            await wait_for(app, lambda: False, timeout=0.1, what="a rainbow")
