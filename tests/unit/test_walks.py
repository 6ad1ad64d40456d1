"""Learning walks: which rooms, in which order, the walk files, and what the figures say."""

from __future__ import annotations

import contextlib
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.cli import main
from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.merge import merge
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import parse_session
from observer_tui.core.walks import (
    Room,
    WalkStore,
    load_walks,
    new_walk,
    parse_walk,
    walk_figures,
    walk_plan,
)
from tests.walking import agreed

DAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture
def three(data: DataFolder, teach: Rubric) -> list[Session]:
    """Hugo seen 9 days before Ana, Dev last; Dev's step by Jo, the rest by Sam."""
    return [
        agreed(data.sessions, teach, DAY - timedelta(days=9), "Hugo Stein", "narrate"),
        agreed(data.sessions, teach, DAY, "Ana Rivera", "ask three", profile="oak"),
        agreed(data.sessions, teach, DAY + timedelta(days=2), "Dev Patel", "wait", coach="Jo"),
    ]


def index_of(data: DataFolder) -> SessionIndex:
    index = SessionIndex.for_folder(data.sessions, data.root / "cache")
    index.refresh()
    return index


def names(rooms: list[Room]) -> list[str]:
    return [room.room.teacher for room in rooms]


def test_the_teacher_visited_longest_ago_comes_first(data: DataFolder, three: object) -> None:
    rooms, missing = walk_plan(index_of(data), [])
    assert (names(rooms), missing) == (["Hugo Stein", "Ana Rivera", "Dev Patel"], [])
    assert [r.room.step for r in rooms] == ["narrate", "ask three", "wait"]


def test_a_walk_counts_as_a_visit(data: DataFolder, three: object) -> None:
    rooms, _ = walk_plan(index_of(data), [])
    walk = new_walk([rooms[0].room], "Lee", DAY + timedelta(days=5))
    walk = walk.recorded(0, "seen", "", DAY + timedelta(days=5))
    again, _ = walk_plan(index_of(data), [walk])
    assert names(again) == ["Ana Rivera", "Dev Patel", "Hugo Stein"]
    assert again[2].last_result is not None and again[2].last_result.result == "seen"


def test_narrowed_by_coach_school_and_names(data: DataFolder, three: object) -> None:
    index = index_of(data)
    assert names(walk_plan(index, [], coach="jo")[0]) == ["Dev Patel"]
    assert names(walk_plan(index, [], profile="oak")[0]) == ["Ana Rivera"]
    rooms, missing = walk_plan(index, [], names=["stein", "PATEL", "Nobody"])
    assert names(rooms) == ["Hugo Stein", "Dev Patel"]
    assert missing == [
        "No active step for 'Nobody': no teacher of that name has a step not yet followed up"
    ]


def test_a_step_followed_up_by_a_drop_in_is_not_walked(
    data: DataFolder, teach: Rubric, three: list[Session]
) -> None:
    agreed(data.sessions, teach, DAY + timedelta(days=3), "Hugo Stein", "", follows=three[0])
    assert "Hugo Stein" not in names(walk_plan(index_of(data), [])[0])


def test_each_result_is_on_disk_private_and_never_an_older_one_over_it(
    data: DataFolder, three: object
) -> None:
    rooms, _ = walk_plan(index_of(data), [])
    walk = new_walk([r.room for r in rooms], "Lee", DAY)
    store = WalkStore(data.walks)
    first = walk.recorded(0, "partly", "  two  pupils ", DAY)
    path = store.save(first, 1)
    store.save(first.recorded(1, "seen", "", DAY), 2)
    store.save(first, 1)  # a slower worker's older value arrives late
    on_disk = json.loads(path.read_bytes())
    assert [room["result"] for room in on_disk["rooms"]] == ["partly", "seen", None]
    assert on_disk["rooms"][0]["note"] == "two pupils"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.parent == data.walks and "stein" not in path.name
    assert [p.name for p in data.walks.iterdir()] == [path.name]  # no temp file left


