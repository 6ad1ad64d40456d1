"""Exports a coach can hand on: the teacher's copy holds no coach-only item in any format,
no CSV cell runs as a formula, and `export -o` never leaves a half-written or replaced file."""

from __future__ import annotations

import csv
import errno
import inspect
import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from observer_tui.cli import main
from observer_tui.core.clock import ManualClock
from observer_tui.core.exports import (
    COACH_CSV_HEADER,
    CSV_HEADER,
    EXTENSIONS,
    FORMATS,
    coach_export,
    save_teacher_copy,
    teacher_copy,
    teacher_export,
    write_new,
)
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Note, Session
from observer_tui.core.stats import NotSeen, Stats, WeekRow, format_stats
from observer_tui.core.storage import SessionStore
from observer_tui.core.tables import FORMULA_STARTS, csv_text, spreadsheet_cell
from observer_tui.core.visible import visible
from tests.conftest import drop_in
from tests.unit.test_exports import debriefed_session

# What a spreadsheet would run: the issue's examples, and their disguises.
FORMULAS = [
    '=HYPERLINK("http://evil.invalid","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\n=1+1",
    "  @SUM(A1)",
    "＝1+1",
]
PLAIN = ["plain text", "2-3", "a=b", "", "café 😀", "x - y", "'quoted already"]


def reads_as_formula(cell: str) -> bool:
    """What a spreadsheet might run: a first character, or the first after leading
    whitespace, that starts a formula."""
    return cell[:1] in FORMULA_STARTS or cell.lstrip()[:1] in FORMULA_STARTS


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_a_leading_quote(text: str) -> None:
    cell = spreadsheet_cell(text)
    assert isinstance(cell, str) and cell.startswith("'") and not reads_as_formula(cell)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_left_as_it_is(text: str) -> None:
    assert spreadsheet_cell(text) == text


def test_numbers_the_app_computes_stay_numbers_a_negative_one_included() -> None:
    assert spreadsheet_cell(-2) == -2 and spreadsheet_cell(-1.5) == -1.5
    assert spreadsheet_cell(None) == ""
    assert csv_text([[-2, "-2", 0.5]]) == "-2,'-2,0.5\r\n"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_cell_of_any_csv_reads_as_a_formula(text: str) -> None:
    for multiline in ((), (0,)):
        [row] = list(csv.reader(io.StringIO(csv_text([[text]], multiline=multiline))))
        assert not reads_as_formula(row[0])
        # Only the quote is added to the text as visible() shows it (core/visible.py).
        shown = visible(text, one_line=not multiline)
        assert row[0] in (shown, "'" + shown)


def notes_session(teach: Rubric, clock: ManualClock, texts: list[str]) -> Session:
    session = debriefed_session(teach, clock)
    at = clock.now()
    notes = tuple(
        Note(id=f"f{i}", at=at, offset=1.0, text=text, private=i % 2 == 1)
        for i, text in enumerate(texts)
    )
    return session.model_copy(update={"notes": notes, "teacher": texts[0]})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_every_csv_the_app_writes_neutralises_formulas(
    teach: Rubric, clock: ManualClock, texts: list[str]
) -> None:
    session = notes_session(teach, clock, texts)
    stats = Stats(
        weeks=[WeekRow(texts[0], "2026-W48", 2, 1, 0.5, None)],
        not_seen=[NotSeen(text, date(2026, 1, 1), 30) for text in texts],
        days=21,
    )
    for text in (
        teacher_export(session, "csv"),
        coach_export(session, "csv"),
        format_stats(stats, "csv"),
    ):
        for row in csv.reader(io.StringIO(text)):
            assert not any(reads_as_formula(cell) for cell in row), row


