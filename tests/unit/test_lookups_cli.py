"""The command line's look-ups as a coach types them: part of a name, a #CODE, a word in
the model or a rehearsal round, --data-dir after the command, and numbers that make no
sense turned away."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from observer_tui.cli import main
from observer_tui.cli.arguments import parser
from observer_tui.core.debrief import ActionStep, Answer, RehearsalRound, Stage
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.storage import SessionStore
from tests.conftest import drop_in


def run(data: DataFolder, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What the command line says on stderr when it refuses `args` (it must exit 2)."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    assert exited.value.code == 2
    return capsys.readouterr().err


@pytest.fixture
def team(data: DataFolder, teach: Rubric) -> DataFolder:
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        teacher="Maria Rivera",
        coach="Sam Okafor",
        notes=("asked why #CFU", "great comments on the board"),
    )
    drop_in(
        data.sessions,
        teach,
        at=datetime(2026, 11, 24, 9, tzinfo=UTC),
        teacher="Ben Roy",
        coach="Ria Das",
        notes=("#T lining up took ages", "checked for understanding at the end"),
    )
    return data


def teachers_listed(out: str) -> list[str]:
    return [" ".join(line.split()[2:4]) for line in out.splitlines()[1:]]


def test_sessions_list_finds_a_teacher_by_part_of_the_name(
    team: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(team, capsys, "sessions", "list", "--teacher", "Rivera")
    assert code == 0 and teachers_listed(out) == ["Maria Rivera"]
    _, out, _ = run(team, capsys, "sessions", "list", "--teacher", "  rIVer ")
    assert teachers_listed(out) == ["Maria Rivera"]
    _, out, _ = run(team, capsys, "sessions", "list", "--teacher", "o")  # Roy, not Maria Rivera
    assert teachers_listed(out) == ["Ben Roy"]
    _, out, _ = run(team, capsys, "sessions", "list", "--teacher", "Lee")
    assert out == "No sessions.\n"


def test_accents_aside_a_plain_spelling_finds_the_teacher(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    for day, teacher in enumerate(["Zoë Brandt", "Jón Ólafsson", "Zoe Ng"], start=1):
        drop_in(data.sessions, teach, at=datetime(2026, 11, day, 9, tzinfo=UTC), teacher=teacher)
    _, out, _ = run(data, capsys, "sessions", "list", "--teacher", "zoe")
    assert teachers_listed(out) == ["Zoe Ng", "Zoë Brandt"]
    _, out, _ = run(data, capsys, "sessions", "list", "--teacher", "olafs")
    assert teachers_listed(out) == ["Jón Ólafsson"]
    _, out, _ = run(data, capsys, "sessions", "list", "--teacher", "ZOË B")
    assert teachers_listed(out) == ["Zoë Brandt"]


def exported_teachers(
    data: DataFolder, capsys: pytest.CaptureFixture[str], *args: str
) -> list[str]:
    """The teacher column of `export --all --format csv` with `args`, one row per note."""
    code, out, _ = run(data, capsys, "export", "--all", "--format", "csv", *args)
    assert code == 0
    return [row[1] for row in csv.reader(io.StringIO(out))][1:]


def test_export_all_finds_a_teacher_and_a_coach_as_sessions_list_does(
    team: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_in(
        team.sessions,
        teach,
        at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        teacher="Zoë Brandt",
        coach="Ólafur Jónsson",
        notes=("exit tickets",),
    )
    assert exported_teachers(team, capsys, "--teacher", "rivera") == ["Maria Rivera"] * 2
    assert exported_teachers(team, capsys, "--teacher", "  rOY ") == ["Ben Roy"] * 2
    assert exported_teachers(team, capsys, "--teacher", "zoe") == ["Zoë Brandt"]
    assert exported_teachers(team, capsys, "--coach", "OKAF") == ["Maria Rivera"] * 2
    assert exported_teachers(team, capsys, "--coach", "olafur") == ["Zoë Brandt"]
    both = exported_teachers(team, capsys, "--teacher", "r", "--coach", "das")
    assert both == ["Ben Roy"] * 2
    assert exported_teachers(team, capsys, "--teacher", "Lee") == []


def test_export_finds_a_session_whose_file_came_or_moved_since_the_last_command(
    team: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(team, capsys, "sessions", "list")[0] == 0  # the index is up to date
    # A colleague's file copied in under its own name, and one renamed by hand.
    at = datetime(2026, 11, 25, 9, tzinfo=UTC)
    new = drop_in(team.sessions, teach, at=at, teacher="Zoë Brandt", notes=("exit tickets",))
    (team.sessions / f"{new.id}.json").rename(team.sessions / "from-kim.json")
    [rivera] = [p for p in team.sessions.glob("*.json") if "Rivera" in p.read_text("utf-8")]
    rivera.rename(team.sessions / "rivera-nov.json")
    old_id = rivera.stem
    code, out, err = run(team, capsys, "export", new.id, "--format", "csv")
    assert (code, err) == (0, "")
    assert [row[1] for row in csv.reader(io.StringIO(out))][1:] == ["Zoë Brandt"]
    code, out, err = run(team, capsys, "export", old_id)
    assert (code, err) == (0, "") and "Maria Rivera" in out


def test_stats_finds_a_coach_by_part_of_the_name(
    team: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(team, capsys, "stats", "--coach", "okafor", "--format", "csv")
    assert code == 0
    assert [line.split(",")[0] for line in out.splitlines()[1:2]] == ["Sam Okafor"]
    assert "Ria Das" not in out


def test_search_for_a_code_finds_the_notes_tagged_with_it(
    team: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(team, capsys, "search", "#CFU")
    [line] = out.splitlines()  # not 'checked for understanding', which has no #CFU
    assert code == 0 and "  Maria Rivera  [00:30]  asked why  (" in line
    _, out, _ = run(team, capsys, "search", "#cfu", "why")
    assert len(out.splitlines()) == 1
    code, out, err = run(team, capsys, "search", "#cf")  # a code is matched whole
    assert (code, out, err.splitlines()[-1]) == (1, "", "No line holds: #cf")
    code, _, _ = run(team, capsys, "search", "#T")
    assert code == 0  # the T note, and not every line with a word starting with t
    _, out, _ = run(team, capsys, "search", "#T")
    assert [line.split("  ")[3] for line in out.splitlines()] == ["lining up took ages"]


def test_search_finds_words_in_the_model_and_the_rehearsal_rounds(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    session = drop_in(data.sessions, teach, at=datetime(2026, 11, 23, 9, tzinfo=UTC), teacher="Ann")
    debrief = session.debrief.model_copy(
        update={
            "step": ActionStep(text="wait after asking", model="count silently to five"),
            "rehearsal": (
                RehearsalRound(tried="counted aloud", feedback="silently, eyes on the room"),
                RehearsalRound(tried="scanned the room", feedback="better"),
            ),
        }
    )
    SessionStore(data.sessions).save(session.model_copy(update={"debrief": debrief}))
    code, out, _ = run(data, capsys, "search", "silently")
    assert code == 0
    assert [line.split("  ")[2:4] for line in out.splitlines()] == [
        ["[Model]", "count silently to five"],
        ["[Round 1 feedback]", "silently, eyes on the room"],
    ]
    _, out, _ = run(data, capsys, "search", "scanned")
    assert [line.split("  ")[2] for line in out.splitlines()] == ["[Round 2 tried]"]


def test_a_multi_line_answer_is_one_line_of_search_output(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    session = drop_in(data.sessions, teach, at=datetime(2026, 11, 23, 9, tzinfo=UTC), teacher="Ann")
    answers = {Stage.DESCRIBE: Answer(text="first they waited\r\nthen\u2028they\n\nanswered")}
    debrief = session.debrief.model_copy(update={"answers": answers})
    SessionStore(data.sessions).save(session.model_copy(update={"debrief": debrief}))
    code, out, _ = run(data, capsys, "search", "waited")
    [line] = out.splitlines()
    assert code == 0 and "first they waited⏎then⏎they⏎⏎answered  (" in line


def test_profiles_new_refuses_a_length_of_zero_or_less(
    data: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    for minutes in ("0", "-5"):
        err = refused(
            capsys,
            *("--data-dir", str(data.root), "profiles", "new", "oak", "--name", "Oak"),
            *("--rubric", "drop-in", f"--minutes={minutes}"),
        )
        assert "argument --minutes: choose between 1 and 240" in err
    assert not (data.root / "profiles" / "oak.json").exists()


def test_stats_refuses_a_negative_number_of_days(
    data: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    for days in ("-3", "0", "three"):
        err = refused(capsys, "--data-dir", str(data.root), "stats", f"--days={days}")
        assert f"argument --days: '{days}' is not a whole number of days, 1 or more" in err


def test_data_dir_after_the_command_is_the_folder_used(
    team: DataFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    elsewhere = str(tmp_path / "elsewhere")
    code = main(["sessions", "list", "--data-dir", str(team.root)])
    out = capsys.readouterr().out
    assert code == 0 and teachers_listed(out) == ["Ben Roy", "Maria Rivera"]
    # In both places, the one after the command wins.
    assert main(["--data-dir", elsewhere, "search", "--data-dir", str(team.root), "why"]) == 0
    assert "Maria Rivera" in capsys.readouterr().out
    assert main(["--data-dir", str(team.root), "search", "--data-dir", elsewhere, "why"]) == 1


COMMANDS = [
    ["observe", "Ann"],
    ["export", "x"],
    ["rubrics", "list"],
    ["rubrics", "show", "teach"],
    ["rubrics", "validate", "f.json"],
    ["rubrics", "import", "f.csv"],
    ["rubrics", "schema"],
    ["rubrics", "new"],
    ["profiles", "list"],
    ["profiles", "new", "oak", "--name", "Oak", "--rubric", "teach"],
    ["sessions", "list"],
    ["search", "why"],
    ["stats"],
    ["cache", "list"],
    ["cache", "clear"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_data_dir_after_it(command: list[str]) -> None:
    after = parser().parse_args([*command, "--data-dir", "/tmp/d"])
    assert after.data_dir == "/tmp/d"
    group = parser().parse_args([command[0], "--data-dir", "/tmp/g", *command[1:]])
    assert group.data_dir == "/tmp/g"
    both = parser().parse_args(["--data-dir", "/tmp/first", *command, "--data-dir", "/tmp/d"])
    assert both.data_dir == "/tmp/d"
    before = parser().parse_args(["--data-dir", "/tmp/first", *command])
    assert before.data_dir == "/tmp/first"
    assert parser().parse_args(command).data_dir is None