def test_a_broken_walk_file_is_named_and_left_as_it_is(data: DataFolder) -> None:
    data.walks.mkdir()
    broken = data.walks / "20261102-0900-walk-aaaaaaaa.json"
    broken.write_bytes(b'{"schema_version": 1, "id": "x", "rooms": [')
    walks, problems = load_walks(data.walks)
    assert walks == [] and [p.path for p in problems] == [broken]
    assert "not valid JSON" in problems[0].message
    assert broken.read_bytes() == b'{"schema_version": 1, "id": "x", "rooms": ['


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
GOOD = {
    "schema_version": 1,
    "id": "20261102-0900-walk-aaaaaaaa",
    "started_at": "2026-11-02T09:00:00Z",
    "rooms": [
        {"teacher": "Ana", "step": "s", "agreed": "2026-11-02", "session_id": "x"},
    ],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["schema_version", "id", "started_at", "rooms", "walker"]), value=JSON)
def test_a_damaged_walk_file_raises_only_value_error(key: str, value: object) -> None:
    try:
        parse_walk(json.dumps({**GOOD, key: value}).encode())
    except ValueError as error:
        assert "Traceback" not in str(error)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_as_a_walk_file_raise_only_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        parse_walk(data)


def test_walk_list_prints_the_rooms_in_order(
    data: DataFolder, three: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data.root), "walk", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines[1:]] == ["Hugo", "Ana", "Dev"]
    assert main(["--data-dir", str(data.root), "walk", "patel", "--json"]) == 0
    [room] = json.loads(capsys.readouterr().out)
    assert (room["teacher"], room["step"], room["coach"]) == ("Dev Patel", "wait", "Jo")
    assert main(["--data-dir", str(data.root), "walk", "nobody", "--list"]) == 1
    assert "No active step for 'nobody'" in capsys.readouterr().err


def test_stats_quality_counts_active_steps_seen_on_walks(
    data: DataFolder, three: object, capsys: pytest.CaptureFixture[str]
) -> None:
    rooms, _ = walk_plan(index_of(data), [])
    walk = new_walk([r.room for r in rooms], "Lee", DAY)
    walk = walk.recorded(0, "seen", "", DAY).recorded(1, "partly", "", DAY)
    WalkStore(data.walks).save(walk, 1)
    assert walk_figures(index_of(data), [walk]).line() == (
        "Active steps seen on walks: 1 of 3 (1 partly, 0 not seen, 1 not walked yet)"
    )
    assert main(["--data-dir", str(data.root), "stats", "--quality"]) == 0
    assert "Active steps seen on walks: 1 of 3" in capsys.readouterr().out
    assert main(["--data-dir", str(data.root), "stats", "--quality", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)["walks"]
    assert figures == {"active_steps": 3, "seen": 1, "partly": 1, "not_seen": 0, "not_walked": 1}


def test_the_check_in_is_kept_and_a_file_without_it_writes_as_it_was(
    data: DataFolder, teach: Rubric, three: list[Session]
) -> None:
    session = three[0]
    assert b'"asked"' not in session.to_json()
    asked = session.model_copy(update={"asked": "the back rows"})
    assert parse_session(asked.to_json()).asked == "the back rows"
    # A copy of an older version, without it, never takes it away in a merge.
    assert merge(asked, session).session.asked == "the back rows"
    assert merge(session, asked).session.asked == "the back rows"


def test_observe_asked_reaches_the_plan() -> None:
    from observer_tui.cli.arguments import observe_request, parser

    request = observe_request(parser().parse_args(["observe", "Ana", "--asked", "back  rows"]))
    assert request.asked == "back  rows"


def test_every_walk_file_in_the_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "walks"
    folder.mkdir()
    for n in range(50):
        (folder / f"20261102-0900-walk-{n:08x}.json").write_text(json.dumps(GOOD))
    walks, problems = load_walks(folder)
    assert (len(walks), problems) == (50, [])
