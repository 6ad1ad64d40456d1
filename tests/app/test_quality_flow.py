"""The caseload and the quality figures in the app: the cadence on the new drop-in form,
"due this week" on the session list, the quality and droughts views, and the droughts grid
at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import SessionStore
from observer_tui.screens.observation import ObservationScreen
from tests.app.conftest import (
    SIZE,
    make_app,
    open_start_form,
    screen_text,
    sessions_on_disk,
    settle,
    wait_for,
)
from tests.conftest import drop_in


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """The baselines show days in UTC, whatever zone the machine is in."""
    pin_time_zone("UTC")


def seen(data: DataFolder, teach: Rubric, teacher: str, day: int, cadence: str = "weekly") -> None:
    """A drop-in with `teacher` on `day` November 2026, with the cadence set on its form."""
    at = datetime(2026, 11, day, 9, tzinfo=UTC)
    session = drop_in(data.sessions.parent / "scratch", teach, at=at, teacher=teacher)
    SessionStore(data.sessions).save(session.model_copy(update={"cadence": cadence}))


def cadence_shown(app: Any) -> str:
    """What the form's "Seen" field says."""
    lines = [line.split() for line in screen_text(app).splitlines()]
    return next(" ".join(words[1:3]) for words in lines if words[:1] == ["Seen"])


async def showing(pilot: Pilot[None], words: str) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: words in screen_text(app), what=repr(words))  # type: ignore[arg-type]


async def test_the_form_keeps_the_teachers_cadence_and_the_drop_in_records_it(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    seen(data, teach, "Ann Lee", 10, "fortnightly")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await open_start_form(pilot)
        assert cadence_shown(app) == "every week"
        await pilot.press(*"ann lee")
        await wait_for(pilot, lambda: cadence_shown(app) == "every fortnight")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ObservationScreen))
        await settle(app)
    new = [s for s in sessions_on_disk(data) if s.started_at.day != 10]
    assert [s.cadence for s in new] == ["fortnightly"]


async def test_a_cadence_the_coach_picks_is_kept_whatever_the_teacher_had(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    seen(data, teach, "Ann Lee", 10, "fortnightly")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await open_start_form(pilot)
        await pilot.press(*"ann lee")
        await wait_for(pilot, lambda: cadence_shown(app) == "every fortnight")
        app.screen.query_one("#cadence", Select).value = "weekly"  # the coach's choice
        await pilot.press("backspace", *"e")  # the form looks the teacher up again
        await pilot.pause(0.3)
        await settle(app)
        assert cadence_shown(app) == "every week"


async def test_due_in_the_filter_lists_the_teachers_due_this_week(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    # Today is Tuesday 24 November; the week ends on Sunday the 29th.
    seen(data, teach, "Ann Lee", 10)
    seen(data, teach, "Ann Lee", 17)  # due the 24th
    seen(data, teach, "Ben Roy", 20)  # due the 27th
    seen(data, teach, "Cy Day", 23)  # due the 30th: next week
    seen(data, teach, "Dee Fox", 16, "fortnightly")  # due the 30th
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press(*"due:")
        await showing(pilot, "Due this week: 2 teachers, each shown by their last drop-in")
        text = screen_text(app)
        assert "17 Nov 26 09:00  Ann Lee" in text and "20 Nov 26 09:00  Ben Roy" in text
        assert "Cy Day" not in text and "Dee Fox" not in text
        await pilot.press(*" ben")
        await showing(pilot, "Due this week: 1 of 2 teachers")
        assert "Ann Lee" not in screen_text(app)
        await pilot.press("f12")  # the key takes the word away, leaving the name
        await showing(pilot, "Sessions: 1 of 5")
        await pilot.press("escape", "f12")  # and puts it back
        await showing(pilot, "Due this week: 2 teachers")
        assert app.screen.query_one("#filter", Input).value == "due: "


async def test_the_stats_screen_opens_the_quality_figures_with_its_coach(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    for day, coach in [(2, "Sam"), (3, "Jo")]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher="Ann", coach=coach, debrief_hours=2)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f5")
        await showing(pilot, "Debriefed, week by week")
        await pilot.press(*"jo")
        await pilot.press("f3")
        await showing(pilot, "Quality of coaching")
        await showing(pilot, "Jo    2026-W45    1   0%   0%")
        assert "Sam" not in screen_text(app)
        await pilot.press("escape")
        await showing(pilot, "Debriefed, week by week")


def test_droughts_grid(
    snap_compare: Any, data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    """Twelve weeks to Tuesday 24 November 2026, the longest gap first, in colour."""
    monday = datetime(2026, 11, 23, 9, tzinfo=UTC)
    pattern = {
        "Ann Lee": "111111111111",
        "Ben Roy": "101101101101",
        "Chloé Dubois": "111100000000",
        "Dev Patel": "000000000001",
        "Ella Brooks-Montgomery-Smythe": "120010210002",
        "Femi Ade": "000000000000",
    }
    for teacher, weeks in pattern.items():
        for back, count in enumerate(reversed(weeks)):
            for n in range(int(count)):
                at = monday - timedelta(weeks=back) + timedelta(hours=n)
                drop_in(data.sessions, teach, at=at, teacher=teacher)
    drop_in(data.sessions, teach, at=monday - timedelta(weeks=20), teacher="Femi Ade")
    app = make_app(data, library, clock)

    async def open_droughts(pilot: Pilot[None]) -> None:
        await settle(app)
        await pilot.press("f5")
        await showing(pilot, "Debriefed, week by week")
        await pilot.press("f4")
        await showing(pilot, "Gap: the most weeks")
        await settle(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_droughts)