def test_the_issues_formulas_are_neutralised_in_the_notes_and_stats_csv(
    teach: Rubric, clock: ManualClock
) -> None:
    session = notes_session(teach, clock, [FORMULAS[0], *FORMULAS[1:4]])
    rows = list(csv.reader(io.StringIO(coach_export(session, "csv"))))
    assert [row[9] for row in rows[1:]] == ["'" + text for text in [FORMULAS[0], *FORMULAS[1:4]]]
    assert {row[1] for row in rows[1:]} == {"'" + FORMULAS[0]}  # the teacher column too
    stats = Stats(
        weeks=[WeekRow("@coach", "2026-W48", 2, 1, 0.5, -1.5)],
        not_seen=[NotSeen('=HYPERLINK("x")', date(2026, 1, 1), 30)],
        days=21,
    )
    text = format_stats(stats, "csv")
    assert "'@coach,2026-W48,2,1,0.5,-1.5\n" in text  # the figures stay figures
    assert '"\'=HYPERLINK(""x"")",2026-01-01,30\n' in text


def test_stats_csv_from_the_command_line_neutralises_a_teachers_name(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_in(data.sessions, teach, at=datetime(2020, 1, 6, 9, tzinfo=UTC), teacher="=1+2")
    assert main(["--data-dir", str(data.root), "stats", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=1+2,2020-01-06," in out
    assert not any(reads_as_formula(c) for row in csv.reader(io.StringIO(out)) for c in row)


def test_every_csv_the_command_line_writes_neutralises_formulas(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    """A teacher, a coach and notes that a spreadsheet would run, through every command
    that writes CSV: no cell starts a formula, and each name is there behind its quote."""
    session = drop_in(
        data.sessions,
        teach,
        at=datetime.now(UTC) - timedelta(days=30),  # not seen for 21 days, in the figures
        teacher="=1+2",
        class_name="+class",
        coach="@SUM(A1)",
        debrief_hours=1,
        notes=('=HYPERLINK("http://x") #CFU', "@cmd"),
    )
    runs = {
        "export": ["export", session.id, "--format", "csv"],
        "coach's export": ["export", session.id, "--format", "csv", "--no-for-teacher"],
        "snapshots": ["export", session.id, "--format", "snapshots-csv"],
        "all": ["export", "--all", "--format", "csv"],
        "all snapshots": ["export", "--all", "--format", "snapshots-csv"],
        "stats": ["stats", "--format", "csv"],
        "quality": ["stats", "--quality", "--format", "csv"],
        "coverage": ["stats", "--coverage", "104", "--format", "csv"],
        "calibration": ["stats", "--calibration", "--format", "csv"],
    }
    said = {}
    for name, args in runs.items():
        assert main(["--data-dir", str(data.root), *args]) == 0, name
        said[name] = capsys.readouterr().out
        cells = [cell for row in csv.reader(io.StringIO(said[name])) for cell in row]
        assert not any(reads_as_formula(cell) for cell in cells), (name, said[name])
    for name in ("export", "coach's export", "all"):
        assert {"'=1+2", "'+class", "'@SUM(A1)", "'@cmd"} <= set(
            cell for row in csv.reader(io.StringIO(said[name])) for cell in row
        ), name
    assert "'@SUM(A1)" in said["quality"] and "'=1+2" in said["stats"]


# The teacher's copy


SECRETS = ("SECRET", "HIDDEN")


def leaks(text: str, session: Session) -> list[str]:
    """The coach-only items of `session` (debriefed_session's) found in `text`."""
    private = [n.id for n in session.notes if n.private]
    return [s for s in (*SECRETS, *private) if s in text]


def test_teacher_copy_drops_every_coach_only_item_and_citation(
    teach: Rubric, clock: ManualClock
) -> None:
    session = debriefed_session(teach, clock)
    [secret] = [n for n in session.notes if n.private]
    copy = teacher_copy(session)
    assert [n.id for n in copy.notes] == [n.id for n in session.notes if not n.private]
    assert all(not answer.private for answer in copy.debrief.answers.values())
    cited = [c.note_id for a in copy.debrief.answers.values() for c in a.citations]
    cited += [c.note_id for r in copy.debrief.ratings for c in r.citations]
    assert secret.id not in cited and cited  # the shared citation stays
    assert copy.debrief.ratings[0].value == "4"  # the rating itself stays


def test_teacher_export_takes_no_flag_that_could_leak() -> None:
    # The rubric only names elements and scale levels: nothing in it can bring an item back.
    assert list(inspect.signature(teacher_export).parameters) == ["session", "fmt", "rubric"]
    assert list(inspect.signature(save_teacher_copy).parameters) == [
        "session",
        "fmt",
        "folder",
        "rubric",
    ]


def models_with_private(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """The names of the models reachable from `model` that have a `private` field."""
    found = {model.__name__} if "private" in model.model_fields else set()
    seen.add(model)
    for field in model.model_fields.values():
        for kind in _types(field.annotation):
            if isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in seen:
                found |= models_with_private(kind, seen)
    return found


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *(t for arg in args for t in _types(arg))]


def test_every_coach_only_flag_in_the_session_is_one_teacher_copy_filters() -> None:
    # A new coach-only field anywhere in a session fails here until teacher_copy drops it.
    assert models_with_private(Session, set()) == {"Note", "Answer"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_teacher_format_holds_a_coach_only_item(
    fmt: str, teach: Rubric, clock: ManualClock
) -> None:
    session = debriefed_session(teach, clock)
    assert leaks(teacher_export(session, fmt), session) == []
    coach = coach_export(session, fmt)
    # Snapshots have nothing coach-only; a Teach drop-in has no intervals (test_intervals.py).
    if fmt not in ("snapshots-csv", "intervals-csv"):
        assert "SECRET" in coach and ("HIDDEN" in coach or fmt == "csv")  # the CSV: notes


def test_the_teachers_json_is_a_session_file_without_coach_only_items(
    teach: Rubric, clock: ManualClock
) -> None:
    session = debriefed_session(teach, clock)
    copy = Session.model_validate_json(teacher_export(session, "json"))
    assert copy == teacher_copy(session)
    assert b'"private":true' not in copy.to_json()
    assert Session.model_validate_json(coach_export(session, "json")) == session


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_newer_versions_fields_stay_out_of_the_teachers_copy(
    fmt: str, teach: Rubric, clock: ManualClock
) -> None:
    """A field this version does not know may be a newer version's coach-only item: the
    coach's copy keeps it (as every save does), the teacher's holds none, at any level."""
    raw = orjson.loads(debriefed_session(teach, clock).to_json())
    raw["coach_mood_NEWER"] = "NEWER session field"
    raw["notes"][0]["aside_NEWER"] = "NEWER note field"
    raw["debrief"]["private_plan_NEWER"] = "NEWER debrief field"
    raw["debrief"]["step"]["draft_NEWER"] = "NEWER step field"
    session = Session.from_file(raw)
    assert "NEWER" not in teacher_export(session, fmt)
    if fmt == "json":
        assert coach_export(session, fmt).count("NEWER") == 8  # four names, four values


def test_the_coachs_csv_marks_private_notes_in_a_column(teach: Rubric, clock: ManualClock) -> None:
    session = debriefed_session(teach, clock)
    rows = list(csv.reader(io.StringIO(coach_export(session, "csv"))))
    assert rows[0] == COACH_CSV_HEADER
    assert [(row[9], row[10]) for row in rows[1:] if row[10]] == [
        ("SECRET coach-only worry", "yes")
    ]
    teacher = list(csv.reader(io.StringIO(teacher_export(session, "csv"))))
    assert teacher[0] == CSV_HEADER and len(teacher) == len(rows) - 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("flags", [[], ["--for-teacher"]])
def test_the_cli_teachers_copy_holds_no_coach_only_item(
    fmt: str,
    flags: list[str],
    tmp_path: Path,
    data: DataFolder,
    teach: Rubric,
    clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session = debriefed_session(teach, clock)
    path = SessionStore(data.sessions).save(session)
    for where in (session.id, str(path)):
        base = ["--data-dir", str(data.root), "export", where, "--format", fmt, *flags]
        assert main(base) == 0
        assert leaks(capsys.readouterr().out, session) == []
        out = tmp_path / f"{len(list(tmp_path.iterdir()))}.{fmt}"
        assert main([*base, "-o", str(out)]) == 0
        assert leaks(out.read_text(encoding="utf-8-sig"), session) == []
    assert main(["--data-dir", str(data.root), "export", session.id, "--no-for-teacher"]) == 0
    assert "SECRET" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_apps_export_is_the_teachers_copy_in_a_new_file_each_time(
    fmt: str, tmp_path: Path, teach: Rubric, clock: ManualClock
) -> None:
    session = debriefed_session(teach, clock)
    folder = tmp_path / "exports"
    first = save_teacher_copy(session, fmt, folder)
    first.write_bytes(b"the coach edited this export")
    second = save_teacher_copy(session, fmt, folder)
    third = save_teacher_copy(session, fmt, folder)
    end = EXTENSIONS[fmt]
    assert [first.name, second.name, third.name] == [
        f"{session.id}{end}",
        f"{session.id}-2{end}",
        f"{session.id}-3{end}",
    ]
    assert first.read_bytes() == b"the coach edited this export"
    assert leaks(second.read_text(encoding="utf-8-sig"), session) == []
    assert second.read_bytes() == third.read_bytes()
    assert {p.stat().st_mode & 0o777 for p in (second, third)} == {0o600}
    assert folder.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name, third.name])


# Writing with -o


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fsync fails as on a full disk (after the bytes went to the page cache)."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.fixture
def saved(data: DataFolder, teach: Rubric, clock: ManualClock) -> Session:
    session = debriefed_session(teach, clock)
    SessionStore(data.sessions).save(session)
    return session


def export_to(data: DataFolder, session: Session, out: Path, *more: str) -> list[str]:
    return ["--data-dir", str(data.root), "export", session.id, "-o", str(out), *more]


def test_o_refuses_to_replace_a_file_without_force(
    tmp_path: Path, data: DataFolder, saved: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "visit.md"
    out.write_text("last week's export")
    out.chmod(0o644)
    assert main(export_to(data, saved, out)) == 1
    err = capsys.readouterr().err
    assert err == f"observer-tui: {out} already exists; replace it with --force\n"
    assert out.read_text() == "last week's export"
    assert main(export_to(data, saved, out, "--force")) == 0
    assert out.read_text().startswith("# Lesson visit: Jane Doe")
    assert out.stat().st_mode & 0o777 == 0o600  # not the old file's 0644


def test_o_writes_a_new_file_private_whatever_the_umask(
    tmp_path: Path, data: DataFolder, saved: Session
) -> None:
    old = os.umask(0)
    try:
        for fmt in FORMATS:
            out = tmp_path / f"visit.{fmt}"
            assert main([*export_to(data, saved, out), "--format", fmt]) == 0
            assert out.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
    assert (tmp_path / "visit.csv").read_bytes().startswith(b"\xef\xbb\xbfsession_id,")


@pytest.mark.parametrize("force", [True, False])
def test_a_failing_write_leaves_the_earlier_file_whole_and_nothing_else(
    force: bool,
    tmp_path: Path,
    data: DataFolder,
    saved: Session,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out" / ("visit.md" if force else "new.md")
    out.parent.mkdir()
    earlier = b"# last week's export\n" * 500
    if force:
        out.write_bytes(earlier)
    full_disk(monkeypatch)
    assert main(export_to(data, saved, out, *(["--force"] if force else []))) == 2
    err = capsys.readouterr().err
    assert err == f"observer-tui: cannot write {out}: No space left on device\n"
    # The earlier export is whole (or, for a new file, there is none), and no temp is left.
    assert [p.name for p in out.parent.iterdir()] == ([out.name] if force else [])
    if force:
        assert out.read_bytes() == earlier


def test_write_new_never_replaces_and_gives_up_its_claim_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.md"
    write_new(path, b"first")
    with pytest.raises(FileExistsError):
        write_new(path, b"second")
    assert path.read_bytes() == b"first"
    full_disk(monkeypatch)
    with pytest.raises(OSError):
        write_new(tmp_path / "y.md", b"never")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]


def test_exported_json_reads_back_with_every_character(teach: Rubric, clock: ManualClock) -> None:
    # The JSON escapes what a terminal would act on, but a program reads the same text.
    session = debriefed_session(teach, clock).model_copy(
        update={"teacher": "Ann\x9b2J\u202eLee\u2028x\x7f"}
    )
    text = coach_export(session, "json")
    assert "\x9b" not in text and "\u202e" not in text and "\u2028" not in text
    assert orjson.loads(text)["teacher"] == "Ann\x9b2J\u202eLee\u2028x\x7f"
