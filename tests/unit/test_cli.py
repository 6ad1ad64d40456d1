"""The command line: --version, --help, and clear one-line errors for bad `observe` arguments."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from observer_tui import __version__
from observer_tui.__main__ import known_sessions, main, observe_plan, parser
from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Debriefing
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import load_profiles
from observer_tui.core.requests import ObservationPlan
from observer_tui.core.rubrics import load_library
from observer_tui.core.session import new_session
from observer_tui.core.storage import SessionStore


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "observer_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"observer-tui {__version__}"


def test_help_names_the_fast_path_and_the_data_folder() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "observe" in result.stdout and "--data-dir" in result.stdout
    assert "observe" in run("observe", "--help").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--rubric", "nope"],
            "observer-tui: no rubric 'nope' (have: drop-in, five-challenges, teach)",
        ),
        (["--focus", "ZZZ"], "observer-tui: focus: no element 'ZZZ' in Teach"),
        (["--focus", "CFU", "FB", "LF"], "observer-tui: focus: choose one or two elements"),
        (["--minutes", "0"], "observer-tui: minutes: choose between 1 and 240"),
    ],
)
def test_bad_observe_arguments_get_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "observe", "Jane", *args]) == 2
    error = capsys.readouterr().err
    assert error.startswith(message)
    assert error.count("\n") == 1 and "Traceback" not in error


def test_observe_with_an_unknown_profile_names_the_usable_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "profiles", "new", "oak", "--name", "Oak", "--rubric", "drop-in"]) == 0
    capsys.readouterr()
    assert main([*data, "observe", "Jane", "--profile", "elm"]) == 2
    assert capsys.readouterr().err == (
        "observer-tui: no usable profile 'elm' (have: oak; see: observer-tui profiles list)\n"
    )


def test_observe_takes_the_teachers_school_and_last_step_from_past_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = DataFolder(tmp_path / "d")
    flags = ["--data-dir", str(data.root)]
    assert main([*flags, "profiles", "new", "oak", "--name", "Oak", "--rubric", "drop-in"]) == 0
    library = load_library(data.rubrics)
    profiles = load_profiles(data.profiles, library.rubrics)
    drop_in_rubric = library.get("drop-in")
    assert drop_in_rubric is not None
    code = next(iter(drop_in_rubric.all_elements()))[1].code
    past = new_session(
        teacher="Jane Doe",
        context="Y8",
        coach="Sam",
        rubric=drop_in_rubric,
        focus=[],
        planned_minutes=15,
        at=datetime(2026, 11, 10, 9, tzinfo=UTC),
        profile=profiles[0].profile,
    )
    past.status = "observed"
    Debriefing(past, ManualClock()).set_step(text="wait five seconds", element=code)
    SessionStore(data.sessions).save(past)

    def plan(*args: str) -> ObservationPlan:
        arguments = parser().parse_args([*flags, "observe", *args])
        known = known_sessions(data)
        return observe_plan(library, profiles, arguments, known)

    jane = plan("jane doe")
    assert jane.teacher == "Jane Doe"
    assert (jane.profile and jane.profile.id, jane.rubric.id) == ("oak", "drop-in")
    assert jane.focus == [code]
    assert jane.previous is not None and jane.previous.session_id == past.id
    assert plan("jane doe", "--rubric", "teach").profile is None  # what is given wins
    other = plan("Ann")
    assert (other.profile, other.rubric.id, other.focus, other.previous) == (
        None,
        "teach",
        [],
        None,
    )
