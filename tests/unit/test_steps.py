"""Action-step banks: validation with row-precise problems, CSV import, what the picker offers,
the coach's own bank, and the `steps` commands."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.cli import main
from observer_tui.core.debrief import BankStepUse
from observer_tui.core.locations import DataFolder, bundled_data
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import InvalidFile, RubricLibrary
from observer_tui.core.steps import (
    choices,
    import_csv_bank,
    load_steps,
    parse_bank,
    parse_csv_bank,
    save_own_step,
    worked_on,
)
from tests.unit.test_bad_files import JUNK, places

TEACH_BANK = (bundled_data() / "steps" / "teach.json").read_bytes()
STARTER_CSV = (bundled_data() / "starters" / "steps.csv").read_bytes()


def bank_with(**step: object) -> bytes:
    """The starter bank with its one step changed."""
    raw = orjson.loads((bundled_data() / "starters" / "steps.json").read_bytes())
    raw["steps"][0] |= step
    return orjson.dumps(raw)


def problems_of(data: bytes, library: RubricLibrary) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        parse_bank(data, library.rubrics)
    return caught.value.problems


# Bundled banks


def test_the_bundled_banks_have_three_steps_in_order_for_every_element(
    library: RubricLibrary,
) -> None:
    steps = load_steps(None, library.rubrics)
    assert steps.problems == []
    for bank_id in ("teach", "five-challenges"):
        bank, rubric = steps.banks[bank_id], library.get(bank_id)
        assert rubric is not None and bank.rubric == bank_id
        for element in (e for domain in rubric.domains for e in domain.elements):
            serving = [s for s in bank.steps if element.code in s.elements]
            assert [s.order for s in serving] == [1, 2, 3], element.code
            assert all(s.model and s.rehearsal and s.cues for s in serving)


def test_the_starter_bank_is_valid_and_explains_itself(library: RubricLibrary) -> None:
    data = (bundled_data() / "starters" / "steps.json").read_bytes()
    assert "$comment" in orjson.loads(data)
    assert parse_bank(data, library.rubrics).steps[0].elements == ("CFU",)


# Validation: known answers


def test_an_unknown_code_names_the_row_and_the_rubric(library: RubricLibrary) -> None:
    assert problems_of(bank_with(elements=["CFU", "XYZ"]), library) == [
        "steps[0] (cfu-1).elements[1]: code 'XYZ' is not an element of the rubric 'teach'"
    ]


def test_a_quick_tag_serves_no_step(library: RubricLibrary) -> None:
    assert problems_of(bank_with(elements=["T"]), library) == [
        "steps[0] (cfu-1).elements[0]: code 'T' is a quick tag, not an element of the rubric "
        "'teach'"
    ]


def test_codes_are_matched_ignoring_case_and_kept_as_the_rubric_spells_them(
    library: RubricLibrary,
) -> None:
    bank = parse_bank(bank_with(elements=["cfu", "fb"]), library.rubrics)
    assert bank.steps[0].elements == ("CFU", "FB")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"order": 0}, "steps[0] (cfu-1).order: must be at least 1"),
        ({"title": " "}, "steps[0] (cfu-1).title: must not be empty"),
        ({"elements": []}, "steps[0] (cfu-1).elements: needs at least 1 item(s)"),
        ({"strand": None}, "steps[0] (cfu-1).strand: must be text in quotes"),
        ({"model": 3}, "steps[0] (cfu-1).model: must be text in quotes"),
        ({"cue": ["x"]}, "steps[0] (cfu-1).cue: unknown field (check its spelling)"),
        (
            {"id": "CFU 1"},
            "steps[0].id: id 'CFU 1' must be lowercase letters, digits, '-' or '_' "
            "(at most 64, starting with a letter or digit)",
        ),
    ],
)
def test_a_bad_field_is_named_with_its_row(
    library: RubricLibrary, change: dict[str, object], problem: str
) -> None:
    assert problems_of(bank_with(**change), library) == [problem]


def test_a_bank_for_a_rubric_not_installed_says_which_are(library: RubricLibrary) -> None:
    raw = orjson.loads(bank_with()) | {"rubric": "oak"}
    assert problems_of(orjson.dumps(raw), library) == [
        "rubric: no rubric 'oak' is installed (have: copus, drop-in, five-challenges, teach)"
    ]


def test_two_steps_in_one_place_of_a_strand_are_refused(library: RubricLibrary) -> None:
    raw = orjson.loads(TEACH_BANK)
    raw["steps"][1]["order"] = 1
    assert problems_of(orjson.dumps(raw), library) == [
        "steps[1] (sle-2).order: order 1 in strand 'Warm, respectful classroom' is also "
        "steps[0]'s; give each step of a strand its own place"
    ]
    raw["steps"][1] |= {"order": 2, "id": "sle-1"}
    assert problems_of(orjson.dumps(raw), library) == [
        "steps[1] (sle-1).id: duplicate id 'sle-1' (also steps[0]); give each step its own id"
    ]


def test_a_bad_user_bank_is_listed_with_its_problem_and_never_changed(
    data: DataFolder, library: RubricLibrary
) -> None:
    data.steps.mkdir()
    bad = data.steps / "oak.json"
    bad.write_bytes(bank_with(elements=["XYZ"]))
    before = bad.read_bytes()
    steps = load_steps(data.steps, library.rubrics)
    assert sorted(steps.banks) == ["five-challenges", "teach"]
    assert steps.problems == [
        f"{bad}: steps[0] (cfu-1).elements[0]: code 'XYZ' is not an element of the rubric 'teach'"
    ]
    assert bad.read_bytes() == before


def test_a_user_bank_overrides_the_bundled_one_of_its_id(
    data: DataFolder, library: RubricLibrary
) -> None:
    data.steps.mkdir()
    raw = orjson.loads(bank_with()) | {"id": "teach", "version": "9"}
    (data.steps / "teach.json").write_bytes(orjson.dumps(raw))
    steps = load_steps(data.steps, library.rubrics)
    assert steps.banks["teach"].version == "9"
    assert [e.source for e in steps.entries] == [
        "bundled",
        "bundled, overridden",
        "user, overrides bundled",
    ]


# CSV import: known answers


def csv_problems(text: str, teach: Rubric) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        parse_csv_bank(text.encode(), bank_id="oak", name="Oak", rubric=teach)
    return caught.value.problems


def test_the_starter_csv_imports_with_ids_from_strand_and_order(teach: Rubric) -> None:
    bank = parse_csv_bank(STARTER_CSV, bank_id="oak", name="Oak", rubric=teach)
    assert [(s.id, s.elements, s.order) for s in bank.steps] == [
        ("checks-for-understanding-1", ("CFU",), 1),
        ("checks-for-understanding-2", ("CFU", "FB"), 2),
    ]
    assert bank.steps[1].cues == ("Mime holding up a board", "Whisper: 'scan them all'")
    assert bank.rubric == "teach"


def test_csv_problems_name_the_row_and_the_column(teach: Rubric) -> None:
    text = (
        "strand,order,title,elements\n"
        "Questions,1,Ask three names,CFU XYZ\n"
        "Questions,1,Wait five seconds,CT\n"
        ",first,,\n"
    )
    assert csv_problems(text, teach) == [
        "row 2, column elements: code 'XYZ' is not an element of the rubric 'teach'",
        "row 3, column order: 1 in strand 'Questions' is also row 2's; give each step of a "
        "strand its own place",
        "row 4, column strand: empty; name the strand the step belongs to",
        "row 4, column order: 'first' must be a whole number from 1 to 999 (its place in the "
        "strand)",
        "row 4, column title: empty; write the step, short",
        "row 4, column elements: empty; give the element code(s) it serves, separated by spaces",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "",
            "row 1: no header row; the first row must name the columns strand, order, title, "
            "elements (and optionally model, rehearsal, cues)",
        ),
        (
            "a,b\n1,2\n",
            "row 1: not a step bank CSV; the first row must name the columns strand, "
            "order, title, elements (and optionally model, rehearsal, cues)",
        ),
        ("Strand,Order,Title\nA,1,x\n", "row 1: missing required column 'elements'"),
        ("strand,order,title,elements\n", "no rows under the header; add one row per step"),
    ],
)
def test_a_csv_that_is_not_a_bank_says_what_the_header_needs(
    teach: Rubric, text: str, problem: str
) -> None:
    assert csv_problems(text, teach) == [problem]


def test_import_writes_the_bank_and_bumps_its_version_on_replace(
    data: DataFolder, library: RubricLibrary, tmp_path: Path
) -> None:
    source = tmp_path / "oak.csv"
    source.write_bytes(STARTER_CSV)
    first = import_csv_bank(
        source, data.steps, library.rubrics, bank_id="oak", name="Oak", rubric="teach"
    )
    assert first.path == data.steps / "oak.json" and not first.replaced
    with pytest.raises(FileExistsError):
        import_csv_bank(
            source, data.steps, library.rubrics, bank_id="oak", name="Oak", rubric="teach"
        )
    again = import_csv_bank(
        source, data.steps, library.rubrics, bank_id="oak", name="Oak", rubric="teach", force=True
    )
    assert (again.previous_version, again.bank.version) == ("1", "2")
    assert load_steps(data.steps, library.rubrics).banks["oak"].version == "2"


# What the picker offers


def test_the_picker_marks_what_was_worked_on_and_suggests_the_next_in_the_strand(
    library: RubricLibrary,
) -> None:
    steps = load_steps(None, library.rubrics)
    uses = [None, BankStepUse(bank="teach", id="cfu-1", version="1")]
    offered = choices(steps, "teach", ["CFU"], worked_on(uses))
    assert [(c.item.step.id, c.worked_on, c.suggested) for c in offered] == [
        ("cfu-1", True, False),
        ("cfu-2", False, True),
        ("cfu-3", False, False),
    ]


def test_a_finished_strand_suggests_the_first_step_not_worked_on(library: RubricLibrary) -> None:
    steps = load_steps(None, library.rubrics)
    worked = [("teach", "cfu-3"), ("teach", "cfu-1"), ("teach", "cfu-2")]
    offered = choices(steps, "teach", ["CFU", "FB"], worked)
    assert [c.item.step.id for c in offered if c.suggested] == ["fb-1"]
    assert {c.item.step.id for c in offered} == {"cfu-1", "cfu-2", "cfu-3", "fb-1", "fb-2", "fb-3"}


def test_with_no_element_the_rubrics_steps_are_offered(library: RubricLibrary) -> None:
    steps = load_steps(None, library.rubrics)
    offered = choices(steps, "five-challenges", [], [])
    assert len(offered) == 15 and offered[0].suggested
    assert choices(steps, "drop-in", [], []) == []


# The coach's own bank


def test_a_step_the_coach_writes_is_saved_to_their_bank_and_updated_by_title(
    data: DataFolder, library: RubricLibrary
) -> None:
    def save(model: str) -> Path:
        saved = save_own_step(
            data.steps,
            library.rubrics,
            coach="Amina Diallo",
            rubric="teach",
            title="Count down  from five",
            element="PBE",
            model=model,
            rehearsal="Three times, coach as the class",
        )
        return saved.path

    path = save("5, 4, 3 ...")
    assert path == data.steps / "amina-diallo-teach.json"
    written = json.loads(path.read_text())
    assert written["version"] == "1"
    assert written["steps"] == [
        {
            "id": "count-down-from-five",
            "title": "Count down from five",
            "elements": ["PBE"],
            "strand": "My steps",
            "order": 1,
            "model": "5, 4, 3 ...",
            "rehearsal": "Three times, coach as the class",
        }
    ]
    save("5, 4, 3, 2, 1, silent")
    written = json.loads(path.read_text())
    assert (written["version"], len(written["steps"])) == ("2", 1)
    assert written["steps"][0]["model"] == "5, 4, 3, 2, 1, silent"


def test_an_invalid_own_bank_is_never_overwritten(data: DataFolder, library: RubricLibrary) -> None:
    data.steps.mkdir()
    path = data.steps / "my-teach.json"
    path.write_bytes(b'{"id": "my-teach",')
    with pytest.raises(InvalidFile):
        save_own_step(
            data.steps,
            library.rubrics,
            coach="",
            rubric="teach",
            title="x",
            element="CFU",
            model="",
            rehearsal="",
        )
    assert path.read_bytes() == b'{"id": "my-teach",'


# Parsers never raise anything else


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def damaged_bank(draw: st.DrawFn) -> bytes:
    """The starter bank with one value dropped or replaced by junk, perhaps cut short."""
    document = orjson.loads(bank_with())
    at = draw(st.sampled_from(list(places(document))))
    parent = document
    for step in at[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[at[-1]]
    else:
        parent[at[-1]] = draw(JUNK)
    data = json.dumps(document, ensure_ascii=False).encode()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@FAST
@given(damaged_bank())
def test_a_damaged_bank_raises_only_invalid_file(data: bytes) -> None:
    from observer_tui.core.rubrics import load_library

    try:
        parse_bank(data, load_library(None).rubrics)
    except InvalidFile as error:
        assert all(p and "\n" not in p and len(p) < 500 for p in error.problems)


@FAST
@given(st.integers(0, len(STARTER_CSV)), st.binary(max_size=12), st.integers(0, 12))
def test_a_damaged_csv_bank_raises_only_invalid_file(where: int, junk: bytes, cut: int) -> None:
    from observer_tui.core.rubrics import load_library

    teach = load_library(None).get("teach")
    assert teach is not None
    data = STARTER_CSV[:where] + junk + STARTER_CSV[where + cut :]
    try:
        parse_csv_bank(data, bank_id="oak", name="Oak", rubric=teach)
    except InvalidFile as error:
        assert all(p and "\n" not in p and len(p) < 500 for p in error.problems)


@FAST
@given(st.text(alphabet=st.sampled_from(',"\n;|\t CFUXa1é'), max_size=200))
def test_any_csv_text_raises_only_invalid_file(text: str) -> None:
    from observer_tui.core.rubrics import load_library

    teach = load_library(None).get("teach")
    assert teach is not None
    try:
        parse_csv_bank(
            b"strand,order,title,elements,cues\n" + text.encode(),
            bank_id="o",
            name="O",
            rubric=teach,
        )
    except InvalidFile as error:
        assert all(p and "\n" not in p and len(p) < 500 for p in error.problems)


# The commands


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_steps_list_json_gives_each_step_its_bank_rubric_and_place(
    data: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--data-dir", str(data.root), "steps", "list", "--json", "--element", "cfu"
    )
    listed = json.loads(out)
    assert code == 0
    assert [
        (s["id"], s["bank"], s["rubric"], s["elements"], s["strand"], s["order"]) for s in listed
    ] == [
        ("cfu-1", "teach", "teach", ["CFU"], "Checks for understanding", 1),
        ("cfu-2", "teach", "teach", ["CFU"], "Checks for understanding", 2),
        ("cfu-3", "teach", "teach", ["CFU"], "Checks for understanding", 3),
    ]
    assert listed[0]["title"] == "Ask three named pupils before the task starts"


def test_steps_show_prints_the_model_rehearsal_and_cues(
    data: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data.root), "steps", "show", "teach/cfu-2")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Use mini-whiteboards for a whole-class check",
        "teach/cfu-2 · Teach action steps version 1 · rubric teach",
        "Elements: CFU · strand Checks for understanding, step 2",
    ]
    assert "What good looks like:" in out and "Rehearsal:" in out and "  - Mime holding" in out
    code, _, err = run(capsys, "--data-dir", str(data.root), "steps", "show", "nope")
    assert code == 2 and "no step or bank 'nope'" in err


def test_steps_import_reports_rows_and_writes_nothing_when_invalid(
    data: DataFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "oak.csv"
    source.write_text("strand,order,title,elements\nQ,1,Ask,CFU\nQ,2,Wait,ZZ\n")
    code, out, err = run(
        capsys,
        "--data-dir",
        str(data.root),
        "steps",
        "import",
        str(source),
        "--id",
        "oak",
        "--name",
        "Oak",
        "--rubric",
        "teach",
    )
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{source}: row 3, column elements: code 'ZZ' is not an element of the rubric 'teach'",
        "observer-tui: nothing imported (1 problem)",
    ]
    assert not (data.steps / "oak.json").exists()
    source.write_text("strand,order,title,elements\nQ,1,Ask,CFU\nQ,2,Wait,CT\n")
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(data.root),
        "steps",
        "import",
        str(source),
        "--id",
        "oak",
        "--name",
        "Oak",
        "--rubric",
        "teach",
    )
    assert code == 0
    assert out == f"Imported Oak (oak) version 1: 2 steps for teach -> {data.steps / 'oak.json'}\n"
    code, out, _ = run(capsys, "--data-dir", str(data.root), "steps", "list", "--bank", "oak")
    assert [line.split()[0] for line in out.splitlines()] == ["ID", "q-1", "q-2"]


def test_steps_validate_checks_json_and_csv_and_new_starts_both(
    data: DataFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for flag, name in (([], "mine.json"), (["--csv"], "mine.csv")):
        code, out, _ = run(capsys, "steps", "new", *flag)
        assert code == 0
        (tmp_path / name).write_text(out)
    bad = tmp_path / "bad.json"
    bad.write_bytes(bank_with(elements=["NOPE"]))
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(data.root),
        "steps",
        "validate",
        str(tmp_path / "mine.json"),
        str(tmp_path / "mine.csv"),
        str(bad),
    )
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'mine.json'}: valid (My school's action steps: 1 step for teach)",
        f"{tmp_path / 'mine.csv'}: valid (mine: 2 steps for teach)",
        f"{bad}: steps[0] (cfu-1).elements[0]: code 'NOPE' is not an element of the rubric 'teach'",
    ]


def test_steps_schema_is_the_json_schema_of_a_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "steps", "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "StepBank"
    assert {"id", "name", "version", "rubric", "steps"} <= set(schema["required"])
