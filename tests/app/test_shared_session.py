"""The observation screen in a shared folder: another laptop's notes show up, and a sync
tool that brings back an older copy of the file loses none of this laptop's notes."""

from __future__ import annotations

import os

from observer_tui.core.clock import ManualClock
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.storage import read_session
from observer_tui.screens.observation import ObservationScreen
from tests.app.conftest import SIZE, make_app, notes_on_disk, screen_text, settle, wait_for


def rename_over(path: os.PathLike[str], data: bytes) -> None:
    """What a sync tool does: a temp file renamed over the session file."""
    temp = f"{os.fspath(path)}.sync"
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


async def test_an_older_copy_brought_back_by_a_sync_tool_loses_no_note(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        for text in ("first note", "second note"):
            await pilot.press(*text, "enter")
            await settle(app)
        (path,) = data.sessions.glob("*.json")
        older = read_session(path)
        # Another laptop's copy, made after the first note only, with a note of its own.
        other = Observation(older.model_copy(update={"notes": older.notes[:1]}), teach, clock)
        clock.advance(3)
        other.commit(read_draft("from the other laptop", teach), clock.now())
        rename_over(path, other.session.to_json())
        app._refresh_folder(full=True)
        await wait_for(
            app,
            lambda: "from the other laptop" in screen_text(app),
            what="the other laptop's note on screen",
        )
        await settle(app)
        assert [n["text"] for n in notes_on_disk(data)] == [
            "first note",
            "second note",
            "from the other laptop",
        ]
        assert "Merged 1 note from another laptop" in screen_text(app)
