"""Helpers for driving the app with Pilot at 80x24 against a tmp data folder."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import ProfileEntry
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Session
from observer_tui.screens.start import StartScreen

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
    return ObserverApp(
        data,
        library,
        profiles=profiles,
        clock=clock,
        coach="Sam Coach",
        plan=plan,
        retry_seconds=0.05,
    )


async def settle(app: ObserverApp) -> None:
    """Wait until every queued save is on disk and the screen has caught up."""
    await asyncio.to_thread(app.writer.flush, 5)
    for _ in range(3):
        await asyncio.sleep(0.02)


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
