"""Rubric files as a coach reads them back: `rubrics show`, sizes, and the exact message of
each kind of mistake in a hand-written file, with the field it is in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from observer_tui.core.numbers import plural
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import (
    InvalidFile,
    RubricEntry,
    RubricLibrary,
    load_library,
    parse_rubric,
    rubric_outline,
    rubric_size,
)
from tests.unit.test_rubrics import MINIMAL

OUTLINED: dict[str, Any] = {
    "id": "oak",
    "name": "Oak lesson look-fors",
    "version": "2.1",
    "source": "Oak Academy coaches, CC BY 4.0",
    "domains": [
        {
            "name": "Culture",
            "elements": [
                {
                    "code": "ROU",
                    "name": "Routines",
                    "description": "Pupils know what to do.",
                    "look_fors": ["Entry routine", "Transitions under a minute"],
                },
                {"code": "B", "name": "Behaviour"},
            ],
        },
        {"name": "Instruction", "elements": [{"code": "CFU2", "name": "Checks"}]},
    ],
    "quick_tags": [{"code": "T", "name": "Transition"}],
}


def test_show_lays_out_areas_codes_descriptions_and_look_fors() -> None:
    rubric = Rubric.model_validate(OUTLINED)
    # Codes padded to the longest (CFU2, 4); what belongs to an element under its name.
    assert rubric_outline(rubric) == (
        "Oak lesson look-fors (oak) version 2.1\n"
        "Source: Oak Academy coaches, CC BY 4.0\n"
        "\n"
        "Culture\n"
        "  ROU   Routines\n"
        "        Pupils know what to do.\n"
        "        - Entry routine\n"
        "        - Transitions under a minute\n"
        "  B     Behaviour\n"
        "\n"
        "Instruction\n"
        "  CFU2  Checks\n"
        "\n"
        "Quick tags\n"
        "  T     Transition"
    )


def test_show_without_a_source_leaves_the_line_out() -> None:
    rubric = Rubric.model_validate(MINIMAL)
    assert rubric_outline(rubric).splitlines()[:4] == [
        "Mini (mini) version 1",
        "",
        "Area A",
        "  CFU  Checks",
    ]


def test_show_makes_control_characters_visible() -> None:
    rubric = Rubric.model_validate({**OUTLINED, "name": "Oak\x1b[2J", "source": "a\nb"})
    text = rubric_outline(rubric)
    assert "\x1b" not in text
    assert text.splitlines()[1].startswith("Source: a") and "b" in text.splitlines()[1]


def test_sizes_count_areas_and_elements_in_words() -> None:
    assert rubric_size(Rubric.model_validate(MINIMAL)) == "2 areas, 3 elements"
    one = {**MINIMAL, "domains": [MINIMAL["domains"][0]]}
    assert rubric_size(Rubric.model_validate(one)) == "1 area, 1 element"
    # Quick tags are not elements of the framework.
    assert rubric_size(Rubric.model_validate(OUTLINED)) == "2 areas, 3 elements"
    assert plural(0, "line") == "0 lines"
    assert plural(10_000, "line") == "10,000 lines"


def problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidFile) as raised:
        parse_rubric(orjson.dumps(raw))
    return raised.value.problems


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"observation": {"duration_minutes": 241}},
            "observation.duration_minutes: must be at most 240",
        ),
        ({"name": 5}, "name: must be text in quotes"),
        ({"domains": "Culture"}, "domains: must be a list in [ ]"),
        ({"observation": "15"}, "observation: must be an object in { }"),
        (
            {"id": "Mini Rubric"},
            "id 'Mini Rubric' must be lowercase letters, digits, '-' or '_' (at most 64, "
            "starting with a letter or digit)",
        ),
        ({"calibration": {"within": -1}}, "calibration.within: must be at least 0"),
    ],
)
def test_each_mistake_is_named_with_its_field(change: dict[str, Any], problem: str) -> None:
    found = problems({**MINIMAL, **change})
    if problem.startswith("id "):
        problem = f"id: {problem}"
    assert found == [problem]


def test_a_bad_element_of_a_list_is_one_problem_not_also_too_short() -> None:
    raw = {**MINIMAL, "debrief_prompts": {"describe": ["What did you see?", 7]}}
    assert problems(raw) == ["debrief_prompts.describe[1]: must be text in quotes"]
    raw = {**MINIMAL, "debrief_prompts": {"describe": "What did you see?"}}
    assert problems(raw) == ["debrief_prompts.describe: must be a list in [ ]"]


def test_every_problem_is_listed_and_the_message_counts_the_rest() -> None:
    raw = {**MINIMAL, "name": "", "version": 2, "colour": "red"}
    with pytest.raises(InvalidFile) as raised:
        parse_rubric(orjson.dumps(raw))
    assert raised.value.problems == [
        "name: must not be empty",
        "version: must be text in quotes",
        "colour: unknown field (check its spelling)",
    ]
    assert str(raised.value) == "name: must not be empty (and 2 more)"
    assert str(InvalidFile(["only one"])) == "only one"


def test_a_very_long_unknown_field_is_named_short() -> None:
    (found,) = problems({**MINIMAL, "x" * 100: 1})
    assert found == "x" * 39 + "…: unknown field (check its spelling)"


def test_two_user_rubrics_with_one_id_are_both_named(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "a.json").write_bytes(orjson.dumps(MINIMAL))
    (folder / "b.json").write_bytes(orjson.dumps({**MINIMAL, "name": "Second"}))
    (folder / "c.json").write_bytes(orjson.dumps({**MINIMAL, "id": "teach", "name": "Ours"}))
    library = load_library(folder)
    assert library.rubrics["mini"].name == "Mini"
    assert [str(p) for p in library.problems] == [
        f"{folder / 'b.json'}: id: 'mini' is also the id of a.json; give one of them another id"
    ]
    sources = {(e.path.name, e.source, e.in_use) for e in library.entries}
    assert ("a.json", "user", True) in sources
    assert ("b.json", "user", False) in sources
    assert ("c.json", "user, overrides bundled", True) in sources
    assert ("teach.json", "bundled, overridden", False) in sources
    assert ("drop-in.json", "bundled", True) in sources
    assert library.default().name == "Ours"  # the coach's teach, not the bundled one


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    (folder / "folder.json").mkdir(parents=True)
    library = load_library(folder)
    [problem] = library.problems
    assert problem.path == folder / "folder.json"
    assert problem.message.startswith("cannot read: ")


def test_without_teach_the_first_rubric_is_the_default() -> None:
    mini = Rubric.model_validate(MINIMAL)
    oak = Rubric.model_validate(OUTLINED)
    library = RubricLibrary([RubricEntry(Path("mini.json"), False, rubric=mini)])
    assert library.default() == mini
    both = RubricLibrary(
        [
            RubricEntry(Path("oak.json"), True, rubric=oak),
            RubricEntry(Path("mini.json"), False, rubric=mini),
        ]
    )
    assert both.default() == oak
    assert both.get("mini") == mini and both.get("teach") is None


def test_a_changed_rubrics_long_versions_are_named_short() -> None:
    oak = Rubric.model_validate({**OUTLINED, "version": "2026-11-24 trust-wide review"})
    library = RubricLibrary([RubricEntry(Path("oak.json"), False, rubric=oak)])
    assert library.change_since("oak", "2025-09-01 first draft for Oak") == (
        "The rubric Oak lesson look-fors has changed since (version 2025-09-01 first dr… then, "
        "2026-11-24 trust-wi… now); the session keeps the names of the elements it used."
    )


def test_a_broken_user_file_is_listed_as_the_coachs(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "broken.json").write_bytes(b"{")
    (entry,) = [e for e in load_library(folder).entries if e.problems]
    assert (entry.path, entry.bundled, entry.source, entry.in_use) == (
        folder / "broken.json",
        False,
        "user",
        False,
    )
