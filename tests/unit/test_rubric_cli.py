"""`observer-tui rubrics ...` and `profiles ...`: each command's output and exit code."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from observer_tui.cli import main
from observer_tui.core.rubrics import parse_rubric

DATA = Path(__file__).parent.parent / "data"
BROKEN = {
    "id": "broken",
    "name": "Broken",
    "version": "1",
    "domains": [{"name": "A", "elements": [{"code": "x y", "name": "X"}, {"code": "Q"}]}],
}


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the CLI against a fresh data folder; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_list_shows_each_rubric_with_source_and_validity(run: Run, tmp_path: Path) -> None:
    assert (
        run("rubrics", "import", str(DATA / "excel-utf8.csv"), "--id", "teach", "--name", "Ours")[0]
        == 0
    )
    (tmp_path / "data" / "rubrics" / "broken.json").write_bytes(orjson.dumps(BROKEN))
    code, out, _ = run("rubrics", "list")
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    assert lines[0] == ["ID", "NAME", "VERSION", "SOURCE", "ELEMENTS", "VALID"]
    assert lines[1] == ["copus", "COPUS", "1.0", "bundled", "25", "yes"]
    assert lines[2] == ["drop-in", "Generic", "drop-in", "1.0", "bundled", "6", "yes"]
    assert lines[4][0] == "teach"
    assert lines[4][-7:] == ["bundled,", "overridden", "9", "yes", "(not", "in", "use)"]
    assert lines[5] == ["broken", "-", "-", "user", "-", "no", "(see", "below)"]
    assert lines[6] == ["teach", "Ours", "1", "user,", "overrides", "bundled", "4", "yes"]
    assert (
        f"{tmp_path / 'data' / 'rubrics' / 'broken.json'}: domains[0].elements[0].code: code 'x y' "
        "must be 1-24 characters with no spaces and no '#' (and 1 more)"
    ) in out


def test_show_prints_areas_codes_and_look_fors(run: Run) -> None:
    code, out, _ = run("rubrics", "show", "drop-in")
    assert code == 0
    assert out.startswith("Generic drop-in (drop-in) version 1.0\n")
    assert "\nLearning environment\n  ROU  Routines\n" in out
    assert "       - Pupils know what to do at the start and during transitions\n" in out


def test_show_an_unknown_rubric_exits_2(run: Run) -> None:
    code, out, err = run("rubrics", "show", "nope")
    assert (code, out) == (2, "")
    assert err == "observer-tui: no rubric 'nope' (have: copus, drop-in, five-challenges, teach)\n"


def test_validate_prints_every_problem_and_exits_1(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(orjson.dumps(BROKEN))
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("domain,element_code,element_name\nA,,x\nB,Y,\n")
    code, out, _ = run(
        "rubrics", "validate", str(DATA / "excel-utf8.csv"), str(broken), str(bad_csv)
    )
    assert code == 1
    sheet = DATA / "excel-utf8.csv"
    assert out.splitlines() == [
        f"{sheet}: warning: row 1: column 'Notes' ignored (not one of the columns)",
        f"{sheet}: warning: code '1' is used in 2 areas; "
        "imported as CC.1 (Classroom culture), I.1 (Instruction)",
        f"{sheet}: valid (excel-utf8: 2 areas, 4 elements)",
        f"{broken}: domains[0].elements[0].code: code 'x y' must be 1-24 characters "
        "with no spaces and no '#'",
        f"{broken}: domains[0].elements[1].name: required field is missing (add it)",
        f"{bad_csv}: row 2, column element_code: empty code; give every element a short code",
        f"{bad_csv}: row 3, column element_name: empty name for code 'Y'; fill it in",
    ]


def test_validate_all_valid_exits_0_and_a_missing_file_exits_1(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("rubrics", "new")
    starter = tmp_path / "starter.json"
    starter.write_text(out)
    assert run("rubrics", "validate", str(starter)) == (
        0,
        f"{starter}: valid (My school's framework: 1 area, 1 element)\n",
        "",
    )
    code, out, _ = run("rubrics", "validate", str(tmp_path / "none.json"))
    assert (code, out) == (1, f"{tmp_path / 'none.json'}: cannot read: No such file or directory\n")


def test_import_writes_the_rubric_and_refuses_to_overwrite_without_force(
    run: Run, tmp_path: Path
) -> None:
    source = str(DATA / "excel-utf8.csv")
    target = tmp_path / "data" / "rubrics" / "oak.json"
    code, out, err = run("rubrics", "import", source, "--id", "oak", "--name", "Oak framework")
    assert code == 0
    assert out == f"Imported Oak framework (oak) version 1: 2 areas, 4 elements -> {target}\n"
    assert "code '1' is used in 2 areas" in err
    code, out, err = run("rubrics", "import", source, "--id", "oak", "--name", "Other")
    assert (code, out) == (1, "")
    assert err == f"observer-tui: {target} already exists; replace it with --force\n"
    code, out, _ = run("rubrics", "import", source, "--id", "oak", "--name", "Oak", "--force")
    assert code == 0 and out.startswith("Replaced Oak (oak) version 2 (was 1):")
    assert run("rubrics", "show", "oak")[1].startswith("Oak (oak) version 2\n")


def test_import_of_a_bad_csv_lists_its_problems_and_writes_nothing(
    run: Run, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("domain,element_code\nA,X\n")
    code, out, err = run("rubrics", "import", str(bad), "--id", "bad", "--name", "Bad")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{bad}: row 1: missing required column 'element_name'",
        "observer-tui: nothing imported (1 problem)",
    ]
    assert not (tmp_path / "data" / "rubrics" / "bad.json").exists()


def test_import_on_a_full_disk_says_the_write_failed_not_the_csv(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = str(DATA / "excel-utf8.csv")
    target = tmp_path / "data" / "rubrics" / "oak.json"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = run("rubrics", "import", source, "--id", "oak")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"observer-tui: cannot write {target}: No space left on device; nothing imported"
    )
    assert source not in err.splitlines()[-1]
    assert not target.exists()


def test_schema_is_the_json_schema_of_the_model(run: Run) -> None:
    code, out, _ = run("rubrics", "schema")
    schema = orjson.loads(out)
    assert code == 0
    assert schema["title"] == "Rubric"
    assert set(schema["required"]) == {"id", "name", "version", "domains"}


def test_new_prints_a_starter_that_is_valid_and_explains_itself(run: Run) -> None:
    code, out, _ = run("rubrics", "new")
    assert code == 0
    assert parse_rubric(out.encode()).id == "my-school"
    assert '"$comment": "A rubric for observer-tui.' in out


def test_new_csv_prints_a_starter_spreadsheet_that_imports(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("rubrics", "new", "--csv")
    assert code == 0 and out.startswith("domain,element_code,element_name,description,look_for\n")
    sheet = tmp_path / "starter.csv"
    sheet.write_text(out)
    assert run("rubrics", "import", str(sheet))[0] == 0
    assert "starter" in run("rubrics", "list")[1]


def test_profiles_new_and_list(run: Run, tmp_path: Path) -> None:
    assert run("profiles", "list")[1].startswith("No school profiles yet in ")
    code, out, _ = run(
        "profiles", "new", "oak", "--name", "Oak Primary", "--rubric", "drop-in", "--minutes", "20"
    )
    assert code == 0 and out.startswith(f"Wrote {tmp_path / 'data' / 'profiles' / 'oak.json'}")
    (tmp_path / "data" / "profiles" / "elm.json").write_text(
        '{"id": "elm", "name": "Elm", "rubric": "gone"}'
    )
    code, out, _ = run("profiles", "list")
    assert code == 0
    assert [line.split() for line in out.splitlines()[:3]] == [
        ["ID", "SCHOOL", "RUBRIC", "MINUTES", "VALID"],
        ["elm", "-", "-", "-", "no", "(see", "below)"],
        ["oak", "Oak", "Primary", "drop-in", "20", "yes"],
    ]
    assert (
        f"{tmp_path / 'data' / 'profiles' / 'elm.json'}: rubric: no rubric 'gone' "
        "(have: copus, drop-in, five-challenges, teach)"
    ) in out
    assert run("profiles", "new", "oak", "--name", "X", "--rubric", "teach")[0] == 1
