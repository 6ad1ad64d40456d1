"""`observer-tui observe`: the screen takes typing while the rubrics and sessions are read."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from observer_tui.app import ObserverApp
from observer_tui.core import rubrics
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObserveRequest
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.workspace import Workspace
from observer_tui.screens.observation import ObservationScreen
from observer_tui.widgets.notes_log import NotesLog
from tests.app.conftest import SIZE, screen_text, session_on_disk, settle, wait_for


def observe_app(data: DataFolder, clock: ManualClock, request: ObserveRequest) -> ObserverApp:
    data.create()
    workspace = Workspace(data, coach="Sam Coach", clock=clock, retry_seconds=0.05)
    return ObserverApp(workspace, request)


@pytest.fixture
def read_rubrics(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The rubric files are read only once the test sets this (as on a slow disk)."""
    allowed = threading.Event()
    load_library = rubrics.load_library

    def slow_library(folder: object) -> RubricLibrary:
        allowed.wait(timeout=10)
        return load_library(data.rubrics)

    monkeypatch.setattr(rubrics, "load_library", slow_library)
    return allowed


async def test_the_timer_runs_from_the_first_paint_and_keys_wait_for_the_rubric(
    data: DataFolder, clock: ManualClock, read_rubrics: threading.Event
) -> None:
    app = observe_app(data, clock, ObserveRequest("Jane Doe", "Y8", minutes=20))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "00:00 · 20:00 left" in screen_text(app)
        clock.advance(65)
        await wait_for(pilot, lambda: "01:05 · 18:55 left" in screen_text(app), what="the clock")
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        waiting = [c.title for c in screen.ACTIONS if screen.check_action(c.action, ()) is None]
        assert {"Snapshot", "Notes", "Pause", "End", "Focus 1"} <= set(waiting)
        assert {"Help", "Kind", "Rubric"}.isdisjoint(waiting)
        await pilot.press("f10")  # End waits for the session: no question, no crash
        await pilot.pause()
        assert app.screen is screen
        read_rubrics.set()
        await wait_for(pilot, lambda: screen.check_action("end", ()) is True, what="the rubric")
        assert "01:05 · 18:55 left" in screen_text(app)  # the session began at the first paint


async def test_a_note_typed_before_the_rubric_is_read_is_saved_once_it_is(
    data: DataFolder, clock: ManualClock, read_rubrics: threading.Event
) -> None:
    app = observe_app(data, clock, ObserveRequest("Jane Doe", "Y8", focus=("CFU",)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Jane Doe · Y8  reading the rubric…" in text
        assert "Ready: type what you see" in text
        clock.advance(30)
        await pilot.press("+", " ", "a", "s", "k", "e", "d")
        clock.advance(20)
        await pilot.press(*" why [b]twice[/b] #CFU", "enter")
        clock.advance(10)
        await pilot.press(*"next one", "enter", "enter")  # a second Enter keeps nothing twice
        clock.advance(5)
        await pilot.press(*"half typ")
        await pilot.pause()
        assert list(data.sessions.glob("*.json")) == []  # nothing saved, nothing shown saved
        text = screen_text(app)
        assert "✓ saved" not in text
        assert "Kept: saved as soon as the rubric is read" in text

        read_rubrics.set()
        await wait_for(
            pilot,
            lambda: app.screen.query_one(NotesLog).option_count > 0,
            what="the notes typed early in the log",
        )
        await settle(app)
        text = screen_text(app)
        assert "focus ^f #CFU" in text and "reading the rubric" not in text
        assert "asked why [b]twice[/b]" in text and "next one" in text
        assert "✓ saved" in text
        assert "half typ" in text  # still in the input, not saved unasked

    session = session_on_disk(data)
    assert session["teacher"] == "Jane Doe" and session["focus"] == ["CFU"]
    notes = session["notes"]
    assert isinstance(notes, list)
    assert [(n["kind"], n["tags"], n["text"], n["offset"]) for n in notes] == [
        ("strength", ["CFU"], "asked why [b]twice[/b]", 30),  # from the first keystroke
        ("plain", [], "next one", 60),
    ]


async def test_an_unknown_rubric_starts_the_drop_in_with_the_default_and_says_so(
    data: DataFolder, clock: ManualClock
) -> None:
    app = observe_app(data, clock, ObserveRequest("Ria", rubric="nope"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(
            pilot, lambda: "reading the rubric" not in screen_text(app), what="the rubric read"
        )
        await asyncio.to_thread(app.workspace.flush, 5)
        await pilot.pause()
        text = screen_text(app)
        assert "No rubric 'nope'" in text
        assert "Teach (World Bank) classroom observation" in text
    rubric = session_on_disk(data)["rubric"]
    assert isinstance(rubric, dict) and rubric["id"] == "teach"


async def test_quitting_before_the_rubric_is_read_asks_first_when_a_note_is_kept(
    data: DataFolder, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    never = threading.Event()
    monkeypatch.setattr(rubrics, "load_library", lambda folder: never.wait(5) and None)
    app = observe_app(data, clock, ObserveRequest("Jane Doe"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"kept note", "enter", "ctrl+q")
        await pilot.pause()
        assert "Quit anyway and lose it?" in screen_text(app)
        assert app.is_running
        never.set()


async def test_when_observe_cannot_start_it_says_why_and_prints_what_was_typed(
    data: DataFolder, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    go = threading.Event()

    def broken(folder: object) -> RubricLibrary:
        go.wait(timeout=10)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(rubrics, "load_library", broken)
    app = observe_app(data, clock, ObserveRequest("Jane Doe"))
    exits: list[dict[str, object]] = []
    exit_app = app.exit

    def recorded_exit(**how: Any) -> None:
        exits.append(how)
        exit_app(**how)

    monkeypatch.setattr(app, "exit", recorded_exit)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"first note", "enter", *"second")
        await pilot.pause()
        go.set()
        await wait_for(pilot, lambda: not app.is_running, what="the app to exit")
    assert app.return_code == 2
    assert exits == [
        {
            "return_code": 2,
            "message": "observer-tui: cannot start the drop-in: [Errno 5] Input/output error\n"
            "Not saved, as you typed it:\n  first note\n  second",
        }
    ]
