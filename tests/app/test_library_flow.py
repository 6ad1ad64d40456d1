"""The session list (the home screen): filter, open, delete to the trash; search; the
teacher and stats views; preparing a drop-in from the last step."""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from observer_tui.app import ObserverApp
from observer_tui.core import index
from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import PreviousStep
from observer_tui.core.storage import SessionStore
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.library import LibraryScreen
from observer_tui.screens.search import SearchScreen
from observer_tui.screens.summary import SummaryScreen
from observer_tui.widgets.lazy_table import LazyTable
from tests.app.conftest import (
    SIZE,
    make_app,
    open_start_form,
    screen_text,
    sessions_on_disk,
    settle,
    wait_for,
)
from tests.conftest import drop_in


def three_sessions(data: DataFolder, teach: Rubric) -> None:
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        teacher="Ann Lee",
        notes=("asked why #CFU",),
        debrief_hours=1,
    )
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 22, 9, tzinfo=UTC),
        teacher="Ben Roy",
        notes=("cold call worked",),
    )
    drop_in(data.sessions, teach, at=datetime(2026, 11, 23, 9, tzinfo=UTC), teacher="Ann Lee")


def rows(app: ObserverApp) -> list[str]:
    """The teachers in the session list, top to bottom."""
    table = app.screen.query_one("#sessions", LazyTable)
    return [summary.teacher for _, summary in table.items.loaded()]


async def caught_up(app: ObserverApp, pilot: Pilot[None]) -> None:
    """Wait for the filter, the search lines and the list to catch up with the typing."""
    # Deliberate: the filter, search and stats wait 0.15-0.2 s after the last keystroke
    # before they start (so typing never waits on them); nothing shows that wait.
    await pilot.pause(0.25)
    await settle(app)


