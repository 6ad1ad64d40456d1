"""Every main screen at 80x24 against a folder whose files hold escape codes: no raw ESC,
BEL, C1 or bidi control on screen (the rendered strips and the SVG snapshot's text), a
name's line break shown as ⏎ so no list row is split in two, and the app's export is the
teacher's copy."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from observer_tui.app import ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.workspace import Workspace
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.debrief import DebriefScreen
from observer_tui.screens.droughts import DroughtsScreen
from observer_tui.screens.edit_note import EditNoteScreen
from observer_tui.screens.goal_state import GoalStateScreen
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.notes import NotesScreen
from observer_tui.screens.observation import ObservationScreen
from observer_tui.screens.quality import QualityScreen
from observer_tui.screens.rubric_browser import RubricBrowserScreen
from observer_tui.screens.rubrics import RubricsScreen
from observer_tui.screens.search import SearchScreen
from observer_tui.screens.start import StartScreen
from observer_tui.screens.stats import StatsScreen
from observer_tui.screens.step_picker import StepPickerScreen
from observer_tui.screens.summary import SummaryScreen
from observer_tui.screens.teacher import TeacherScreen
from observer_tui.screens.trash import TrashScreen
from observer_tui.screens.walk import WalkScreen
from tests.app.conftest import SIZE, screen_text, wait_for
from tests.hostile import WORD, hostile_folder, raw_controls

NAME = "Ann⏎Lee␛[31m"
"""How the hostile teacher's name starts on screen: the line break a mark, ESC a symbol."""


def no_split_name(text: str) -> None:
    """The name's line break never starts a new line of the screen."""
    assert not any(line.lstrip().startswith("Lee␛") for line in text.splitlines()), text


async def look(pilot: Pilot[None], screen: type, ready: Callable[[str], bool], what: str) -> str:
    """Wait for `screen` showing what `ready` expects; check the screen and its SVG."""
    app = pilot.app
    assert isinstance(app, ObserverApp)
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, screen) and ready(screen_text(app)),
        what=what,
    )
    await pilot.pause()
    text = screen_text(app)
    assert raw_controls(text) == [], (what, text)
    assert raw_controls(app.export_screenshot()) == [], what
    no_split_name(text)
    return text


async def test_no_screen_shows_a_raw_escape_code_or_splits_a_row(
    tmp_path: Path, clock: ManualClock
) -> None:
    hostile = hostile_folder(tmp_path / "hostile")
    workspace = Workspace(hostile.data, coach="Sam Coach", clock=clock, retry_seconds=0.05)
    workspace.read_rubrics()  # the hostile rubric and school profile, as the app reads them
    app = ObserverApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        # The unfinished observation is offered first, its teacher's name in the question.
        text = await look(pilot, ConfirmScreen, lambda t: NAME in t, "the resume question")
        await pilot.press("n")

        text = await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list")
        rows = [line for line in text.splitlines() if " Jan 20 " in line]
        assert len(rows) == 3 and all(NAME in row and "Y8⏎␛[31" in row for row in rows)

        await pilot.press("f7", *WORD)
        text = await look(pilot, SearchScreen, lambda t: "14 lines" in t, "the search")
        rows = [line for line in text.splitlines() if " Jan 20 " in line]
        assert len(rows) == 14 and all("Ann⏎Lee" in row for row in rows)
        await pilot.press("escape")

        await pilot.press("f5")
        text = await look(pilot, StatsScreen, lambda t: "Not seen in" in t, "the stats")
        assert any(line.startswith(f"   {NAME}") for line in text.splitlines())
        await pilot.press("escape")

        await pilot.press("f6")
        text = await look(pilot, RubricsScreen, lambda t: "hostile" in t, "the rubrics")
        [row] = [line for line in text.splitlines() if line.startswith("hostile ")]
        assert "Rubric ␛[31m" in row and "✓ 3 elements" in row
        for _ in range(4):  # down to the broken file, then the hostile rubric
            await pilot.press("down")
            await look(pilot, RubricsScreen, lambda t: True, "a rubric's details")
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("f3")
        text = await look(pilot, TeacherScreen, lambda t: "3 drop-ins" in t, "the teacher")
        assert text.splitlines()[0].startswith(f" {NAME}")
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("enter")
        text = await look(pilot, SummaryScreen, lambda t: "Debrief: done" in t, "summary")
        assert text.startswith(NAME)
        await pilot.press("c")
        exported = hostile.data.root / "exports" / f"{hostile.complete.id}.csv"
        await wait_for(pilot, exported.exists, what="the CSV export")
        await look(pilot, SummaryScreen, lambda t: True, "the summary with its toast")
        table = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
        assert len(table) == 4 and not any("SECRET" in cell for row in table for cell in row)
        assert raw_controls(exported.read_text(encoding="utf-8-sig")) == []
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("down", "enter")
        text = await look(pilot, DebriefScreen, lambda t: "Prompt" in t, "the debrief")
        assert f"Debrief · {NAME}" in text and "• Prompt" in text
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("f2")
        await look(pilot, StartScreen, lambda t: "New drop-in" in t, "the new drop-in form")
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("down", "enter")
        text = await look(
            pilot, ObservationScreen, lambda t: "zebrafish note 0" in t, "the observation"
        )
        assert text.splitlines()[0].startswith(f" {NAME}")
        assert "Area⏎␛[31m" in text and "★E␛[31m" in text  # the rubric panel


