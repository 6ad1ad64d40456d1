"""`sessions list`, `search` and `stats`: output and exit codes, as a script would see them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from observer_tui.cli import library as library_cli
from observer_tui.cli import main
from observer_tui.core import index
from observer_tui.core.debrief import ActionStep, Answer, Goal, Stage
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore
from tests.conftest import drop_in


def run(data: DataFolder, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def two(data: DataFolder, teach: Rubric) -> DataFolder:
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        teacher="Ann",
        notes=("asked why #CFU",),
        debrief_hours=1,
    )
    drop_in(
        data.sessions, teach, at=datetime(2026, 11, 24, 9, tzinfo=UTC), teacher="Ben", coach="Ria"
    )
    (data.sessions / "20261125-0900-x-00000000.json").write_text('{"schema_version": 1, "sta')
    return data


def test_sessions_list_as_json_for_scripts(
    two: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(two, capsys, "sessions", "list", "--json")
    assert code == 0
    records = orjson.loads(out)
    assert [(r["teacher"], r["coach"], r["notes"], r["debrief"]) for r in records] == [
        ("Ben", "Ria", 0, "not_started"),
        ("Ann", "Sam", 1, "complete"),
    ]
    assert records[1]["observed_minutes"] == 15.5
    assert err.startswith(
        f"observer-tui: skipped {two.sessions / '20261125-0900-x-00000000.json'}: not valid JSON"
    )


def test_sessions_list_for_one_teacher_as_a_table(
    two: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(two, capsys, "sessions", "list", "--teacher", "ann")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].split() == [
        "STARTED",
        "TEACHER",
        "CLASS",
        "RUBRIC",
        "TIME",
        "NOTES",
        "DEBRIEF",
        "ID",
    ]
    assert " Ann " in lines[1] and " 15:30 " in lines[1] and " done " in lines[1]


def test_the_debrief_reads_as_the_app_says_it(
    two: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    # The session list in the app says "to do", "started", "done": so does the table here.
    code, out, _ = run(two, capsys, "sessions", "list")
    rows = {line.split()[2]: line for line in out.splitlines()[1:]}
    assert code == 0 and " to do " in rows["Ben"] and " done " in rows["Ann"]
    assert "not started" not in out and "complete" not in out


def test_search_prints_session_teacher_time_and_line(
    two: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(two, capsys, "search", "why")
    assert code == 0
    [line] = out.splitlines()
    assert "  Ann  [00:30]  asked why  (20261123-" in line
    code, out, err = run(two, capsys, "search", "nothing", "here")
    assert (code, out, err.splitlines()[-1]) == (1, "", "No line holds: nothing here")


def test_stats_for_one_coach_as_csv(two: DataFolder, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        two, capsys, "stats", "--coach", "Ria", "--format", "csv", "--since", "2026-11-01"
    )
    assert code == 0
    assert out.splitlines()[:2] == [
        "coach,week,drop_ins,debriefs,completion,median_hours",
        "Ria,2026-W48,1,0,0.0,",
    ]


def test_stats_with_a_bad_date_exits_2(
    data: DataFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(data.root), "stats", "--since", "last week"])
    assert exited.value.code == 2
    assert "argument --since: 'last week' is not a date like 2026-09-01" in capsys.readouterr().err


def test_sessions_list_json_is_one_indented_array_written_as_it_reads(
    two: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(two, capsys, "sessions", "list", "--json")
    records = orjson.loads(out)
    assert out == orjson.dumps(records, option=orjson.OPT_INDENT_2).decode() + "\n"
    _, out, _ = run(two, capsys, "sessions", "list", "--teacher", "nobody", "--json")
    assert out == "[]\n"


def test_search_names_the_debrief_stage_step_and_plan(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    session = drop_in(data.sessions, teach, at=datetime(2026, 11, 23, 9, tzinfo=UTC), teacher="Ann")
    debrief = session.debrief
    session = session.model_copy(
        update={
            "debrief": debrief.model_copy(
                update={
                    "answers": {Stage.EVALUATE: Answer(text="wait time worked")},
                    "step": ActionStep(text="more wait time"),
                    "goal": Goal(when="every question", how="count to five, wait"),
                    "step_review": "wait time better",
                }
            )
        }
    )
    SessionStore(data.sessions).save(session)
    code, out, _ = run(data, capsys, "search", "wait")
    assert code == 0
    assert [line.split("  ")[2] for line in out.splitlines()] == [
        "[Evaluate]",
        "[Step]",
        "[Plan]",
        "[Last step]",
    ]


def test_a_long_first_index_reports_its_progress_on_stderr(
    two: DataFolder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_cli, "PROGRESS_FROM", 1)
    monkeypatch.setattr(index, "PROGRESS_EVERY", 1)
    _, _, err = run(two, capsys, "sessions", "list")
    assert "observer-tui: indexing sessions: 1 of 3 files\n" in err
    assert "observer-tui: indexing sessions: 3 of 3 files\n" in err
    _, _, err = run(two, capsys, "sessions", "list")
    assert "indexing" not in err  # warm: nothing to read


def test_a_second_command_sees_what_a_sync_tool_renamed_in_and_still_names_bad_files(
    two: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os
    import time

    an_hour_ago = time.time_ns() - 3_600_000_000_000
    os.utime(two.sessions, ns=(an_hour_ago, an_hour_ago))
    code, out, err = run(two, capsys, "sessions", "list")
    assert code == 0 and "Ann" in out and "Cy" not in out
    assert "skipped" in err and "20261125-0900-x-00000000.json" in err
    code, out, err = run(two, capsys, "sessions", "list")  # nothing changed: not re-checked
    assert "20261125-0900-x-00000000.json" in err  # but the bad file is still named
    elsewhere = tmp_path / "other-laptop"
    drop_in(elsewhere, teach, at=datetime(2026, 11, 26, 9, tzinfo=UTC), teacher="Cy")
    [file] = elsewhere.iterdir()
    os.replace(file, two.sessions / file.name)
    code, out, err = run(two, capsys, "sessions", "list", "--teacher", "cy")
    assert code == 0 and "Cy" in out and "Ann" not in out


def test_escape_codes_in_a_name_or_note_never_reach_the_terminal(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        teacher="Ann\x1b]0;PWNED\x07\nLee",
        notes=("wait \x1b[2J time",),
    )
    for args in (("sessions", "list"), ("search", "wait"), ("stats",)):
        code, out, err = run(data, capsys, *args)
        assert code == 0 and "\x1b" not in out + err and "\x07" not in out
    _, out, _ = run(data, capsys, "search", "wait")
    assert "Ann␛]0;PWNED␇⏎Lee" in out and "wait ␛[2J time" in out
    _, out, _ = run(data, capsys, "sessions", "list")
    assert len(out.splitlines()) == 2  # the name's line break does not split the row
