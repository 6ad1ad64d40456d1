"""Helpers for driving the app with Pilot at 80x24 against a tmp data folder."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Footer, Input, TextArea

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import ProfileEntry
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Session
from observer_tui.core.workspace import Workspace
from observer_tui.screens.observation import ObservationScreen
from observer_tui.screens.start import StartScreen
from observer_tui.widgets.save_state import SaveState

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stable screens: cursors do not blink in tests."""
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def make_app(
    data: DataFolder,
    library: RubricLibrary,
    clock: ManualClock,
    plan: ObservationPlan | None = None,
    profiles: list[ProfileEntry] | None = None,
) -> ObserverApp:
    workspace = Workspace(data, coach="Sam Coach", clock=clock, retry_seconds=0.05)
    workspace.library, workspace.profiles = library, profiles or []
    return ObserverApp(workspace, plan)


async def wait_for(
    pilot_or_app: Pilot[Any] | App[Any],
    condition: Callable[[], bool],
    timeout: float = 5.0,
    what: str = "",
) -> None:
    """Let the app run until `condition()` holds; fail, naming `what`, after `timeout` s."""
    pilot = pilot_or_app if isinstance(pilot_or_app, Pilot) else Pilot(pilot_or_app)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await pilot.pause()  # first let what the test just did (keys, messages) be handled
    while not condition():
        if loop.time() > deadline:
            pytest.fail(f"Waited {timeout} s for {what or 'a condition'}; it never came.")
        await pilot.pause()


def save_shown(app: ObserverApp) -> bool:
    """The save indicator on screen (if any) has caught up: no save in flight or failed."""
    states = app.screen.query(SaveState)
    if any(str(state.render()) not in ("", "✓ saved") for state in states):
        return False
    # The observation screen mounts its footer once its first save is reported.
    footers = app.screen.query(Footer)
    return not isinstance(app.screen, ObservationScreen) or any(f.children for f in footers)


def threads_done(app: ObserverApp) -> bool:
    """No thread worker (scan, filter, read, export) is still running.

    Async workers are left out: a modal flow waits in one for as long as its dialog is up.
    """
    # `_thread_worker` is Textual's own flag (8.2 has no public one) for `@work(thread=True)`.
    return all(worker.is_finished for worker in app.workers if worker._thread_worker)


async def settle(app: ObserverApp) -> None:
    """Wait until every queued save is on disk, the screen shows it saved, and the
    background reads behind the screen are done."""
    flushed = await asyncio.to_thread(app.workspace.flush, 5)
    assert flushed, "the writer did not write every queued save within 5 s"
    # Twice: a finished read can hand its result to the screen, which starts the next one.
    for _ in range(2):
        await wait_for(
            app,
            lambda: save_shown(app) and threads_done(app),
            what="'✓ saved' on screen and the background reads to finish",
        )


def screen_text(app: ObserverApp) -> str:
    """Everything on screen now, as plain text lines, the way a coach reads it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def session_on_disk(data: DataFolder) -> dict[str, object]:
    """The one session file in the sessions folder, as JSON."""
    [path] = [p for p in data.sessions.glob("*.json")]
    loaded: dict[str, object] = orjson.loads(path.read_bytes())
    return loaded


def notes_on_disk(data: DataFolder) -> list[dict[str, Any]]:
    """The notes of the one session file in the sessions folder, as JSON."""
    notes = session_on_disk(data)["notes"]
    assert isinstance(notes, list)
    return notes


def sessions_on_disk(data: DataFolder) -> list[Session]:
    return [
        Session.model_validate_json(p.read_bytes()) for p in sorted(data.sessions.glob("*.json"))
    ]


async def open_start_form(pilot: Pilot[None]) -> None:
    """From the session list (the home screen), F2 opens the new drop-in form."""
    await pilot.press("f2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StartScreen)