async def test_the_other_screens_and_dialogs_show_no_raw_escape_code(
    tmp_path: Path, clock: ManualClock
) -> None:
    """The walk, quality, droughts, trash and rubric screens, the notes log and its edit
    dialog, and the debrief's step bank and goal dialogs, over the same hostile folder
    (its step bank and walk included)."""
    hostile = hostile_folder(tmp_path / "hostile")
    hostile.data.trash.mkdir(exist_ok=True)
    trashed = hostile.data.trash / f"{hostile.observed.id}.json"
    trashed.write_bytes((hostile.data.sessions / f"{hostile.observed.id}.json").read_bytes())
    workspace = Workspace(hostile.data, coach="Sam Coach", clock=clock, retry_seconds=0.05)
    workspace.read_rubrics()
    app = ObserverApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await look(pilot, ConfirmScreen, lambda t: NAME in t, "the resume question")
        await pilot.press("n")
        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list")

        await pilot.press("f11")
        await look(pilot, WalkScreen, lambda t: "Ann⏎Lee" in t, "the walk")
        await pilot.press("escape")
        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")

        await pilot.press("f5")
        await look(pilot, StatsScreen, lambda t: "Not seen in" in t, "the stats")
        await pilot.press("f3")
        await look(pilot, QualityScreen, lambda t: "Coach ␛[31m" in t, "the quality")
        await pilot.press("escape")
        await look(pilot, StatsScreen, lambda t: "Not seen in" in t, "the stats again")
        await pilot.press("f4")
        await look(pilot, DroughtsScreen, lambda t: "Ann⏎Lee" in t, "the droughts")
        await pilot.press("escape")
        await look(pilot, StatsScreen, lambda t: True, "the stats again")
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("f9")
        await look(pilot, TrashScreen, lambda t: "Ann⏎Lee" in t, "the trash")
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("f6")
        await look(pilot, RubricsScreen, lambda t: "hostile" in t, "the rubrics")
        await pilot.press(*["down"] * 5)  # past the bundled rubrics and the broken file
        await pilot.press("enter")
        await look(pilot, RubricBrowserScreen, lambda t: "• Look" in t, "a rubric")
        await pilot.press("escape")
        await look(pilot, RubricsScreen, lambda t: True, "the rubrics again")
        await pilot.press("escape")

        await look(pilot, LibraryScreen, lambda t: t.count(NAME) == 3, "the list again")
        await pilot.press("down", "down", "enter")  # the oldest: still observing
        await look(pilot, ObservationScreen, lambda t: "zebrafish note 0" in t, "observing")
        await pilot.press("f8", "e")  # into the notes log, and edit the newest note
        await look(pilot, EditNoteScreen, lambda t: "zebrafish" in t, "the edit dialog")
        await pilot.press("escape")
        await look(pilot, ObservationScreen, lambda t: True, "observing again")
        await pilot.press("f10")  # end the observation: on to its debrief
        await look(pilot, ConfirmScreen, lambda t: "End" in t, "the end question")
        await pilot.press("y")
        await look(pilot, DebriefScreen, lambda t: "Prompt" in t, "the debrief")
        await pilot.press("ctrl+s")
        await look(pilot, NotesScreen, lambda t: "zebrafish note 0" in t, "the notes to correct")
        await pilot.press("escape")
        await look(pilot, DebriefScreen, lambda t: True, "the debrief again")
        await pilot.press("f3", "f3", "f3")
        await look(pilot, DebriefScreen, lambda t: "Goal (over weeks)" in t, "the next step")
        await pilot.press("f6")
        await look(pilot, StepPickerScreen, lambda t: "Cues: Cue" in t, "the step bank")
        await pilot.press("escape")
        await look(pilot, DebriefScreen, lambda t: True, "the next step again")
        await pilot.press("f11")
        await look(pilot, GoalStateScreen, lambda t: True, "the goal's state")
        await pilot.press("escape")
        await look(pilot, DebriefScreen, lambda t: True, "the next step again")
