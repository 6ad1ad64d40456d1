"""The session list's filter: '#CODE' finds the sessions with a note tagged exactly that
code; plain words keep matching text."""

from __future__ import annotations

from datetime import UTC, datetime

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.widgets.lazy_table import LazyTable
from tests.app.conftest import SIZE, make_app, screen_text, settle
from tests.app.test_library_flow import caught_up
from tests.conftest import drop_in


def rows(app: ObserverApp) -> list[str]:
    """The teachers in the session list, top to bottom."""
    table = app.screen.query_one("#sessions", LazyTable)
    return [summary.teacher for _, summary in table.items.loaded()]


async def test_a_tag_term_finds_only_notes_tagged_with_that_code(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    def session(day: int, teacher: str, *notes: str) -> None:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=teacher, notes=notes)

    session(20, "Ann Lee", "asked why #CFU", "great comments on the board")
    session(21, "Ben Roy", "#TOT most were writing", "talk was on task")
    session(22, "Cy Tan", "#T lining up took ages")
    session(23, "Dee Fox", "#COM not a code of this rubric")  # kept as text, no tag
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        assert len(rows(app)) == 4

        async def shown_for(typed: str) -> list[str]:
            await pilot.press("ctrl+u", *typed)
            await caught_up(app, pilot)
            return rows(app)

        assert await shown_for("#T") == ["Cy Tan"]  # not TOT, nor every word with a t
        assert "Sessions: 1 of 4" in screen_text(app)
        assert await shown_for("#tot") == ["Ben Roy"]
        assert await shown_for("#CFU") == ["Ann Lee"]
        assert await shown_for("#COM") == []  # not 'comments', not the untagged '#COM'
        assert "No session matches. Escape clears the filter." in screen_text(app)
        assert await shown_for("#cf") == []  # a code is matched whole
        assert await shown_for("com") == ["Dee Fox", "Ann Lee"]  # plain words: any text
        assert await shown_for("#t lining") == ["Cy Tan"]
        assert await shown_for("#t ann") == []
        assert await shown_for("#") == ["Dee Fox", "Cy Tan", "Ben Roy", "Ann Lee"]
