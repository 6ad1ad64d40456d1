"""The SQLite session index: what a coach sees in the list, the filter, search and figures."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.core import index as index_module
from observer_tui.core.index import INDEX_VERSION, Line, LineKind, SessionIndex, SessionSummary
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.stats import NotSeen, Stats, WeekRow, completion_stats
from observer_tui.core.storage import SessionStore, read_session, write_atomic
from observer_tui.core.teacher import indexed_teacher_history, teacher_history
from tests.conftest import drop_in

BROKEN = "20261124-0900-zed-0000abcd.json"
"""The fixture's file that is not a whole session."""


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path, teach: Rubric) -> Path:
    """Five sessions with known teachers, notes and debriefs, and one broken file."""
    sessions = tmp_path / "sessions"
    drop_in(sessions, teach, at=at(16), teacher="Ann", debrief_hours=2, notes=("café talk",))
    drop_in(sessions, teach, at=at(17), teacher="Ben", debrief_hours=4, notes=("asked why #CFU",))
    drop_in(sessions, teach, at=at(18), teacher="ANN", notes=("cold call", "wait time"))
    drop_in(sessions, teach, at=at(19), teacher="Dee", coach="Ria", debrief_hours=24)
    drop_in(sessions, teach, at=datetime(2026, 10, 1, 9, tzinfo=UTC), teacher="Eve")
    (sessions / BROKEN).write_text('{"schema_version": 1, "sta')
    return sessions


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def index(folder: Path, cache: Path) -> SessionIndex:
    found = SessionIndex.for_folder(folder, cache)
    found.refresh()
    return found


def teachers(index: SessionIndex, query: str = "") -> list[str]:
    return [s.teacher for s in index.page(0, 100, query)]


def summaries_of(folder: Path) -> list[SessionSummary]:
    """Every session file's summary, read straight from the fixture's files (all but the
    broken one), newest first: what the index must list."""
    found = [
        SessionSummary.of(read_session(path), path.name)
        for path in folder.glob("*.json")
        if path.name != BROKEN
    ]
    return sorted(found, key=lambda s: (-s.started_at.timestamp(), s.id))


def stats_of(
    summaries: Iterable[SessionSummary],
    *,
    today: date,
    since: date | None = None,
    coach: str | None = None,
    days: int = 21,
) -> Stats:
    """The completion figures computed in Python from summaries newest first: the oracle
    for `completion_stats`, which asks SQLite."""
    chosen = [
        s
        for s in summaries
        if (coach is None or s.coach.casefold() == coach.casefold())
        and (since is None or s.started_at.date() >= since)
    ]
    groups: dict[tuple[str, str], list[SessionSummary]] = {}
    for summary in chosen:
        if summary.status == "observed":
            year, number, _ = summary.started_at.isocalendar()
            groups.setdefault((summary.coach, f"{year}-W{number:02d}"), []).append(summary)
    weeks: list[WeekRow] = []
    for (name, week), group in sorted(
        groups.items(), key=lambda item: (item[0][0].casefold(), item[0][1])
    ):
        done = [s for s in group if s.debrief == "complete"]
        hours = [
            (s.debriefed_at - (s.ended_at or s.started_at)).total_seconds() / 3600
            for s in done
            if s.debriefed_at is not None
        ]
        weeks.append(
            WeekRow(
                coach=name,
                week=week,
                drop_ins=len(group),
                debriefs=len(done),
                completion=round(len(done) / len(group), 3),
                median_hours=round(statistics.median(hours), 1) if hours else None,
            )
        )
    last: dict[str, tuple[str, date]] = {}
    for summary in chosen:
        if not summary.teacher.strip():
            continue
        key = summary.teacher.strip().casefold()
        seen = summary.started_at.date()
        if key not in last or seen > last[key][1]:
            last[key] = (summary.teacher.strip(), seen)
    cutoff = today - timedelta(days=days)
    not_seen = sorted(
        (NotSeen(name, seen, (today - seen).days) for name, seen in last.values() if seen < cutoff),
        key=lambda row: (-row.days, row.teacher.casefold()),
    )
    return Stats(weeks, not_seen, days)


def test_the_list_is_newest_first_and_the_broken_file_is_a_problem(
    folder: Path, cache: Path
) -> None:
    found = SessionIndex.for_folder(folder, cache)
    result = found.refresh()
    assert result.read == 6 and len(result.changed) == 5 and result.removed == []
    assert [p.path.name for p in result.problems] == [BROKEN]
    assert result.problems[0].message.startswith("not valid JSON")
    assert teachers(found) == ["Dee", "ANN", "Ben", "Ann", "Eve"]
    assert found.count() == 5
    assert [s.teacher for s in found.page(1, 2)] == ["ANN", "Ben"]
    assert not any(p.name.endswith(".sqlite3") for p in folder.iterdir())
    assert list(cache.glob("index-*.sqlite3"))


