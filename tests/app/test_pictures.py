"""The pictures a coach looks at (the drop-in's timeline, a teacher's elements and steps,
completion per week) and the teacher view's rows, driven at 80x24."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import read_session
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.stats import StatsScreen
from observer_tui.screens.summary import SummaryScreen
from observer_tui.screens.teacher import TeacherScreen
from tests.app.conftest import SIZE, make_app, screen_text, settle, wait_for
from tests.app.journeys import teacher_term
from tests.conftest import drop_in

V1 = Path(__file__).parent.parent / "data" / "session-v1.json"


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """Days and times on screen in UTC, as the sessions were made."""
    pin_time_zone("UTC")


async def on_screen(pilot: Pilot[None], screen: type, words: str) -> str:
    """Wait for `screen` on top showing `words`; what the screen shows then."""
    app = pilot.app
    assert isinstance(app, ObserverApp)
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, screen) and words in screen_text(app),
        what=f"{screen.__name__} showing {words!r}",
    )
    return screen_text(app)


async def open_teacher_view(pilot: Pilot[None]) -> str:
    await settle(pilot.app)  # type: ignore[arg-type]
    await on_screen(pilot, LibraryScreen, "Ann Lee")
    await pilot.press("f3")
    return await on_screen(pilot, TeacherScreen, "Steps, newest first")


async def test_enter_on_a_teacher_view_row_opens_that_summary_and_escape_comes_back(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    teacher_term(data.sessions, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_teacher_view(pilot)
        await pilot.press("down", "enter")  # the second newest: 9 November
        text = await on_screen(pilot, SummaryScreen, "Mon 09 Nov 2026")
        assert "Check the back rows with mini whiteboards" in text
        await pilot.press("escape")
        # Back where the coach left it: the row still highlighted.
        text = await on_screen(pilot, TeacherScreen, "Drop-ins, newest first (Enter opens one)")
        assert "09 Nov 2026  Y8 maths" in text
        await pilot.press("escape")
        await on_screen(pilot, LibraryScreen, "Ann Lee")


async def test_the_teacher_views_rows_show_a_class_as_typed_never_as_markup(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    teacher_term(data.sessions, teach, class_name="[b]Y8[/b] maths")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_teacher_view(pilot)
        await pilot.press("down", "down")
        text = await on_screen(pilot, TeacherScreen, "02 Nov 2026")
    assert "[b]Y8[/b] maths" in text


async def test_the_teacher_view_names_the_elements_it_counts(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    teacher_term(data.sessions, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        text = await open_teacher_view(pilot)
    assert "Ann Lee · 3 drop-ins · last seen 1 day ago" in text
    assert "Strengths: CFU Checks for understanding ×2, FB Feedback ×2" in text
    assert "Growth areas: T Transition ×1, CFU Checks for understanding ×1" in text


async def test_the_teacher_view_draws_elements_per_drop_in_and_marks_each_follow_up(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    teacher_term(data.sessions, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        text = await open_teacher_view(pilot)
    lines = text.splitlines()
    # CFU: 2 notes, 2, then 1 (two characters a drop-in, oldest first); T only last time.
    assert any(line.strip().endswith("CFU Checks for understanding      ▒▒▒▒░░") for line in lines)
    assert any(line.strip().startswith("T Transition") and "····░░" in line for line in lines)
    assert "· none, ░ 1 note, ▒ 2, ▓ 3-4, █ 5 or more" in text
    assert "~ 23 Nov 2026  Rehearse the transition" in text  # its follow-up is in December
    assert "✗ 09 Nov 2026  Check the back rows" in text  # followed up without a word
    assert "✓ 02 Nov 2026  Ask three named pupils" in text
    assert "✓ followed up, ~ not yet, ✗ date passed or not talked about" in text


async def test_the_summary_draws_the_drop_in_minute_by_minute(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    session = read_session(V1)
    shutil.copy(V1, data.sessions / f"{session.id}.json")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await on_screen(pilot, LibraryScreen, "Zoë")
        await pilot.press("enter")
        await on_screen(pilot, SummaryScreen, "Figures")
        app.screen.query_one("#summary").scroll_to(y=12, animate=False)
        text = await on_screen(pilot, SummaryScreen, "min         0    5    10   15")
    # Snapshots at 02:00, 12:50 and 13:20; due 3-4 and 12-14; paused at 02:55.
    assert "snapshot    ··◆░········◆◆··" in text
    assert "paused      ··┆·············" in text
    assert "note        ●··●●········●··" in text
    assert "growth area ·●····●·········" in text
    assert "Each column is 1 minute: ● a note, 2-9 that many notes, + ten or more." in text
    assert "◆ snapshot taken, ░ snapshot due, ┆ paused." in text


async def test_the_stats_view_draws_completion_week_by_week(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    from datetime import UTC, datetime

    from tests.conftest import drop_in

    for day, hours in [(2, 2.0), (3, None), (4, 5.0), (16, None)]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=f"T{day}", debrief_hours=hours)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f5")
        text = await on_screen(pilot, StatsScreen, "Debriefed, week by week")
    assert "2026-W45  ████████████████████░░░░░░░░░░  2/3 debriefed  67%" in text
    assert "2026-W46  ······························  no drop-ins" in text
    assert "2026-W47  ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  0/1 debriefed   0%" in text
    assert "█ debriefed, ░ not debriefed yet, · no drop-ins that week" in text


async def test_a_teacher_seen_today_reads_today_not_0_days_ago(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    drop_in(data.sessions, teach, at=clock.now() - timedelta(hours=1), teacher="Ann Lee")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        text = await open_teacher_view(pilot)
    assert "Ann Lee · 1 drop-in · last seen today" in text