async def test_the_library_lists_filters_and_opens_sessions(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    three_sessions(data, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        assert isinstance(app.screen, LibraryScreen)
        assert rows(app) == ["Ann Lee", "Ben Roy", "Ann Lee"]  # newest first
        text = screen_text(app)
        assert "Sessions: 3" in text
        assert " 20 Nov 26 09:00  Ann Lee        Y8 maths  Teach …  15:30          1  done" in text
        await pilot.press(*"#cfu")
        await caught_up(app, pilot)
        assert rows(app) == ["Ann Lee"]
        assert "Sessions: 1 of 3" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "asked why" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+u", *"cold call")  # words in a note
        await caught_up(app, pilot)
        assert rows(app) == ["Ben Roy"]
        await pilot.press("ctrl+u", *"ann")
        await caught_up(app, pilot)
        assert rows(app) == ["Ann Lee", "Ann Lee"]
        await pilot.press("ctrl+u", *"nobody")
        await caught_up(app, pilot)
        assert "No session matches. Escape clears the filter." in screen_text(app)
        await pilot.press("escape")
        await caught_up(app, pilot)
        assert len(rows(app)) == 3


async def test_delete_asks_then_moves_the_file_to_the_trash(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    three_sessions(data, teach)
    before = sorted(p.name for p in data.sessions.iterdir())
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("down", "f8")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ben Roy" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert rows(app) == ["Ann Lee", "Ben Roy", "Ann Lee"]
        await pilot.press("f8", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(app) == ["Ann Lee", "Ann Lee"]
        [moved] = [n.message for n in app._notifications if "trash" in n.message]
        assert moved.startswith(f"Moved to the trash: {data.trash}")
        assert moved.endswith("Ctrl+L shows the trash, to restore it.")
    trashed = [p.name for p in data.trash.iterdir()]
    assert len(trashed) == 1 and "ben-roy" in trashed[0]
    assert sorted(p.name for p in data.sessions.iterdir()) == [
        n for n in before if n not in trashed
    ]
    assert (data.trash.stat().st_mode & 0o777) == 0o700


async def test_a_half_written_file_is_skipped_with_a_notice(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    three_sessions(data, teach)
    (data.sessions / "20261124-0900-zed-0000abcd.json").write_bytes(b'{"schema_version": 1, "id"')
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE):
        await settle(app)
        assert len(rows(app)) == 3
        [notice] = [n.message for n in app._notifications if "zed" in n.message]
        assert "not valid JSON" in notice and "left untouched" in notice


async def test_prepare_shows_the_last_step_and_the_debrief_follows_it_up(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    old = drop_in(data.sessions, teach, at=datetime(2026, 11, 12, 9, tzinfo=UTC), teacher="Ann Lee")
    debriefing = Debriefing(old, ManualClock(datetime(2026, 11, 12, 10, tzinfo=UTC)))
    debriefing.set_step(text="ask three named pupils before explaining", element="CFU")
    debriefing.set_goal(when="I finish modelling", how="I cold-call three pupils")
    debriefing.set_follow_up(date(2026, 11, 19))
    debriefing.complete()
    SessionStore(data.sessions).save(debriefing.session)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await open_start_form(pilot)
        await pilot.press(*"ann lee")
        await pilot.pause()
        shown = str(app.screen.query_one("#previous-step", Static).render())
        assert shown == (
            "Last step (12 Nov): ask three named pupils before explaining #CFU · "
            "When I finish modelling, how: I cold-call three pupils · follow-up Thu 19 Nov"
        )
        assert app.screen.query_one("#focus", Input).value == "CFU"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f10", "y")
        await pilot.pause()
        text = screen_text(app)
        assert "Last time's step: ask three named pupils" in text
        assert "before explaining · how did it go?" in text
        assert app.focused is not None and app.focused.id == "step-review"
        await pilot.press(*"did it twice, once too fast")
        await settle(app)
    new = next(s for s in sessions_on_disk(data) if s.id != old.id)
    assert new.previous is not None and new.previous.session_id == old.id
    assert new.focus == ("CFU",)
    assert new.debrief.step_review == "did it twice, once too fast"


async def test_the_teacher_view_shows_steps_follow_ups_and_what_is_noted_most(
    data: DataFolder, library: RubricLibrary, teach: Rubric
) -> None:
    clock = ManualClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    first = drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 10, 9, tzinfo=UTC),
        teacher="Ann Lee",
        notes=("+ praised effort #FB", "- rushed the recap #CFU"),
    )
    first_debriefing = Debriefing(first, clock)
    first_debriefing.set_step(text="pause after each question", element="CFU")
    SessionStore(data.sessions).save(first_debriefing.session)
    second = drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        teacher="Ann Lee",
        notes=("+ warm praise #FB",),
    )
    previous = PreviousStep(
        session_id=first.id, at=first.started_at, step="pause after each question"
    )
    debriefing = Debriefing(second.model_copy(update={"previous": previous}), clock)
    debriefing.review_step("paused, pupils answered more")
    debriefing.set_step(text="cold call three pupils")
    SessionStore(data.sessions).save(debriefing.session)
    drop_in(data.sessions, teach, at=datetime(2026, 11, 21, 9, tzinfo=UTC), teacher="Ben Roy")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("down", "f3")
        await caught_up(app, pilot)
        text = screen_text(app)
        assert "Ann Lee · 2 drop-ins · last seen 10 days ago" in text
        assert "Strengths: FB Feedback ×2" in text
        assert "Growth areas: CFU Checks for understanding ×1" in text
        lines = [line.strip() for line in text.splitlines()]
        assert lines.index("~ 20 Nov 2026  cold call three pupils") < lines.index(
            "✓ 10 Nov 2026  pause after each question #CFU"
        )
        assert "not followed up yet" in text
        assert "followed up: paused, pupils answered more" in text
        assert "Ben Roy" not in text


async def test_the_stats_view_shows_each_coach_week(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    three_sessions(data, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f5")
        await caught_up(app, pilot)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert "COACH  WEEK      DROP-INS  DEBRIEFS  DONE  MEDIAN H" in lines
        assert "Sam    2026-W47  2         1         50%   1" in lines
        assert "Sam    2026-W48  1         0         0%    -" in lines
        await pilot.press(*"sam", "tab", *"2026-11-23")  # coach, then since
        await caught_up(app, pilot)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert "Sam    2026-W47  2         1         50%   1" not in lines
        assert "Sam    2026-W48  1         0         0%    -" in lines
        await pilot.press("backspace", "tab", *"0")
        await caught_up(app, pilot)
        assert "Since: give a date as YYYY-MM-DD, e.g. 2026-09-01" in screen_text(app)


async def test_search_lists_matching_lines_and_opens_their_session(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    three_sessions(data, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f7")
        await pilot.press(*"WHY [b]")
        await caught_up(app, pilot)
        assert "No line holds all these words." in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await caught_up(app, pilot)
        text = screen_text(app)
        assert "Search: 1 line in 1 session" in text
        assert " 20 Nov 26  Ann Lee        00:30      asked why" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")  # back to the results, then to the list
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_first_index_in_worker_processes_works_under_the_app(
    data: DataFolder,
    library: RubricLibrary,
    teach: Rubric,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A big first index parses in spawned processes; under Textual (whose stderr is not a
    file) they must still start, and the list must fill, not wait forever."""
    monkeypatch.setattr(index, "POOL_FROM", 2)
    pooled = index.SessionIndex._pooled
    parsed_in_workers: list[int] = []

    def spied(self: index.SessionIndex, folder: str, files: list[tuple[str, int, int]]) -> Any:
        for batch in pooled(self, folder, files):
            parsed_in_workers.append(len(batch))
            yield batch

    monkeypatch.setattr(index.SessionIndex, "_pooled", spied)
    three_sessions(data, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.workspace.refreshed, timeout=30, what="the first index")
        await wait_for(pilot, lambda: len(rows(app)) == 3, what="three rows")
        assert "Sessions: 3" in screen_text(app)
        assert not [n for n in app._notifications if n.severity == "error"]
    assert parsed_in_workers == [3]  # by the worker processes, not read again here


async def test_a_file_rewritten_in_place_shows_at_the_full_check(
    data: DataFolder,
    library: RubricLibrary,
    teach: Rubric,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Some sync tools write into the file itself, which leaves the folder's time alone: the
    check of every file (every 30 s, here sped up) finds it, even while quick checks run."""
    from observer_tui import app as app_module

    monkeypatch.setattr(app_module, "FOLDER_CHECK_SECONDS", 0.05)
    monkeypatch.setattr(app_module, "FULL_CHECK_SECONDS", 0.15)
    three_sessions(data, teach)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(rows(app)) == 3, what="three rows")
        [ben] = [p for p in data.sessions.iterdir() if "ben-roy" in p.name]
        stamp = data.sessions.stat().st_mtime_ns
        ben.write_bytes(ben.read_bytes().replace(b'"Ben Roy"', b'"Ben Royce"'))
        os.utime(data.sessions, ns=(stamp, stamp))  # the folder's time as it was
        await wait_for(pilot, lambda: "Ben Royce" in rows(app), what="the rewritten file")


async def test_escape_codes_in_a_synced_file_show_as_symbols_never_raw(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    evil = "Evil\x1b]0;PWNED\x07\x1b[2J"
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        teacher=evil,
        notes=("a \x1b]52;c;aGk=\x07 note",),
    )
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(rows(app)) == 1, what="the row")
        assert "Evil␛]0;PWNE" in screen_text(app)
        await pilot.press("f3")
        await wait_for(pilot, lambda: "drop-in" in screen_text(app), what="the teacher view")
        assert "Evil␛]0;PWNED" in screen_text(app)
        await pilot.press("escape", "enter")
        await wait_for(pilot, lambda: "Debrief" in screen_text(app), what="the debrief")
        text = screen_text(app)
        assert "a ␛]52;c;aGk= note" in text
        assert "\x1b" not in text


async def test_until_the_index_answers_the_list_says_it_is_reading_not_empty(
    data: DataFolder,
    library: RubricLibrary,
    teach: Rubric,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    three_sessions(data, teach)
    answer = threading.Event()
    count = index.SessionIndex.count

    def slow_count(self: index.SessionIndex, query: str = "") -> int:
        answer.wait(5)
        return count(self, query)

    monkeypatch.setattr(index.SessionIndex, "count", slow_count)
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "Reading the sessions folder…" in shown and "Nothing to show" not in shown
        assert shown.splitlines()[0].strip() == "Sessions"
        answer.set()
        await settle(app)
        assert rows(app) == ["Ann Lee", "Ben Roy", "Ann Lee"]
        assert screen_text(app).splitlines()[0].strip() == "Sessions: 3"


async def test_at_120_columns_the_class_shows_whole_before_the_teacher_column_grows(
    data: DataFolder, library: RubricLibrary, clock: ManualClock, teach: Rubric
) -> None:
    for day, teacher, class_name in [
        (18, "Ann Lee", "Y8 maths · set 2, fractions"),
        (20, "Ben Roy", "Y10 chemistry (triple)"),
    ]:
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(data.sessions, teach, at=at, teacher=teacher, class_name=class_name)
    app = make_app(data, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app)
        await pilot.pause()
        text = screen_text(app)
        assert "Y8 maths · set 2, fractions " in text and "fract…" not in text
        assert "Teach (World Bank) class" in text  # the rubric has the rest
