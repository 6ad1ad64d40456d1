"""The session list in a folder with a broken session and a named pipe: it lists the valid
sessions and says what it skipped, instead of waiting on 'reading the folder…' for ever."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.app import SKIPPED_SHOWN, ObserverApp
from observer_tui.core.clock import ManualClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.workspace import Workspace
from observer_tui.screens.library import LibraryScreen
from observer_tui.widgets.lazy_table import LazyTable
from tests.app.conftest import SIZE, make_app, screen_text, wait_for
from tests.conftest import drop_in
from tests.unit.test_bad_files import TEACHER, folder_with, mutated


def teachers(app: ObserverApp) -> list[str]:
    """The teachers in the session list, top to bottom."""
    table = app.screen.query_one("#sessions", LazyTable)
    return [summary.teacher for _, summary in table.items.loaded()]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
async def test_the_list_shows_the_valid_sessions_past_a_pipe_and_a_broken_file(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann Lee")
    drop_in(data.sessions, teach, at=datetime(2026, 11, 21, 9, tzinfo=UTC), teacher="Ben Roy")
    broken = data.sessions / "20261122-0900-zed-0000abcd.json"
    broken.write_bytes(b'{"schema_version": true, "started_at": "2026-11-22T09:00:00Z"}')
    pipe = data.sessions / "20261123-0900-pipe-0000abcd.json"
    os.mkfifo(pipe)
    app = make_app(data, library, clock)
    try:
        async with app.run_test(size=SIZE):
            await wait_for(app, lambda: len(teachers(app)) == 2, what="the two valid sessions")
            assert isinstance(app.screen, LibraryScreen)
            assert teachers(app) == ["Ben Roy", "Ann Lee"]
            assert "reading the folder" not in screen_text(app)
            notices = [n.message for n in app._notifications]
            assert f"{pipe}: cannot read: a named pipe, not a file" in notices
            assert any(
                str(broken) in n and "schema_version must be a whole number" in n for n in notices
            )
    finally:
        # Were the pipe opened for reading, this releases the reader (and the test fails).
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    assert broken.read_bytes().startswith(b'{"schema_version": true')


async def test_many_skipped_files_are_counted_in_one_notice(
    data: DataFolder, library: RubricLibrary, teach: Rubric, clock: ManualClock
) -> None:
    drop_in(data.sessions, teach, at=datetime(2026, 11, 20, 9, tzinfo=UTC), teacher="Ann Lee")
    for n in range(SKIPPED_SHOWN + 5):
        (data.sessions / f"20261122-0900-bad-{n:08d}.json").write_bytes(b"{")
    app = make_app(data, library, clock)
    async with app.run_test(size=SIZE):
        await wait_for(app, lambda: teachers(app) == ["Ann Lee"], what="the valid session")
        await wait_for(app, lambda: len(app._notifications) > SKIPPED_SHOWN, what="notices")
        skipped = [n.message for n in app._notifications if "bad-" in n.message]
        assert len(skipped) == SKIPPED_SHOWN
        assert any(
            n.message == "And 5 more session files skipped: observer-tui sessions list names "
            "each and why."
            for n in app._notifications
        )


KINDS = ("session", "rubric", "profile", "bank", "walk")


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(KINDS).flatmap(lambda kind: st.tuples(st.just(kind), mutated(kind))))
def test_the_app_starts_and_opens_a_session_past_any_damaged_file(
    damaged: tuple[str, bytes],
) -> None:
    """The app as `observer-tui` starts it, over a folder holding one damaged file of any
    kind: the valid session is listed and opens, and the damaged file is left as it was."""
    kind, content = damaged
    with tempfile.TemporaryDirectory() as root:
        data, path = folder_with(Path(root) / "d", kind, content)
        workspace = Workspace(data, coach="Sam", cache=Path(root) / "cache")
        workspace.read_rubrics()
        asyncio.run(open_the_valid_session(ObserverApp(workspace)))
        assert path.read_bytes() == content


async def open_the_valid_session(app: ObserverApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: TEACHER in teachers(app), what="the valid session")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LibraryScreen), what="it open")
