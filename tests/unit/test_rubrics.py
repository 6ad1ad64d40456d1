"""Rubric files: the bundled ones are valid; each kind of invalid file gets its exact message."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest

from observer_tui.core.drafts import read_draft
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import bundled_rubric_paths, load_library, parse_rubric

MINIMAL: dict[str, Any] = {
    "id": "mini",
    "name": "Mini",
    "version": "1",
    "domains": [
        {"name": "Area A", "elements": [{"code": "CFU", "name": "Checks"}]},
        {
            "name": "Area B",
            "elements": [{"code": "4", "name": "Four"}, {"code": "4.2", "name": "Four two"}],
        },
    ],
}


def test_every_bundled_rubric_is_valid() -> None:
    paths = bundled_rubric_paths()
    assert {p.stem for p in paths} >= {"teach", "five-challenges", "drop-in"}
    for path in paths:
        rubric = parse_rubric(path.read_bytes())
        assert rubric.id == path.stem


def test_teach_has_three_areas_nine_elements_scales_and_snapshots() -> None:
    teach = parse_rubric(next(p for p in bundled_rubric_paths() if p.stem == "teach").read_bytes())
    assert [d.name for d in teach.domains] == [
        "Classroom Culture",
        "Instruction",
        "Socioemotional Skills",
    ]
    assert sum(len(d.elements) for d in teach.domains) == 9
    assert all(e.look_fors for d in teach.domains for e in d.elements)
    assert [level.value for level in teach.scales[0].levels] == ["1", "2", "3", "4", "5"]
    assert [level.value for level in teach.scales[1].levels] == ["L", "M", "H", "N/A"]
    spec = teach.observation.snapshots
    assert spec is not None
    assert [(m.start_minute, m.end_minute) for m in spec.marks] == [(4, 5), (9, 10), (14, 15)]
    assert [f.id for f in spec.fields] == ["learning_activity", "off_task"]
    assert [o.value for o in spec.fields[1].options] == ["0-1", "2-5", "6+"]


def with_change(path: list[Any], value: Any) -> bytes:
    data = copy.deepcopy(MINIMAL)
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return orjson.dumps(data)


INVALID = [
    (
        with_change(["domains", 1, "elements", 1, "code"], "cfu"),
        "domains[1].elements[1].code: duplicate code 'cfu' (also at domains[0].elements[0].code); "
        "give each element its own code",
    ),
    (
        with_change(["domains", 0, "elements", 0, "code"], "C FU"),
        "domains[0].elements[0].code: code 'C FU' must be 1-24 characters "
        "with no spaces and no '#'",
    ),
    (
        with_change(["domains", 0, "elements", 0, "code"], "#CFU"),
        "domains[0].elements[0].code: code '#CFU' must be 1-24 characters "
        "with no spaces and no '#'",
    ),
    (with_change(["name"], KeyError), "name: required field is missing (add it)"),
    (
        with_change(["domains"], []),
        "domains: needs at least 1 item(s)",
    ),
    (with_change(["colour"], "red"), "colour: unknown field (check its spelling)"),
    (with_change(["domains", 0], "Instruction"), "domains[0]: must be an object in { }"),
    (
        with_change(["domains", 1, "elements", 0, "name"], "  "),
        "domains[1].elements[0].name: must not be empty",
    ),
    (
        with_change(["observation"], {"duration_minutes": 0}),
        "observation.duration_minutes: must be at least 1",
    ),
    (
        with_change(
            ["observation"],
            {
                "snapshots": {
                    "marks": [{"start_minute": 5, "end_minute": 4}],
                    "fields": [
                        {
                            "id": "a",
                            "label": "A",
                            "options": [
                                {"key": "y", "value": "yes", "label": "Yes"},
                                {"key": "n", "value": "no", "label": "No"},
                            ],
                        }
                    ],
                }
            },
        ),
        "observation.snapshots.marks[0].end_minute: must be later than start_minute",
    ),
    (
        with_change(
            ["observation"],
            {
                "snapshots": {
                    "fields": [
                        {
                            "id": "a",
                            "label": "A",
                            "options": [
                                {"key": "y", "value": "yes", "label": "Yes"},
                                {"key": "y", "value": "no", "label": "No"},
                            ],
                        }
                    ]
                }
            },
        ),
        "observation.snapshots.fields[0].options[1].key: duplicate key 'y'",
    ),
    (b"[1, 2]", "not a rubric: the file must hold a JSON object"),
]


@pytest.mark.parametrize(("data", "message"), INVALID)
def test_invalid_rubric_gives_its_precise_message(data: bytes, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_rubric(data)
    assert str(raised.value) == message


def test_a_file_that_is_not_json_says_so_with_the_position() -> None:
    with pytest.raises(ValueError) as raised:
        parse_rubric(b"{not json")
    assert str(raised.value).startswith("not valid JSON (")
    assert "line 1 column 2" in str(raised.value)


def test_invalid_user_rubric_is_reported_and_the_valid_ones_still_load(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "broken.json").write_bytes(with_change(["domains", 1, "elements", 1, "code"], "CFU"))
    (folder / "mini.json").write_bytes(orjson.dumps(MINIMAL))
    library = load_library(folder)
    assert "mini" in library.rubrics and "teach" in library.rubrics
    [problem] = library.problems
    assert str(problem) == (
        f"{folder / 'broken.json'}: domains[1].elements[1].code: "
        "duplicate code 'CFU' (also at domains[0].elements[0].code); "
        "give each element its own code"
    )


def test_user_rubric_with_a_bundled_id_overrides_it(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "teach.json").write_bytes(orjson.dumps({**MINIMAL, "id": "teach", "name": "Ours"}))
    assert load_library(folder).rubrics["teach"].name == "Ours"


@pytest.mark.parametrize("code", ["4", "4.2", "CFU", "cfu2", "D/V", "1a)", "É.3", "x-y_z", "?!"])
def test_tag_syntax_accepts_every_code_a_rubric_can_define(code: str) -> None:
    data = copy.deepcopy(MINIMAL)
    data["domains"] = [{"name": "Area", "elements": [{"code": code, "name": "The element"}]}]
    rubric = Rubric.model_validate(data)
    draft = read_draft(f"saw it #{code} today", rubric)
    assert draft.tags == [code]
    assert draft.unknown == []
    assert draft.text == "saw it today"
