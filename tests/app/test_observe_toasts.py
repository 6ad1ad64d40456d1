"""Toasts while observing at 80x24: never over the note input, whatever is on top."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets._toast import Toast

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.workspace import Workspace
from observer_tui.screens.edit_note import EditNoteScreen
from observer_tui.screens.observation import ObservationScreen
from observer_tui.widgets.note_input import NoteInput
from tests.app.conftest import SIZE, make_app, wait_for
from tests.app.test_observe_journey import add_notes

WARNING = "Two profile files disagree about the school's rubric: the first one is used."


def toast_regions(app: ObserverApp) -> list[Region]:
    """Where the toasts on top are drawn."""
    return [toast.region for toast in app.screen.query(Toast) if toast.region]


def note_input_region(app: ObserverApp) -> Region:
    """Where the observation screen's note input is drawn, under any dialog."""
    [screen] = [s for s in app.screen_stack if isinstance(s, ObservationScreen)]
    return screen.query_one("#note", NoteInput).region


async def test_a_toast_over_the_edit_dialog_leaves_the_note_input_clear(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    app = make_app(data, library, clock, ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await add_notes(pilot, clock, ["asked three students"])
        await pilot.press("up", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditNoteScreen), what="the dialog")
        app.notify(WARNING, title="Shared folder", timeout=30)
        await wait_for(pilot, lambda: bool(toast_regions(app)), what="the toast")
        note_input = note_input_region(app)
        assert note_input.height >= 1
        assert [r for r in toast_regions(app) if r.overlaps(note_input)] == []


async def test_the_start_up_toast_leaves_the_note_input_clear(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    teach = library.get("teach")
    assert teach is not None
    workspace = Workspace(data, coach="Sam Coach", clock=clock, retry_seconds=0.05)
    workspace.library = library
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU"], 15)
    app = ObserverApp(workspace, plan, warnings=[WARNING])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(toast_regions(app)), what="the toast")
        assert "profile files disagree" in "".join(str(t.render()) for t in app.screen.query(Toast))
        note_input = note_input_region(app)
        assert note_input.height >= 1
        assert [r for r in toast_regions(app) if r.overlaps(note_input)] == []