def test_an_unchanged_folder_is_not_read_again_but_a_changed_file_is(
    index: SessionIndex, folder: Path, teach: Rubric
) -> None:
    again = index.refresh()
    assert (again.read, again.changed, again.removed) == (0, [], [])
    assert [p.path.name for p in again.problems] == [BROKEN]
    newest = drop_in(folder, teach, at=at(24), teacher="Fay")
    added = index.refresh()
    assert (added.read, added.changed) == (1, [newest.id])
    assert teachers(index)[0] == "Fay"
    (folder / f"{newest.id}.json").unlink()
    gone = index.refresh()
    assert gone.removed == [newest.id] and index.get(newest.id) is None
    assert teachers(index)[0] == "Dee"


def test_a_file_replaced_by_mv_shows_the_new_summary(
    index: SessionIndex, folder: Path, teach: Rubric, tmp_path: Path
) -> None:
    [dee] = index.teacher("dee")
    session = SessionStore(folder).read(folder / dee.file)
    session = session.model_copy(update={"teacher": "Dee Okafor"})
    elsewhere = tmp_path / "new.json"
    elsewhere.write_bytes(session.to_json())
    os.replace(elsewhere, folder / dee.file)
    result = index.refresh()
    assert result.changed == [dee.id]
    assert index.get(dee.id) is not None and index.get(dee.id).teacher == "Dee Okafor"  # type: ignore[union-attr]
    assert index.teacher("dee") == [] and len(index.teacher("DEE OKAFOR")) == 1


def test_conflict_copies_are_reported_not_listed(
    index: SessionIndex, folder: Path, teach: Rubric
) -> None:
    [ben] = index.teacher("Ben")
    copy = folder / f"{ben.id} (Ria's conflicted copy 2026-11-24).json"
    shutil.copy(folder / ben.file, copy)
    result = index.refresh()
    assert index.count() == 5 and index.file_of(ben.id) == folder / ben.file
    [problem] = [p for p in result.problems if p.path == copy]
    assert problem.message.startswith(f"a copy of {ben.file} (same session)")
    assert index.refresh().read == 0  # the copy is not read again
    assert [p.path for p in index.refresh().problems if p.path == copy] == [copy]
    # The original goes: the copy is the session's only file now, and is listed.
    (folder / ben.file).unlink()
    index.refresh()
    assert index.file_of(ben.id) == copy


def test_a_copy_never_hides_the_original_that_arrives_after_it(
    tmp_path: Path, teach: Rubric, cache: Path
) -> None:
    folder = tmp_path / "sessions"
    session = drop_in(folder, teach, at=at(23), teacher="Ann")
    original = folder / f"{session.id}.json"
    laptop = folder / f"{session.id}-LAPTOP.json"
    os.replace(original, laptop)
    found = SessionIndex.for_folder(folder, cache)
    found.refresh()
    assert found.file_of(session.id) == laptop
    shutil.copy(laptop, original)
    result = found.refresh()
    assert found.file_of(session.id) == original and found.count() == 1
    assert [p.path for p in result.problems] == [laptop]


def test_a_copy_found_with_its_original_never_hides_it(
    tmp_path: Path, teach: Rubric, cache: Path
) -> None:
    folder = tmp_path / "sessions"
    session = drop_in(folder, teach, at=at(23), teacher="Ann")
    # '-' sorts before '.': the copy's name comes first.
    shutil.copy(folder / f"{session.id}.json", folder / f"{session.id}-LAPTOP.json")
    found = SessionIndex.for_folder(folder, cache)
    result = found.refresh()
    assert [s.file for s in found.summaries()] == [f"{session.id}.json"]
    assert [p.path.name for p in result.problems] == [f"{session.id}-LAPTOP.json"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"\x00garbage, not a database" * 100),
        lambda path: sqlite3.connect(path).execute(f"PRAGMA user_version = {INDEX_VERSION + 1}"),
        lambda path: path.unlink(),
    ],
    ids=["corrupt", "other version", "missing"],
)
def test_a_damaged_index_is_rebuilt_with_the_same_answers(
    index: SessionIndex, folder: Path, cache: Path, damage: object
) -> None:
    before = list(index.summaries())
    database = index.database
    index.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    damage(database)  # type: ignore[operator]
    rebuilt = SessionIndex.for_folder(folder, cache)
    assert rebuilt.refresh().read == 6
    assert list(rebuilt.summaries()) == before


