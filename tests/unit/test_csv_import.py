"""Spreadsheet import: what Excel and hand-made CSV files become, and each error's message."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.core.csv_import import WriteFailed, bump_version, import_csv, parse_csv_rubric
from observer_tui.core.rubrics import InvalidFile, load_rubric_file

DATA = Path(__file__).parent.parent / "data"


def parse(
    text: str | bytes,
) -> tuple[list[tuple[str, list[tuple[str, str, list[str]]]]], list[str]]:
    """The areas as (name, [(code, name, look-fors)]) and the warnings."""
    data = text.encode() if isinstance(text, str) else text
    result = parse_csv_rubric(data, rubric_id="school", name="School")
    areas = [
        (d.name, [(e.code, e.name, e.look_fors) for e in d.elements]) for d in result.rubric.domains
    ]
    return areas, result.warnings


def problems(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(InvalidFile) as raised:
        parse_csv_rubric(data, rubric_id="school", name="School")
    return raised.value.problems


def test_an_excel_saved_file_with_bom_crlf_quotes_and_a_blank_row() -> None:
    areas, warnings = parse((DATA / "excel-utf8.csv").read_bytes())
    assert areas == [
        (
            "Classroom culture",
            [
                (
                    "CC.1",
                    "Routines",
                    ["Pupils start work unprompted", 'Transitions take "under a minute"'],
                )
            ],
        ),
        (
            "Instruction",
            [
                ("I.1", "Explaining", ["Uses an example and a non-example"]),
                ("1.1", "Modelling", ["Thinks aloud"]),
                ("D/V", "Differentiation", []),
            ],
        ),
    ]
    assert warnings == [
        "row 1: column 'Notes' ignored (not one of the columns)",
        "code '1' is used in 2 areas; imported as CC.1 (Classroom culture), I.1 (Instruction)",
    ]
    rubric = parse_csv_rubric(
        (DATA / "excel-utf8.csv").read_bytes(), rubric_id="school", name="School"
    ).rubric
    assert rubric.domains[0].elements[0].description == "Routines protect time, every lesson"


def test_plain_lf_file_without_optional_columns_keeps_first_appearance_order() -> None:
    areas, warnings = parse(
        "domain,element_code,element_name\nB,2,Two\nA,4.2,Four two\nB,10,Ten\n\nA,4,Four\n"
    )
    assert areas == [
        ("B", [("2", "Two", []), ("10", "Ten", [])]),
        ("A", [("4.2", "Four two", []), ("4", "Four", [])]),
    ]
    assert warnings == []


def test_a_semicolon_file_from_a_european_excel_is_read() -> None:
    areas, _ = parse("domain;element_code;element_name;look_for\r\nA;X;Ex;one\r\nA;X;;two\r\n")
    assert areas == [("A", [("X", "Ex", ["one", "two"])])]


def test_same_code_in_one_area_with_other_case_is_the_same_element() -> None:
    areas, _ = parse(
        "domain,element_code,element_name,look_for\nA,cfu,Checks,one\nA,CFU,Checks,two\n"
    )
    assert areas == [("A", [("cfu", "Checks", ["one", "two"])])]


def test_areas_with_the_same_initials_fall_back_to_their_number() -> None:
    areas, warnings = parse(
        "domain,element_code,element_name\nClass culture,1,One\nCore content,1,Uno\n"
    )
    assert [element[0] for _, elements in areas for element in elements] == ["CC.1", "A2.1"]
    assert warnings == [
        "code '1' is used in 2 areas; imported as CC.1 (Class culture), A2.1 (Core content)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "domain,element_name,look_for\nA,Ex,one\n",
            ["row 1: missing required column 'element_code'"],
        ),
        (
            "domain,element_code,element_name\nA,,Ex\n",
            ["row 2, column element_code: empty code; give every element a short code"],
        ),
        (
            "domain,element_code,element_name\nA,X,\n",
            ["row 2, column element_name: empty name for code 'X'; fill it in"],
        ),
        (
            "domain,element_code,element_name\n,X,Ex\n",
            ["row 2, column domain: empty area; fill in the area's name"],
        ),
        (
            "domain,element_code,element_name\nA,X,Ex\nA,X,Other\n",
            [
                "row 3, column element_name: code 'X' in area 'A' is named 'Ex' in row 2 "
                "but 'Other' here; use one name per code, or give this element another code"
            ],
        ),
        (
            "domain,element_code,element_name\nA,C F U,Ex\n",
            [
                "row 2, column element_code: code 'C F U' must be 1-24 characters "
                "with no spaces and no '#'"
            ],
        ),
        (
            "domain,element_code,element_name\n",
            ["no rows under the header; add one row per look-for"],
        ),
        (
            '{"id": "teach", "domains": []}',
            [
                "row 1: not a rubric CSV; the first row must name the columns domain, "
                "element_code, element_name (and optionally description, look_for)"
            ],
        ),
        (
            'domain,element_code,element_name\nA,X,"Ex\n',
            ["row 2: not valid CSV (unexpected end of data)"],
        ),
        (
            b"domain,element_code,element_name\nCaf\xe9,X,Ex\n",
            [
                "line 2: not UTF-8 text (byte 0xe9); in Excel use File > Save As > "
                "'CSV UTF-8 (Comma delimited)'"
            ],
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            [
                "this is an Excel workbook, not CSV: in Excel use File > Save As > "
                "'CSV UTF-8 (Comma delimited)'"
            ],
        ),
        (b"\x00\x01\x02binary", ["not a CSV file: it holds binary data"]),
    ],
)
def test_each_error_has_its_row_column_and_what_to_do(
    text: str | bytes, expected: list[str]
) -> None:
    assert problems(text) == expected


def test_every_bad_row_is_reported_at_once() -> None:
    found = problems("domain,element_code,element_name\nA,,x\nA,Y,\nA,Z,ok\n,Q,q\n")
    assert [line.split(",")[0] for line in found] == ["row 2", "row 3", "row 5"]


def test_import_writes_a_private_rubric_and_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    source = DATA / "excel-utf8.csv"
    imported = import_csv(source, folder, rubric_id="oak", name="Oak framework")
    assert imported.path == folder / "oak.json" and not imported.replaced
    assert stat.S_IMODE(imported.path.stat().st_mode) == 0o600
    rubric = load_rubric_file(imported.path)
    assert (rubric.id, rubric.name, rubric.version) == ("oak", "Oak framework", "1")
    assert rubric.source == "Imported from excel-utf8.csv"
    with pytest.raises(FileExistsError, match="oak.json already exists; replace it with --force"):
        import_csv(source, folder, rubric_id="oak", name="Other")
    assert load_rubric_file(imported.path).name == "Oak framework"
    again = import_csv(source, folder, rubric_id="oak", name="Oak v2", force=True)
    assert again.replaced
    assert load_rubric_file(again.path).version == "2"


def test_a_failed_import_leaves_the_existing_rubric_alone(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    import_csv(DATA / "excel-utf8.csv", folder, rubric_id="oak", name="Oak")
    before = (folder / "oak.json").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("domain,element_code,element_name\nA,,x\n")
    with pytest.raises(InvalidFile):
        import_csv(bad, folder, rubric_id="oak", name="Oak", force=True)
    assert (folder / "oak.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["oak.json"]


def test_an_id_that_could_escape_the_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile, match="id '../x' must be lowercase"):
        import_csv(DATA / "excel-utf8.csv", tmp_path, rubric_id="../x", name="X")
    assert list(tmp_path.iterdir()) == []


def test_the_written_file_is_indented_json_without_defaults(tmp_path: Path) -> None:
    imported = import_csv(DATA / "excel-utf8.csv", tmp_path, rubric_id="oak", name="Oak")
    text = imported.path.read_text()
    assert text.startswith('{\n  "id": "oak"')
    assert "quick_tags" not in orjson.loads(text)


def test_many_look_fors_of_one_element_keep_their_order_and_drop_repeats() -> None:
    # 20,000 rows, each look-for four times (once with other spacing): bench/csv_import.py
    # times this at 100,000 rows.
    rows = ["domain,element_code,element_name,look_for"]
    rows += [f"Culture,C1,Routines,look for {n % 5000}" for n in range(15000)]
    rows += [f"Culture,C1,Routines,look  for\t{n}" for n in range(5000)]
    rows += ["Culture,C2,Praise,names the effort"]
    [(area, elements)], _ = parse("\n".join(rows))
    assert area == "Culture"
    assert elements == [
        ("C1", "Routines", [f"look for {n}" for n in range(5000)]),
        ("C2", "Praise", ["names the effort"]),
    ]


@pytest.mark.parametrize(
    ("version", "after"),
    [
        ("1", "2"),
        ("9", "10"),
        ("2.1", "2.2"),
        ("1.09", "1.10"),
        ("v3", "v4"),
        ("2024-09", "2024-10"),
        ("1.0 draft", "1.0 draft.1"),
        ("beta", "beta.1"),
        ("²", "².1"),  # a superscript is a digit to str.isdigit, but not to int()
        ("٣", "٣.1"),
        ("", "1"),
        ("  ", "1"),
        (" 4 ", "5"),
        ("9" * 5000, "1" + "0" * 5000),  # past int()'s 4,300 digits
    ],
)
def test_a_replaced_rubric_gets_the_next_version_whatever_its_form(
    version: str, after: str
) -> None:
    assert bump_version(version) == after


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_next_version_is_never_an_error_and_always_a_new_version(version: str) -> None:
    after = bump_version(version)
    assert after.strip() and after == after.strip()
    assert after != version.strip()
    assert bump_version(after) != after


def test_force_over_a_rubric_whose_version_is_not_a_number(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    first = import_csv(DATA / "excel-utf8.csv", folder, rubric_id="oak", name="Oak")
    raw = orjson.loads(first.path.read_bytes())
    first.path.write_bytes(orjson.dumps({**raw, "version": "²"}))
    again = import_csv(DATA / "excel-utf8.csv", folder, rubric_id="oak", name="Oak", force=True)
    assert (again.previous_version, load_rubric_file(again.path).version) == ("²", "².1")


def test_a_full_disk_names_the_rubric_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rubrics"
    import_csv(DATA / "excel-utf8.csv", folder, rubric_id="oak", name="Oak")
    before = (folder / "oak.json").read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteFailed) as raised:
        import_csv(DATA / "excel-utf8.csv", folder, rubric_id="oak", name="New", force=True)
    assert raised.value.filename == str(folder / "oak.json")
    assert raised.value.strerror == "No space left on device"
    assert (folder / "oak.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["oak.json"]  # no temp file left
