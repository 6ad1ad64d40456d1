"""Action-step banks as a coach meets them: what `steps list --json` gives, which step the
picker suggests, the coach's own bank file on disk, and what a failed import or write says."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import orjson
import pytest

from observer_tui.core.csv_import import WriteFailed
from observer_tui.core.debrief import BankStepUse
from observer_tui.core.locations import DataFolder, bundled_data
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import InvalidFile, RubricLibrary
from observer_tui.core.steps import (
    choices,
    import_csv_bank,
    load_steps,
    own_bank_id,
    parse_csv_bank,
    save_own_step,
)
from tests.unit.test_steps import STARTER_CSV, bank_with


def test_steps_list_json_has_every_field_of_a_step(library: RubricLibrary) -> None:
    (cfu_2,) = load_steps(None, library.rubrics).find("teach/cfu-2")
    bank = orjson.loads((bundled_data() / "steps" / "teach.json").read_bytes())
    (in_file,) = [s for s in bank["steps"] if s["id"] == "cfu-2"]
    assert cfu_2.as_json() == {
        "id": "cfu-2",
        "bank": "teach",
        "bank_version": "1",
        "rubric": "teach",
        "title": "Use mini-whiteboards for a whole-class check",
        "elements": ["CFU"],
        "strand": "Checks for understanding",
        "order": 2,
        "model": in_file["model"],
        "rehearsal": in_file["rehearsal"],
        "cues": ["Mime holding up a board"],
    }
    assert in_file["model"].startswith("Ask one question") and in_file["rehearsal"]


def test_a_step_picked_records_its_bank_id_and_version(library: RubricLibrary) -> None:
    bank = load_steps(None, library.rubrics).banks["teach"]
    step = bank.steps[3]
    assert bank.use(step) == BankStepUse(bank="teach", id=step.id, version=bank.version)


def test_a_bank_is_listed_strand_by_strand_in_the_order_of_its_file(
    library: RubricLibrary,
) -> None:
    listed = [i.step.id for i in load_steps(None, library.rubrics).steps(bank="teach")]
    assert listed[:7] == ["sle-1", "sle-2", "sle-3", "pbe-1", "pbe-2", "pbe-3", "lf-1"]
    assert len(listed) == 27


def test_the_picker_suggests_the_next_step_of_the_latest_strand(library: RubricLibrary) -> None:
    steps = load_steps(None, library.rubrics)
    offered = choices(steps, "teach", ["CFU", "FB"], [("teach", "fb-1")])
    assert [c.item.step.id for c in offered if c.suggested] == ["fb-2"]


def test_the_picker_skips_a_step_already_worked_on_in_the_strand(library: RubricLibrary) -> None:
    # Newest first: cfu-1 is the latest; cfu-3 was done before it, so cfu-2 comes next.
    steps = load_steps(None, library.rubrics)
    offered = choices(steps, "teach", ["CFU"], [("teach", "cfu-1"), ("teach", "cfu-3")])
    assert [(c.item.step.id, c.worked_on, c.suggested) for c in offered] == [
        ("cfu-1", True, False),
        ("cfu-2", False, True),
        ("cfu-3", True, False),
    ]


def test_an_invalid_user_bank_does_not_stop_the_next_from_overriding(
    data: DataFolder, library: RubricLibrary
) -> None:
    data.steps.mkdir()
    (data.steps / "a-broken.json").write_bytes(b"{")
    (data.steps / "a-folder.json").mkdir()
    raw = orjson.loads(bank_with()) | {"id": "teach", "version": "7"}
    (data.steps / "b-teach.json").write_bytes(orjson.dumps(raw))
    steps = load_steps(data.steps, library.rubrics)
    assert steps.banks["teach"].version == "7"
    assert [(e.path.name, e.bundled, e.source) for e in steps.entries] == [
        ("five-challenges.json", True, "bundled"),
        ("teach.json", True, "bundled, overridden"),
        ("a-broken.json", False, "user"),
        ("a-folder.json", False, "user"),
        ("b-teach.json", False, "user, overrides bundled"),
    ]
    assert [p.split(": ", 1)[0] for p in steps.problems] == [
        str(data.steps / "a-broken.json"),
        str(data.steps / "a-folder.json"),
    ]
    assert steps.problems[1].startswith(f"{data.steps / 'a-folder.json'}: cannot read: ")


@pytest.mark.parametrize(
    ("coach", "rubric", "bank"),
    [
        ("Amina Diallo", "teach", "amina-diallo-teach"),
        ("", "teach", "my-teach"),
        ("  ", "five-challenges", "my-five-challenges"),
        ("Zoë O'Brien-Smith", "teach", "zo-o-brien-smith-teach"),
        ("---", "teach", "my-teach"),
        ("A" * 70, "teach", "a" * 40 + "-teach"),
    ],
)
def test_a_coachs_own_bank_is_named_for_them_and_the_rubric(
    coach: str, rubric: str, bank: str
) -> None:
    assert own_bank_id(coach, rubric) == bank


def save(data: DataFolder, library: RubricLibrary, title: str, coach: str = "") -> Path:
    return save_own_step(
        data.steps,
        library.rubrics,
        coach=coach,
        rubric="teach",
        title=title,
        element="CFU",
        model="Model it",
        rehearsal="Twice",
    ).path


def test_a_second_step_is_added_after_the_first_in_my_steps(
    data: DataFolder, library: RubricLibrary
) -> None:
    path = save(data, library, "Ask three names")
    assert path == data.steps / "my-teach.json"
    save(data, library, "Wait five seconds")
    save(data, library, "Ask three names!")
    written = json.loads(path.read_text())
    assert written["name"] == "My own steps (teach)"
    assert written["version"] == "3"
    assert [(s["id"], s["title"], s["order"]) for s in written["steps"]] == [
        ("ask-three-names", "Ask three names", 1),
        ("wait-five-seconds", "Wait five seconds", 2),
        ("ask-three-names-2", "Ask three names!", 3),
    ]


def test_a_step_that_cannot_be_written_names_the_file(
    tmp_path: Path, library: RubricLibrary
) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    folder = tmp_path / "not-a-folder" / "steps"
    with pytest.raises(WriteFailed) as raised:
        save_own_step(
            folder,
            library.rubrics,
            coach="Sam",
            rubric="teach",
            title="x",
            element="CFU",
            model="",
            rehearsal="",
        )
    assert raised.value.errno == errno.ENOTDIR
    assert raised.value.filename == str(folder / "sam-teach.json")
    source = tmp_path / "oak.csv"
    source.write_bytes(STARTER_CSV)
    with pytest.raises(WriteFailed) as raised:
        import_csv_bank(source, folder, library.rubrics, bank_id="oak", name="Oak", rubric="teach")
    assert raised.value.errno == errno.ENOTDIR
    assert raised.value.filename == str(folder / "oak.json")


def test_import_for_a_rubric_not_installed_says_which_are(
    tmp_path: Path, library: RubricLibrary
) -> None:
    source = tmp_path / "oak.csv"
    source.write_bytes(STARTER_CSV)
    for rubrics, have in (
        (library.rubrics, "copus, drop-in, five-challenges, teach"),
        ({}, "none"),
    ):
        with pytest.raises(InvalidFile) as raised:
            import_csv_bank(source, tmp_path, rubrics, bank_id="oak", name="Oak", rubric="oak")
        assert raised.value.problems == [f"no rubric 'oak' is installed (have: {have})"]


def test_a_csv_bank_keeps_each_rehearsal_and_cuts_long_strands_in_ids(teach: Rubric) -> None:
    strand = "Checks for understanding in every single lesson, every day"
    text = (
        "strand,order,title,elements,rehearsal\n"
        f'"{strand}",1,Ask three names,CFU,Coach as three pupils\n'
    )
    bank = parse_csv_bank(text.encode(), bank_id="oak", name="Oak", rubric=teach)
    (step,) = bank.steps
    assert step.rehearsal == "Coach as three pupils"
    assert step.id == "checks-for-understanding-in-every-single-lesson-ev-1"


def test_a_long_order_is_quoted_short(teach: Rubric) -> None:
    order = "first of all, before anything else"
    text = f'strand,order,title,elements\nQuestions,"{order}",Ask,CFU\n'
    with pytest.raises(InvalidFile) as raised:
        parse_csv_bank(text.encode(), bank_id="oak", name="Oak", rubric=teach)
    assert raised.value.problems == [
        "row 2, column order: 'first of all, befor…' must be a whole number from 1 to 999 "
        "(its place in the strand)"
    ]


def test_a_csv_bank_with_no_name_says_so(teach: Rubric) -> None:
    with pytest.raises(InvalidFile) as raised:
        parse_csv_bank(STARTER_CSV, bank_id="oak", name=" ", rubric=teach)
    assert raised.value.problems == ["name: must not be empty"]


def test_a_long_titles_step_id_is_cut_at_a_word_without_a_dash(
    data: DataFolder, library: RubricLibrary
) -> None:
    title = "a" * 49 + " b then more words after the cut"
    path = save(data, library, title)
    (step,) = json.loads(path.read_text())["steps"]
    assert step["id"] == "a" * 49


def test_a_bank_the_coach_renamed_keeps_its_name_when_a_step_is_added(
    data: DataFolder, library: RubricLibrary
) -> None:
    path = save(data, library, "Ask three names", coach="Amina")
    raw = json.loads(path.read_text()) | {"name": "Amina's questioning steps"}
    path.write_text(json.dumps(raw))
    save(data, library, "Wait five seconds", coach="Amina")
    written = json.loads(path.read_text())
    assert (written["name"], written["version"]) == ("Amina's questioning steps", "2")
    assert written["source"] == "Written by the coach in observer-tui"