def test_an_index_of_another_folder_is_not_used(
    index: SessionIndex, folder: Path, tmp_path: Path
) -> None:
    database = index.database
    index.close()
    other = SessionIndex(tmp_path / "elsewhere", database)
    assert other.refresh().read == 0 and other.count() == 0


def test_a_read_only_cache_folder_falls_back_to_a_private_temp_database(
    folder: Path, tmp_path: Path
) -> None:
    # A file where the cache folder's parent should be: no folder can be made there, even
    # by root, for whom a read-only folder is not read-only.
    blocked = tmp_path / "blocked"
    blocked.write_text("")
    found = SessionIndex.for_folder(folder, blocked / "cache")
    assert found.refresh().read == 6 and found.count() == 5
    assert not found.database.is_relative_to(blocked)
    found.close()
    assert not found.database.exists()


def test_the_same_summaries_as_reading_the_files(index: SessionIndex, folder: Path) -> None:
    expected = summaries_of(folder)
    assert len(expected) == 5
    assert list(index.summaries()) == expected


def test_the_filter_matches_word_prefixes_accents_and_tags(index: SessionIndex) -> None:
    assert teachers(index, "ANN") == ["ANN", "Ann"]
    assert teachers(index, "cafe") == ["Ann"]  # 'café talk'
    assert teachers(index, "CAFÉ ann") == ["Ann"]
    assert teachers(index, "#CFU") == ["Ben"]
    assert teachers(index, "#cfu") == ["Ben"]
    assert teachers(index, "#cf") == []  # a code is matched whole
    assert teachers(index, "cf") == ["Ben"]  # a plain word still matches the tag's text
    assert teachers(index, "why ben") == ["Ben"]  # a line and the teacher together
    assert teachers(index, "wait call") == ["ANN"]  # two lines of one session
    assert teachers(index, "why ann") == []
    assert index.count("ann") == 2 and index.count("nobody") == 0
    assert teachers(index, "Teach") == teachers(index)  # the rubric's name


def test_search_finds_lines_holding_every_word(index: SessionIndex) -> None:
    [hit] = index.search("ASKED wh")
    assert (hit.summary.teacher, hit.line) == (
        "Ben",
        Line(LineKind.NOTE, "asked why", 30.0, tags=("CFU",)),
    )
    assert list(index.search("cold time")) == []  # two lines, not one
    assert [h.line.text for h in index.search("cafe")] == ["café talk"]
    assert [h.line.text for h in index.search("t")] == ["wait time", "café talk"]
    assert [h.line.text for h in index.search("t", limit=1)] == ["wait time"]
    assert [h.line.kind for h in index.search("when")] == []


def test_search_follows_the_files_added_and_changed_since_the_last_refresh(
    index: SessionIndex, folder: Path, teach: Rubric
) -> None:
    newest = drop_in(folder, teach, at=at(24), teacher="Fay", notes=("modelled the method",))
    [ann] = index.search("café")
    session = read_session(folder / ann.summary.file)
    [note] = session.notes
    retold = note.model_copy(update={"text": "coffee talk"})
    SessionStore(folder).save(session.model_copy(update={"notes": (retold,)}))
    index.refresh()
    assert [(h.summary.id, h.line.text) for h in index.search("modelled")] == [
        (newest.id, "modelled the method")
    ]
    assert list(index.search("café")) == []
    assert [(h.summary.id, h.line.text) for h in index.search("coffee")] == [
        (ann.summary.id, "coffee talk")
    ]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "AND",
        "OR NOT",
        "(",
        ")",
        "NEAR(a b)",
        "-x",
        ":",
        "a:b",
        "body:x",
        "^",
        "",
        "   ",
        "💡",
        "'",
        '"ann"',
        "ann*",
        "{meta}: ann",
        "#",
        "##",
        "¿",
        "ann -",
    ],
)
def test_hostile_queries_never_raise(index: SessionIndex, query: str) -> None:
    count = index.count(query)
    assert count == len(index.page(0, 100, query))
    list(index.search(query))


def test_a_query_of_punctuation_filters_nothing_and_finds_nothing(index: SessionIndex) -> None:
    assert index.count('" * ( - :') == 5
    assert list(index.search('" * ( - :')) == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=30))
def test_any_query_is_answered_and_count_agrees_with_page(index: SessionIndex, query: str) -> None:
    assert index.count(query) == len(index.page(0, 10**9, query))
    for hit in index.search(query):
        assert isinstance(hit.line.text, str)


