"""Rubrics per school in the app: import a spreadsheet, observe with it, profiles, old sessions."""

from __future__ import annotations

from pathlib import Path

import orjson
from textual.widgets import Input, Select

from observer_tui.core.clock import ManualClock
from observer_tui.core.csv_import import import_csv
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import load_profiles
from observer_tui.core.rubrics import RubricLibrary, load_library
from observer_tui.core.storage import SessionStore
from observer_tui.screens.observation import ObservationScreen
from observer_tui.screens.rubric_browser import RubricBrowserScreen
from observer_tui.screens.rubrics import RubricsScreen
from observer_tui.screens.summary import SummaryScreen
from tests.app.conftest import SIZE, make_app, open_start_form, screen_text, session_on_disk, settle
from tests.conftest import start_observation

SHEET = Path(__file__).parent.parent / "data" / "excel-utf8.csv"


async def test_import_a_csv_then_observe_and_tag_with_its_codes(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        assert isinstance(app.screen, RubricsScreen)
        await pilot.press("i", *str(SHEET), "tab", *"oak", "tab", *"Oak framework", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "oak              Oak framework" in text and "✓ 4 elements" in text
        assert "Areas: Classroom culture, Instruction" in text  # the new rubric is highlighted
        await pilot.press("enter")
        assert isinstance(app.screen, RubricBrowserScreen)
        assert "#CC.1 Routines" in screen_text(app)
        await pilot.press("escape", "escape")
        await open_start_form(pilot)
        await pilot.press(*"Ana", "tab", "tab", "enter")  # teacher, class, open the rubric list
        await pilot.press("down", "enter")  # bundled rubrics come first; oak is after teach
        await pilot.pause()
        assert app.screen.query_one("#rubric", Select).value == "oak"
        await pilot.press("tab", *"I.1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        await pilot.press(*"routines smooth #CC.1", "enter", *"grouped by need #d/v", "enter")
        await settle(app)
    saved = session_on_disk(data)
    assert saved["rubric"] == {"id": "oak", "name": "Oak framework", "version": "1"}
    assert saved["focus"] == ["I.1"]
    notes = saved["notes"]
    assert isinstance(notes, list)
    assert [(n["text"], n["tags"]) for n in notes] == [
        ("routines smooth", ["CC.1"]),
        ("grouped by need", ["D/V"]),
    ]


async def test_an_invalid_csv_shows_its_rows_in_the_dialog_and_imports_nothing(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("domain,element_code,element_name\nA,,x\n")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6", "i", *str(bad), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "bad.csv: nothing imported, 1 problem" in text
        assert "row 2, column element_code: empty code" in text
        assert isinstance(app.focused, Input)  # still in the dialog, ready to fix the path
    assert list(data.rubrics.iterdir()) == []


def write_old_session(data: DataFolder, library: RubricLibrary, clock: ManualClock) -> str:
    """A finished, debriefed drop-in with the imported 'oak' rubric; returns its id."""
    import_csv(SHEET, data.rubrics, rubric_id="oak", name="Oak framework")
    oak = load_library(data.rubrics).get("oak")
    assert oak is not None
    observation = start_observation(oak, clock, focus=("CC.1",))
    clock.advance(30)
    observation.commit(read_draft("+ calm start #CC.1", oak), clock.now())
    observation.commit(read_draft("clear model #1.1", oak), clock.now())
    observation.end()
    session = observation.session
    session = session.model_copy(
        update={"debrief": session.debrief.model_copy(update={"status": "complete"})}
    )
    SessionStore(data.sessions).save(session)
    return session.id


async def test_a_session_opens_and_summarises_after_its_rubric_file_is_deleted(
    data: DataFolder, clock: ManualClock
) -> None:
    write_old_session(data, load_library(data.rubrics), clock)
    (data.rubrics / "oak.json").unlink()
    app = make_app(data, load_library(data.rubrics), clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Oak framework v1 · focus CC.1" in text
        assert "The rubric 'oak' is no longer installed; the session keeps" in text
        assert "CC.1 Routines: 1" in text and "1.1 Modelling: 1" in text


async def test_a_session_says_its_rubric_changed_since(
    data: DataFolder, clock: ManualClock
) -> None:
    write_old_session(data, load_library(data.rubrics), clock)
    import_csv(SHEET, data.rubrics, rubric_id="oak", name="Oak framework", force=True)
    app = make_app(data, load_library(data.rubrics), clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "has changed since (version 1 then, 2 now)" in screen_text(app)


async def test_the_school_is_picked_for_a_teacher_and_sets_the_drop_in(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    profile = {
        "id": "oak",
        "name": "Oak Primary",
        "rubric": "teach",
        "duration_minutes": 20,
        "snapshot_marks": [{"start_minute": 2, "end_minute": 3}],
    }
    (data.profiles / "oak.json").write_bytes(orjson.dumps(profile))
    profiles = load_profiles(data.profiles, library.rubrics)
    app = make_app(data, library, clock, profiles=profiles)
    async with app.run_test(size=SIZE) as pilot:
        await open_start_form(pilot)
        await pilot.pause()
        school = app.screen.query_one("#profile", Select)
        await pilot.press("tab", "tab", "enter")  # teacher, class, then the school list
        await pilot.press("down", "enter")
        assert school.value == "oak"
        assert app.screen.query_one("#minutes", Input).placeholder == "20"
        await pilot.press("shift+tab", "shift+tab", *"Jane Doe", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        await pilot.press("f10", "y")
        await settle(app)
    first = session_on_disk(data)
    assert (first["profile"], first["planned_minutes"]) == ("oak", 20)
    spec = first["snapshot_spec"]
    assert isinstance(spec, dict) and spec["marks"] == [{"start_minute": 2.0, "end_minute": 3.0}]

    app = make_app(data, library, clock, profiles=profiles)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await open_start_form(pilot)
        school = app.screen.query_one("#profile", Select)
        assert school.is_blank()
        await pilot.press(*"jane doe")  # remembered from Jane's last drop-in
        await pilot.pause()
        assert school.value == "oak"


async def test_broken_files_are_counted_at_start_and_explained_on_the_rubrics_screen(
    data: DataFolder, library: RubricLibrary, clock: ManualClock
) -> None:
    (data.profiles / "elm.json").write_text('{"id": "elm", "name": "Elm", "rubric": "gone"}')
    (data.rubrics / "bad.json").write_text("{not json")
    library = load_library(data.rubrics)
    app = make_app(data, library, clock, profiles=load_profiles(data.profiles, library.rubrics))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [warning] = [n.message for n in app._notifications]
        assert warning == (
            "Skipped 2 rubric or profile files with problems: "
            "Ctrl+R (F6) in the session list shows which and why."
        )
        await pilot.press("f6", "end")
        await pilot.pause()
        text = screen_text(app)
        assert "elm.json" in text and "school  ✗ invalid" in text
        assert "• rubric: no rubric 'gone' (have: copus, drop-in, five-challenges, teach)" in text
        await pilot.press("up")
        await pilot.pause()
        assert "• not valid JSON (" in screen_text(app)
