"""Rough edges of the coach's journey: correcting notes and details after the drop-in, the
trash, back to the search results, the start time in the list, and emoji that keep rows
the width the screen is."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.search import SearchScreen
from observer_tui.screens.summary import SummaryScreen
from observer_tui.widgets.lazy_table import LazyTable
from tests.app.conftest import SIZE, make_app, screen_text, settle, wait_for
from tests.conftest import drop_in


@pytest.fixture(autouse=True)
def utc(pin_time_zone: Callable[[str], None]) -> None:
    """Times on screen read the same on every machine."""
    pin_time_zone("UTC")


async def caught_up(app: object, pilot: object) -> None:
    """The filter and search wait 0.15-0.2 s after the last keystroke before they start."""
    from textual.pilot import Pilot

    from observer_tui.app import ObserverApp

    assert isinstance(pilot, Pilot) and isinstance(app, ObserverApp)
    await pilot.pause(0.25)
    await settle(app)


# The session list: two drop-ins on one day


async def test_the_session_list_shows_when_each_drop_in_started(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, 5, tzinfo=UTC), teacher="Ann Lee")
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 13, 40, tzinfo=UTC), teacher="Ann Lee")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE):
        await settle(app)
        text = screen_text(app)
        assert " 20 Nov 26 13:40  Ann Lee       Y8 maths  Teach (…  15:00" in text
        assert " 20 Nov 26 09:05  Ann Lee       Y8 maths  Teach (…  15:00" in text
        assert all(len(line) == SIZE[0] for line in text.splitlines())


# Search: Escape from a session opened from the results goes back to them


async def test_escape_from_a_summary_opened_by_search_returns_to_the_results(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    for day, teacher in [(18, "Ann Lee"), (19, "Ben Roy"), (20, "Cy Dee")]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=teacher, notes=("asked why",), debrief_hours=1)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f7", *"why")
        await caught_up(app, pilot)
        await pilot.press("down")  # the second line: Ben Roy's
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        assert "Ben Roy" in screen_text(app)
        await pilot.press("escape")
        await caught_up(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        text = screen_text(app)
        assert "Search: 3 lines in 3 sessions" in text
        assert text.splitlines()[2].strip() == "why"  # the words, still in the field
        hits: LazyTable[object] = app.screen.query_one("#hits", LazyTable)
        assert hits.cursor == 1
        assert "Ben Roy · 00:30: asked why" in text  # the line highlighted, in full
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


# Emoji with a skin tone: every row as wide as the screen, whatever the terminal


def terminal_width(line: str) -> int:
    """Cells a terminal that draws each code point on its own (tmux 3.3, xterm) gives a
    line: wide characters two, combining and format characters none."""
    width = 0
    for character in line:
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def rows_fit(app: object) -> list[str]:
    """The lines on screen that a terminal would draw wider or narrower than the screen."""
    from observer_tui.app import ObserverApp

    assert isinstance(app, ObserverApp)
    return [line for line in screen_text(app).splitlines() if terminal_width(line) != SIZE[0]]


async def test_a_skin_toned_emoji_keeps_the_notes_log_summary_and_list_in_line(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    drop_in(
        data.sessions,
        teach,
        at=at,
        teacher="Ann 👍🏽 Lee",
        notes=("👍🏽 great", "👍🏿👍🏻 lots of thumbs up, long enough to wrap in the log #CFU"),
        debrief_hours=1,
    )
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        assert rows_fit(app) == []
        assert "Ann 👍 Lee" in screen_text(app)  # the tone is left out on screen only
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        await pilot.press("end")
        await pilot.pause()
        assert rows_fit(app) == []
        assert "👍 great" in screen_text(app)