def test_put_updates_one_row_without_reading_the_folder(
    index: SessionIndex, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [ben] = index.teacher("ben")
    session = SessionStore(folder).read(folder / ben.file)
    session = session.model_copy(update={"class_name": "Y9 history"})
    SessionStore(folder).save(session)
    index.put(session)
    assert index.get(ben.id).class_name == "Y9 history"  # type: ignore[union-attr]
    assert teachers(index, "history") == ["Ben"] and index.count() == 5
    assert index.refresh().read == 0  # the saved file is current


def test_put_of_a_new_session_and_forget(index: SessionIndex, folder: Path, teach: Rubric) -> None:
    session = drop_in(folder, teach, at=at(25), teacher="Gus", notes=("peer marking",))
    index.put(session)
    assert teachers(index)[0] == "Gus"
    assert [h.line.text for h in index.search("peer")] == ["peer marking"]
    index.forget(session.id)
    assert index.get(session.id) is None and index.count() == 5


def test_unfinished_and_teacher(index: SessionIndex, folder: Path, teach: Rubric) -> None:
    assert index.unfinished() == []
    live = Session.model_validate_json(next(folder.glob("*ben*")).read_bytes())
    live = live.model_copy(update={"status": "observing", "ended_at": None})
    # Written as another laptop would (a store of this app would merge with the file).
    write_atomic(folder / f"{live.id}.json", live.to_json())
    index.refresh()
    assert [s.teacher for s in index.unfinished()] == ["Ben"]
    assert [s.teacher for s in index.teacher(" ANN")] == ["ANN", "Ann"]
    assert index.teacher("  ") == []


def test_progress_is_reported_while_reading(
    folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 2)
    reports: list[tuple[int, int]] = []
    found = SessionIndex.for_folder(folder, cache)
    found.refresh(lambda done, total: reports.append((done, total)))
    assert reports == [(2, 6), (4, 6), (6, 6)]
    reports.clear()
    found.refresh(lambda done, total: reports.append((done, total)))
    assert reports == []  # nothing changed, nothing to read


def test_queries_answer_while_another_thread_refreshes(
    folder: Path, cache: Path, teach: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "BATCH", 2)
    for hour in range(30):
        drop_in(folder, teach, at=at(20, hour % 24), teacher=f"T{hour}")
    found = SessionIndex.for_folder(folder, cache)
    counts: list[int] = []
    failures: list[BaseException] = []

    def query() -> None:
        try:
            while not done.is_set():
                counts.append(found.count())
                found.page(0, 5, "t1")
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    done = threading.Event()
    reader = threading.Thread(target=query)
    reader.start()
    found.refresh()
    done.set()
    reader.join()
    assert failures == [] and counts == sorted(counts) and found.count() == 35
    found.close()


def test_the_figures_equal_the_python_ones(index: SessionIndex, folder: Path) -> None:
    summaries = summaries_of(folder)
    for today, since, coach in [
        (date(2026, 11, 30), None, None),
        (date(2026, 12, 20), None, None),
        (date(2026, 11, 30), date(2026, 11, 17), None),
        (date(2026, 11, 30), None, "RIA"),
    ]:
        expected = stats_of(summaries, today=today, since=since, coach=coach, days=21)
        got = completion_stats(index, today=today, since=since, coach=coach, days=21)
        assert got == expected
    assert completion_stats(index, today=date(2026, 11, 30)).weeks != []


def test_the_teacher_view_from_the_index(index: SessionIndex, folder: Path) -> None:
    summaries = summaries_of(folder)
    expected = teacher_history(summaries, "Ann", date(2026, 11, 30))
    assert indexed_teacher_history(index, "Ann", date(2026, 11, 30)) == expected
    assert expected.days_since == 12 and len(expected.sessions) == 2


def test_an_unreadable_sessions_folder_is_a_problem_not_a_crash(
    index: SessionIndex, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: object) -> list[str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("observer_tui.core.index.os.listdir", refused)
    result = index.refresh()
    assert [str(p) for p in result.problems] == [f"{folder}: cannot read: Permission denied"]
    assert index.count() == 5  # what was listed stays listed


def test_a_missing_sessions_folder_lists_nothing(tmp_path: Path) -> None:
    found = SessionIndex(tmp_path / "nowhere", None)
    assert found.refresh() == index_module.Refresh() and found.count() == 0
    assert not (tmp_path / "nowhere").exists()
    found.close()


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Élève au tableau", "eleve"),
        ("naïve question", "NAIVE"),
        ("Ça marche", "ca"),
        ("don't rush", "don't"),
        ("x²+1", "x"),
        ("re-read the task", "read task"),
    ],
)
def test_search_and_filter_agree_on_what_a_word_is(
    tmp_path: Path, teach: Rubric, text: str, query: str
) -> None:
    folder = tmp_path / "sessions"
    drop_in(folder, teach, at=at(23), teacher="Ann", notes=(text,))
    found = SessionIndex(folder, None)
    found.refresh()
    assert found.count(query) == 1
    assert [hit.line.text for hit in found.search(query)] == [text]
    found.close()


