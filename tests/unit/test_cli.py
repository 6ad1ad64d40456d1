"""The command line: --version, --help, and clear one-line errors for bad `observe` arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from observer_tui import __version__
from observer_tui.__main__ import main


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
