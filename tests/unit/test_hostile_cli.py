"""Every command against a folder whose files hold escape codes: nothing raw reaches the
terminal, on stdout or in an error, and no row of a list is split in two."""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from observer_tui.cli import main, run
from observer_tui.cli.arguments import parser
from observer_tui.core.exports import FORMATS
from observer_tui.core.visible import visible
from observer_tui.core.visit import md_text
from tests.hostile import CODES, EVIL, TEACHER, WORD, Hostile, hostile_folder, raw_controls

SHOWN_TEACHER = visible(TEACHER, one_line=True)
DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d  ")


def unguarded(argv: list[str]) -> int:
    """The command without `main`'s SafeOutput: each command's own formatting must be
    safe by itself, the guard is only the last line."""
    return run(parser().parse_args(argv))


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    return hostile_folder(tmp_path / "data")


Runner = Callable[[list[str]], int]


@pytest.fixture(params=[main, unguarded], ids=["main", "unguarded"])
def runner(request: pytest.FixtureRequest) -> Runner:
    chosen: Runner = request.param
    return chosen


def command(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    code = runner(["--data-dir", str(hostile.data.root), *args])
    out, err = capsys.readouterr()
    assert raw_controls(out) == [], (args, out)
    assert raw_controls(err) == [], (args, err)
    return code, out, err


def without_skipped(err: str) -> list[str]:
    """stderr without the one line naming the bad session file (each command says it)."""
    lines = err.splitlines()
    skipped = [line for line in lines if line.startswith("observer-tui: skipped ")]
    assert len(skipped) <= 1 and all("bad␛]0;T␇name.json" in line for line in skipped)
    return [line for line in lines if line not in skipped]


def test_the_library_commands_show_every_session_on_one_row(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (("sessions", "list"), ("sessions", "list", "--teacher", TEACHER)):
        code, out, err = command(hostile, runner, capsys, *args)
        lines = out.splitlines()
        assert code == 0 and len(lines) == 4, out  # the heading and three sessions
        assert all(DATE.match(line) and SHOWN_TEACHER in line for line in lines[1:])
        assert without_skipped(err) == []
    code, out, _ = command(hostile, runner, capsys, "sessions", "list", "--json")
    assert code == 0 and out.count('"teacher": "Ann\\nLee\\u001b[31mred') == 3
    code, out, _ = command(hostile, runner, capsys, "search", WORD)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3 * 4 + 2  # every note, the answer and the step
    assert all(DATE.match(line) and SHOWN_TEACHER in line for line in lines)
    code, out, err = command(hostile, runner, capsys, "search", "nowhere" + EVIL)
    assert code == 1 and without_skipped(err) == ["No line holds: nowhere" + visible(EVIL)]


def test_stats_in_every_format_keep_each_row_whole(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = command(hostile, runner, capsys, "stats")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "Not seen in 21 days:",
        f"  {SHOWN_TEACHER} (last 2020-01-08, {out.split('2020-01-08, ')[1].split()[0]} days)",
    ]
    code, out, _ = command(hostile, runner, capsys, "stats", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and len(out.splitlines()) == len(rows) == 5  # no cell spans two lines
    assert rows[4][0] == SHOWN_TEACHER and rows[1][0] == visible("Coach " + EVIL, one_line=True)
    code, out, _ = command(hostile, runner, capsys, "stats", "--format", "json")
    assert code == 0 and '"teacher": "Ann\\nLee\\u001b[31mred' in out and "\\u009b2J" in out


@pytest.mark.parametrize("who", [[], ["--no-for-teacher"]])
def test_every_export_to_stdout_is_shown_safely(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str], who: list[str]
) -> None:
    session = hostile.complete.id
    code, out, _ = command(hostile, runner, capsys, "export", session, *who)
    lines = out.splitlines()
    # Shown safely, and escaped so that Markdown renders it as shown (core/visit.py).
    assert code == 0 and lines[0] == f"# Lesson visit: {md_text(hostile.complete.teacher)}"
    assert md_text(hostile.complete.teacher).replace("\\", "") == SHOWN_TEACHER.replace("\\", "")
    notes = [line for line in lines if line.startswith("- **0")]
    assert len(notes) == (4 if who else 3) and all(WORD in line for line in notes)
    code, out, _ = command(hostile, runner, capsys, "export", session, "--format", "csv", *who)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and len(rows) == (5 if who else 4)
    assert all(len(row) == len(rows[0]) for row in rows)
    code, out, _ = command(hostile, runner, capsys, "export", session, "--format", "json", *who)
    assert code == 0 and ('"SECRET' in out) == bool(who)


def test_rubric_and_profile_commands_and_their_problems(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = command(hostile, runner, capsys, "rubrics", "list")
    table, problems = out.split("\n\n", 1)
    ids = [line.split()[0] for line in table.splitlines()[1:]]
    bundled = ["copus", "drop-in", "five-challenges"]
    assert code == 0 and sorted(ids) == ["broken", *bundled, "hostile", "teach"]
    assert problems.count("\n") == 1 and "broken.json" in problems  # one line for the file
    code, out, _ = command(hostile, runner, capsys, "rubrics", "show", "hostile")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + 2 + 3 * 3  # name, source, area, 3 x (element...)
    code, out, _ = command(hostile, runner, capsys, "profiles", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 and visible("School\n" + EVIL, one_line=True) in lines[1]
    files = [str(hostile.rubric_file), str(hostile.profile_file), str(hostile.bad_rubric_file)]
    code, out, _ = command(hostile, runner, capsys, "rubrics", "validate", *files)
    lines = out.splitlines()
    assert code == 1 and all(line.startswith(tuple(files)) for line in lines)
    assert len(lines) == 4  # valid, valid, and the broken file's two problems


def test_error_messages_are_one_line_and_shown_safely(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad_session = next(hostile.data.sessions.glob("bad*.json"))
    sheet = tmp_path / "hostile.csv"
    sheet.write_text(f"area,code,name\nArea{EVIL},X1,Name{EVIL}\n,,\x1b[2J\n", encoding="utf-8")
    for args in (
        ["export", "no-such" + EVIL],
        ["export", str(bad_session)],
        ["export", hostile.complete.id, "--format", "pdf" + EVIL],
        ["export", hostile.complete.id, "-o", str(tmp_path / ("x" + EVIL) / "y.md")],
        ["rubrics", "show", "nope" + EVIL],
        ["profiles", "new", "p", "--name", "n", "--rubric", "nope" + EVIL],
    ):
        code, out, err = command(hostile, runner, capsys, *args)
        assert code != 0 and out == "" and len(without_skipped(err)) == 1, (args, err)
    code, out, err = command(hostile, runner, capsys, "rubrics", "import", str(sheet))
    assert all(line.startswith(str(sheet)) for line in without_skipped(err)[:-1])
    code, out, _ = command(
        hostile,
        runner,
        capsys,
        "profiles",
        "new",
        "p2",
        "--name",
        "S" + EVIL,
        "--rubric",
        "hostile",
    )
    assert code == 0 and len(out.splitlines()) == 1


def leaf_commands() -> set[str]:
    """Every command the parser knows, subcommands spelt out ('rubrics show')."""

    def leaves(node: argparse.ArgumentParser, prefix: str) -> Iterator[str]:
        subparsers = [a for a in node._actions if isinstance(a, argparse._SubParsersAction)]
        if not subparsers:
            yield prefix
            return
        for name, child in subparsers[0].choices.items():
            yield from leaves(child, f"{prefix} {name}".strip())

    return set(leaves(parser(), ""))


def every_command(hostile: Hostile, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Each command, in each of its output forms, over the hostile folder."""
    complete, observed = hostile.complete.id, hostile.observed.id
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"area,code,name\nArea{EVIL},X1,Name{EVIL}\n", encoding="utf-8")
    bank = tmp_path / "bank.csv"
    bank.write_text(f"title,elements,strand\nT{EVIL},{CODES[0]},S{EVIL}\n", encoding="utf-8")
    exports = [
        ["export", complete, "--format", fmt, *who]
        for fmt in FORMATS
        for who in ([], ["--no-for-teacher"])
    ]
    return {
        "walk": [["walk", "--list"], ["walk", "--json"], ["walk", "--list", "--coach", "Coach"]],
        "export": [
            *exports,
            ["export", "--all", "--format", "csv"],
            ["export", "--all", "--format", "snapshots-csv"],
        ],
        "rubrics list": [["rubrics", "list"]],
        "rubrics show": [["rubrics", "show", "hostile"]],
        "rubrics validate": [
            ["rubrics", "validate", str(hostile.rubric_file), str(hostile.bad_rubric_file)]
        ],
        "rubrics import": [["rubrics", "import", str(sheet)]],
        "rubrics schema": [["rubrics", "schema"]],
        "rubrics new": [["rubrics", "new"], ["rubrics", "new", "--csv"]],
        "profiles list": [["profiles", "list"]],
        "profiles new": [["profiles", "new", "p", "--name", "S" + EVIL, "--rubric", "hostile"]],
        "steps list": [
            ["steps", "list"],
            ["steps", "list", "--json"],
            ["steps", "list", "--bank", "hostile-steps"],
        ],
        "steps show": [["steps", "show", "hostile-step"], ["steps", "show", "hostile-steps"]],
        "steps validate": [["steps", "validate", str(hostile.data.steps / "hostile-steps.json")]],
        "steps import": [["steps", "import", str(bank), "--rubric", "hostile"]],
        "steps schema": [["steps", "schema"]],
        "steps new": [["steps", "new"], ["steps", "new", "--csv"]],
        "sessions list": [["sessions", "list"], ["sessions", "list", "--json"]],
        "search": [["search", WORD], ["search", "#" + CODES[0]]],
        "stats": [
            ["stats", *extra, "--format", fmt]
            for extra in ([], ["--quality"], ["--coverage", "104"], ["--calibration"])
            for fmt in ("table", "csv", "json")
        ],
        "agree": [["agree", complete, observed], ["agree", complete, observed, "--format", "json"]],
        "cache list": [["cache", "list"]],
        "cache clear": [["cache", "clear", "--stale"]],
        "keys": [["keys"], ["keys", "--toml"]],
    }


def test_every_command_shows_the_hostile_folder_safely(
    hostile: Hostile, runner: Runner, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every command the parser knows, in every output form: a new command fails here
    until it is added. `observe` starts the app, whose screens test_hostile_text.py tries."""
    commands = every_command(hostile, tmp_path)
    assert set(commands) | {"observe"} == leaf_commands()
    for variants in commands.values():
        for args in variants:
            command(hostile, runner, capsys, *args)  # no raw control, no traceback