def test_a_big_refresh_reads_in_worker_processes_or_without_them(
    folder: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "POOL_FROM", 2)
    pooled = SessionIndex.for_folder(folder, cache)
    assert pooled.refresh().read == 6
    expected = list(pooled.summaries())

    def no_processes(*args: object, **options: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_processes)
    alone = SessionIndex(folder, tmp_path / "alone.sqlite3")
    assert alone.refresh().read == 6
    assert list(alone.summaries()) == expected


def _plan(found: SessionIndex) -> str:
    """How SQLite answers the session list's first page."""
    rows = found.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM sessions ORDER BY started_epoch DESC, id LIMIT 50"
    ).fetchall()
    return " ".join(str(row[-1]) for row in rows)


def test_a_first_index_of_many_files_answers_the_list_from_its_own_index(
    folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "POOL_FROM", 2)
    found = SessionIndex.for_folder(folder, cache)
    assert found.refresh().read == 6
    assert "sessions_newest" in _plan(found)
    assert [s.teacher for s in found.page(0, 2)] == teachers(found)[:2]
    found.close()


def test_a_first_index_stopped_half_way_still_has_its_indexes_at_the_next_open(
    folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "POOL_FROM", 2)
    monkeypatch.setattr(index_module, "BATCH", 1)
    found = SessionIndex.for_folder(folder, cache)
    store = found._store_one
    calls = []

    def killed_after_two(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        store(*args)

    monkeypatch.setattr(found, "_store_one", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        found.refresh()
    assert "sessions_newest" in _plan(found)  # built on the way out
    # A kill leaves no way out: the indexes are missing until the next open builds them.
    for name in index_module._SESSION_INDEX_NAMES:
        found.execute(f"DROP INDEX {name}")
    found.close()
    again = SessionIndex.for_folder(folder, cache)
    assert "sessions_newest" in _plan(again)
    again.refresh()
    assert list(again.page(0, 10)) == summaries_of(folder)
    again.close()


def test_a_listed_file_half_rewritten_by_a_sync_tool_leaves_the_list_until_whole(
    index: SessionIndex, folder: Path
) -> None:
    [ben] = index.teacher("Ben")
    whole = (folder / ben.file).read_bytes()
    (folder / ben.file).write_bytes(whole[:100])
    half = index.refresh()
    assert half.removed == [ben.id] and index.get(ben.id) is None
    assert folder / ben.file in [p.path for p in half.problems]
    assert list(index.search("asked")) == []
    (folder / ben.file).write_bytes(whole)
    again = index.refresh()
    assert again.changed == [ben.id] and index.get(ben.id) == ben
    assert folder / ben.file not in [p.path for p in again.problems]


def test_put_from_another_thread_while_refreshing(
    index: SessionIndex, folder: Path, teach: Rubric
) -> None:
    made = [drop_in(folder, teach, at=at(26, hour), teacher=f"P{hour}") for hour in range(8)]

    def save_all() -> None:
        for session in made:
            index.put(session)

    writer = threading.Thread(target=save_all)
    writer.start()
    index.refresh()
    writer.join()
    assert index.count() == 13 and index.refresh().read == 0
    assert {s.teacher for s in index.page(0, 8)} == {f"P{hour}" for hour in range(8)}


def test_a_save_between_two_batches_of_a_refresh_is_not_listed_twice(
    folder: Path, cache: Path, teach: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "BATCH", 1)
    made = [drop_in(folder, teach, at=at(26, hour), teacher=f"P{hour}") for hour in range(3)]
    found = SessionIndex.for_folder(folder, cache)
    saver = SessionIndex.for_folder(folder, cache)  # another connection, as another thread
    parse_many = index_module._parse_many
    calls = 0

    def save_meanwhile(place: str, files: list[tuple[str, int, int]]) -> object:
        # Parsing happens between two batches' transactions: the app saves then.
        nonlocal calls
        calls += 1
        if calls == 2:
            for session in made:
                saver.put(session)
        return parse_many(place, files)

    monkeypatch.setattr(index_module, "_parse_many", save_meanwhile)
    found.refresh()
    assert found.count() == 8 and len(list(found.summaries())) == 8
