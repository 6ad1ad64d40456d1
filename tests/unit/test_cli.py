"""The command line: --version, --help, and clear one-line errors for bad `observe` arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from observer_tui import __version__
from observer_tui.cli import main
from observer_tui.cli.arguments import observe_request, parser
from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import load_profiles
from observer_tui.core.requests import ObservationPlan, ObserveRequest, plan_observation
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


def test_a_bad_length_for_observe_is_refused_before_the_app_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(tmp_path / "d"), "observe", "Jane", "--minutes", "0"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "argument --minutes: choose between 1 and 240" in error
    assert "Traceback" not in error


@pytest.mark.parametrize(
    ("asked", "rubric", "focus", "warning"),
    [
        (
            {"rubric": "nope"},
            "teach",
            [],
            "No rubric 'nope' (have: copus, drop-in, five-challenges, teach); "
            "using Teach (World Bank) classroom observation.",
        ),
        (
            {"focus": ("ZZZ",)},
            "teach",
            [],
            "focus: no element 'ZZZ' in Teach (World Bank) classroom observation (teach); "
            "started without a focus.",
        ),
        (
            {"focus": ("CFU", "FB", "LF")},
            "teach",
            [],
            "focus: choose one or two elements; started without a focus.",
        ),
        ({"focus": ("cfu",)}, "teach", ["CFU"], None),
    ],
)
def test_what_observe_cannot_use_is_left_out_with_a_line_saying_so(
    asked: dict[str, Any], rubric: str, focus: list[str], warning: str | None
) -> None:
    library = load_library(None)
    plan, warnings = plan_observation(ObserveRequest("Jane", **asked), library, [], [])
    assert (plan.teacher, plan.rubric.id, plan.focus) == ("Jane", rubric, focus)
    assert warnings == ([warning] if warning else [])


def test_observe_with_an_unknown_profile_names_the_usable_ones(tmp_path: Path) -> None:
    data = DataFolder(tmp_path / "d")
    flags = ["--data-dir", str(data.root)]
    assert main([*flags, "profiles", "new", "oak", "--name", "Oak", "--rubric", "drop-in"]) == 0
    library = load_library(data.rubrics)
    profiles = load_profiles(data.profiles, library.rubrics)
    request = observe_request(parser().parse_args([*flags, "observe", "Jane", "--profile", "elm"]))
    plan, warnings = plan_observation(request, library, profiles, [])
    assert (plan.profile, plan.rubric.id) == (None, "teach")
    assert warnings == ["No usable profile 'elm' (have: oak); started without one."]


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
        class_name="Y8",
        coach="Sam",
        rubric=drop_in_rubric,
        focus=[],
        planned_minutes=15,
        at=datetime(2026, 11, 10, 9, tzinfo=UTC),
        profile=profiles[0].profile,
    )
    debriefing = Debriefing(past.model_copy(update={"status": "observed"}), ManualClock())
    debriefing.set_step(text="wait five seconds", element=code)
    SessionStore(data.sessions).save(debriefing.session)

    def plan(*args: str) -> ObservationPlan:
        request = observe_request(parser().parse_args([*flags, "observe", *args]))
        with closing(SessionIndex(data.sessions, None)) as index:
            index.refresh()
            known = list(index.summaries())
        planned, warnings = plan_observation(request, library, profiles, known)
        assert warnings == []
        return planned

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


def test_a_reader_that_stops_early_gets_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`observer-tui keys | head -1`: the reader has closed the pipe."""
    read, write = os.pipe()
    os.close(read)
    with open(write, "w", buffering=1) as closed_pipe:
        monkeypatch.setattr(sys, "stdout", closed_pipe)
        assert main(["--data-dir", str(tmp_path), "keys"]) == 0
