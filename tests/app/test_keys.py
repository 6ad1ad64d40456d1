"""Keys for every keyboard: each F-key action also runs from a key that needs no Fn, and a
keymap file in the coach's config folder changes keys (never the data folder)."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.observation import ObservationScreen
from observer_tui.screens.start import StartScreen
from tests.app.conftest import SIZE, make_app, screen_text, settle, wait_for
from tests.conftest import drop_in

# (screen, the no-Fn key, the F-key it stands for): the same key press, the same screen.
PAIRS = [
    ("library", "ctrl+g", "f1"),
    ("library", "ctrl+n", "f2"),
    ("library", "ctrl+t", "f3"),
    ("library", "ctrl+o", "f4"),
    ("library", "ctrl+s", "f5"),
    ("library", "ctrl+r", "f6"),
    ("library", "ctrl+f", "f7"),
    ("library", "ctrl+b", "f8"),
    ("start", "ctrl+g", "f1"),
    ("start", "ctrl+r", "f6"),
    ("observation", "ctrl+g", "f1"),
    ("observation", "ctrl+t", "f2"),
    ("observation", "ctrl+f", "f3"),
    ("observation", "ctrl+o", "f4"),
    ("observation", "ctrl+r", "f6"),
    ("observation", "ctrl+n", "f8"),
    ("observation", "ctrl+b", "f9"),
    ("observation", "ctrl+l", "f10"),
    ("debrief", "ctrl+g", "f1"),
    ("debrief", "ctrl+b", "f2"),
    ("debrief", "ctrl+n", "f3"),
    ("debrief", "ctrl+f", "f8"),
    ("debrief", "ctrl+o", "f9"),
    ("debrief", "ctrl+l", "f10"),
    ("debrief", "ctrl+s", "f5"),
    ("debrief", "ctrl+t", "f7"),
    ("library", "ctrl+l", "f9"),
    # The leader: Ctrl+G (help), then the F-key's number.
    ("library", "ctrl+g 2", "f2"),
    ("observation", "ctrl+g 7", "f7"),
    ("observation", "ctrl+g 9", "f9"),
    ("debrief", "ctrl+g 0", "f10"),
    # Then a letter, for keys a laptop lacks (Insert, F11 and F12 need Fn on most).
    ("library", "ctrl+g m", "insert"),
    ("library", "ctrl+g d", "f12"),
    ("library", "ctrl+g w", "f11"),
]


def app_on(
    screen: str, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> ObserverApp:
    """An app that `reach` takes to `screen`."""
    teach = library.get("teach")
    assert teach is not None
    if screen in ("library", "start"):
        at = datetime(2026, 11, 18, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher="Ann Lee", notes=("Asked three pupils",))
        return make_app(data, library, clock)
    plan = ObservationPlan("Jane Doe", "Y8", teach, ["CFU", "FB"], 15)
    return make_app(data, library, clock, plan)


async def reach(screen: str, pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, ObserverApp)
    await settle(app)
    if screen == "start":
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen), what="the form")
    elif screen == "observation":  # a note in the log, and one being typed
        await pilot.press(*"Pupils pair up", "enter", *"Asked why")
    elif screen == "debrief":  # on the second stage, so there is a stage to go back to
        await pilot.press(*"Pupils pair up", "enter", "f10", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="the debrief")
        await pilot.press("f3")
    await settle(app)


def seen(app: ObserverApp, data: DataFolder) -> str:
    """What a coach can see: the screen, and the files in the data folder (an export)."""
    files = sorted(
        str(p.relative_to(data.root)) for p in data.root.rglob("*") if "open" not in p.parts
    )
    focused = f"focus: {type(app.focused).__name__}"  # the notes log shows focus by colour
    text = "\n".join((screen_text(app), focused, *files))
    return re.sub(r"-[0-9a-f]{8}\b", "-ID", text)


async def after(
    keys: tuple[str, ...], screen: str, data: DataFolder, library: RubricLibrary
) -> tuple[str, str]:
    """What is seen before and after pressing `keys` on `screen`, in a fresh app."""
    app = app_on(screen, data, library, ManualClock(datetime(2026, 11, 20, 10, tzinfo=UTC)))
    async with app.run_test(size=SIZE) as pilot:
        await reach(screen, pilot)
        before = seen(app, data)
        await pilot.press(*keys)
        await settle(app)
        return before, seen(app, data)


@pytest.mark.parametrize(("screen", "no_fn", "f_key"), PAIRS)
async def test_each_f_key_action_has_a_key_that_needs_no_fn(
    screen: str,
    no_fn: str,
    f_key: str,
    data: DataFolder,
    library: RubricLibrary,
) -> None:
    before, by_f_key = await after((f_key,), screen, data, library)
    assert by_f_key != before, f"{f_key} shows nothing new on {screen}: nothing to compare"
    shutil.rmtree(data.root)  # the same folder again, so paths on screen are the same
    data.create()
    _, by_no_fn = await after(tuple(no_fn.split()), screen, data, library)
    assert by_no_fn == by_f_key


def footer_line(app: ObserverApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_footer_shows_keys_that_need_no_fn(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_on("observation", data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await reach("observation", pilot)
        footer = footer_line(app)
        for shown in ("^g Help", "^t Kind", "^n Notes", "^b Pause", "^l End", "^p palette"):
            assert shown in footer


def write_keymap(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "keymap.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def keyed_app(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, keymap: Path
) -> ObserverApp:
    app = app_on("observation", data, library, clock)
    app._keymap_file = keymap  # as `observer-tui` passes the config folder's file
    return app


async def test_a_keymap_file_changes_keys_in_the_footer_help_and_what_they_do(
    tmp_path: Path, data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    # A swap: Pause takes Kind's Ctrl+T, Kind takes Pause's Ctrl+B; F9 stays Pause's.
    keymap = write_keymap(tmp_path, '[observation]\npause = "ctrl+t,f9"\nkind = "ctrl+b"\n')
    written = keymap.read_bytes()
    app = keyed_app(data, library, clock, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await reach("observation", pilot)
        await wait_for(pilot, lambda: "^t Pause" in footer_line(app), what="^t in the footer")
        assert "^b Kind" in footer_line(app)
        assert "^b Pause" not in footer_line(app)
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        await pilot.press("ctrl+b")  # Pause's old key: now the kind, no longer a pause
        await settle(app)
        assert not screen.observation.timer().paused
        assert "strength" in screen_text(app).lower()
        await pilot.press("ctrl+t")
        await settle(app)
        assert screen.observation.timer().paused
        await pilot.press("f9")  # the F-key the file kept
        await settle(app)
        assert not screen.observation.timer().paused
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        help_text = screen_text(app)
        assert re.search(r"Ctrl\+T F9 +Pause or resume", help_text)
        assert re.search(r"Ctrl\+B +Next kind", help_text)
    assert keymap.read_bytes() == written  # the coach's file is only read
    assert not any(p.name == "keymap.toml" for p in data.root.rglob("*"))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[observation]\npause = "ctrl+pasue"\n', "observation.pause: 'ctrl+pasue' is not a key"),
        ('[observation]\npawse = "ctrl+y"\n', "observation.pawse: no such command"),
        ('[observation]\npause = "ctrl+t"\n', "observation.pause: Ctrl+T is already"),
        ('[observation]\npause = "p"\n', "observation.pause: 'p' would be typed"),
        ('[observation]\npause = "ctrl+y"\n', "observation.pause: 'ctrl+y' edits the text"),
        ('[observation]\npause = ["ctrl+y", 3]\n', "observation.pause: give the keys as"),
        ("[observation\npause = 'ctrl+y'\n", "not a TOML file"),
    ],
)
async def test_a_broken_keymap_warns_once_and_keeps_the_default_keys(
    text: str,
    named: str,
    tmp_path: Path,
    data: DataFolder,
    library: RubricLibrary,
    clock: ManualClock,
) -> None:
    keymap = write_keymap(tmp_path, text)
    app = keyed_app(data, library, clock, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await reach("observation", pilot)
        await wait_for(
            pilot,
            lambda: any(n.title == "Keys" for n in app._notifications),
            what="the keymap warning",
        )
        warnings = [n for n in app._notifications if n.title == "Keys"]
        assert len(warnings) == 1
        assert str(keymap) in warnings[0].message
        assert named in warnings[0].message
        assert "^b Pause" in footer_line(app)  # the default stays
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        await pilot.press("ctrl+b")
        await settle(app)
        assert screen.observation.timer().paused


async def test_the_leader_key_resumes_while_paused_as_f9_does(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_on("observation", data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await reach("observation", pilot)
        screen = app.screen
        assert isinstance(screen, ObservationScreen)
        await pilot.press("ctrl+g", "9")
        await settle(app)
        assert screen.observation.timer().paused
        assert "^b Resume" in footer_line(app)
        await pilot.press("ctrl+g")
        await settle(app)
        assert "Ctrl+G 1…0" in screen_text(app)  # the help says how the leader works
        assert "F7 or Ctrl+G 7" in screen_text(app)  # and names it for an F-key alone
        await pilot.press("9")
        await settle(app)
        assert not screen.observation.timer().paused
        assert isinstance(app.screen, ObservationScreen)


async def test_help_names_every_key_as_it_is_read_and_the_leaders_letters(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_on("library", data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await reach("library", pilot)
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        shown = screen_text(app)
        assert re.search(r"Insert or Ctrl\+G M +Mark or unmark", shown)
        assert re.search(r"F12 or Ctrl\+G D +Teachers due", shown)
        assert re.search(r"Ctrl\+\] F11 or Ctrl\+G W +A learning walk", shown)
        assert "Right_square_bracket" not in shown
        assert all(len(line.rstrip()) <= 80 for line in shown.splitlines())


def burst(app: ObserverApp, keys: list[str]) -> None:
    """Keys as a terminal hands over text typed fast or pasted: all at once, each taken in
    only after the last has been handed over."""
    for key in keys:
        character = {"tab": "\t"}.get(key, key)
        app.post_message(events.Key(key, character))


async def test_a_tab_typed_fast_after_a_name_moves_on_at_once(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = app_on("start", data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await reach("start", pilot)
        burst(app, [*"Maria Rivera".replace(" ", "-"), "tab", *"Y7"])
        await settle(app)
        form = app.screen
        assert isinstance(form, StartScreen)
        assert form.query_one("#teacher", Input).value == "Maria-Rivera"
        assert form.query_one("#class-name", Input).value == "Y7"
