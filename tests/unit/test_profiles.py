"""School profiles: validated like rubrics, and what a drop-in set up with one records."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.index import SessionSummary
from observer_tui.core.profiles import Profile, load_profiles, parse_profile
from observer_tui.core.requests import check_minutes, remembered_profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import InvalidFile, RubricLibrary
from tests.conftest import start_observation

OAK = {
    "id": "oak",
    "name": "Oak Primary",
    "rubric": "teach",
    "duration_minutes": 20,
    "snapshot_marks": [{"start_minute": 2, "end_minute": 3}],
    "debrief_prompts": {"describe": ["What did you notice first?"]},
}


@pytest.fixture
def oak(library: RubricLibrary) -> Profile:
    return parse_profile(orjson.dumps(OAK), library.rubrics)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"rubric": "gone"},
            "rubric: no rubric 'gone' (have: copus, drop-in, five-challenges, teach)",
        ),
        ({"duration_minutes": 500}, "duration_minutes: must be at most 240"),
        (
            {"id": "Oak School"},
            "id: id 'Oak School' must be lowercase letters, digits, '-' or '_' "
            "(at most 64, starting with a letter or digit)",
        ),
        (
            {"snapshot_marks": [{"start_minute": 3, "end_minute": 2}]},
            "snapshot_marks[0].end_minute: must be later than start_minute",
        ),
        ({"debrief_prompt": {}}, "debrief_prompt: unknown field (check its spelling)"),
        (
            {"rubric": "drop-in"},
            "snapshot_marks: Generic drop-in has no time-on-task snapshots; remove the marks",
        ),
    ],
)
def test_invalid_profiles_name_the_field(
    library: RubricLibrary, change: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidFile) as raised:
        parse_profile(orjson.dumps({**OAK, **change}), library.rubrics)
    assert raised.value.problems == [message]


def test_a_drop_in_at_a_school_takes_its_length_marks_and_prompts(
    oak: Profile, teach: Rubric, clock: ManualClock
) -> None:
    assert check_minutes("", teach, oak) == 20
    assert check_minutes("12", teach, oak) == 12
    session = start_observation(teach, clock, profile=oak).session
    assert session.profile == "oak"
    assert session.snapshot_spec is not None
    assert [(m.start_minute, m.end_minute) for m in session.snapshot_spec.marks] == [(2, 3)]
    assert [f.id for f in session.snapshot_spec.fields] == ["learning_activity", "off_task"]
    assert session.debrief_prompts is not None
    assert session.debrief_prompts.describe == ("What did you notice first?",)
    assert teach.debrief_prompts is not None
    assert session.debrief_prompts.next_step == teach.debrief_prompts.next_step


def test_without_a_profile_the_rubric_decides(teach: Rubric, clock: ManualClock) -> None:
    session = start_observation(teach, clock).session
    assert session.profile == "" and session.debrief_prompts is None
    assert session.snapshot_spec == teach.observation.snapshots


def test_the_school_is_remembered_per_teacher(
    oak: Profile, teach: Rubric, clock: ManualClock
) -> None:
    older_session = start_observation(teach, clock, teacher="Jane Doe", profile=oak).session
    older = SessionSummary.of(older_session, f"{older_session.id}.json")
    newer_session = start_observation(teach, clock, teacher="Ann").session
    newer = SessionSummary.of(newer_session, f"{newer_session.id}.json")
    assert remembered_profile([newer, older], " jane doe") == "oak"
    assert remembered_profile([newer, older], "Ann") == ""


def test_invalid_and_duplicate_profile_files_are_listed_with_their_problem(
    tmp_path: Path, library: RubricLibrary
) -> None:
    (tmp_path / "a.json").write_bytes(orjson.dumps(OAK))
    (tmp_path / "b.json").write_bytes(orjson.dumps(OAK))
    (tmp_path / "c.json").write_text("{oops")
    entries = load_profiles(tmp_path, library.rubrics)
    assert [e.profile.id if e.profile else None for e in entries] == ["oak", None, None]
    assert entries[1].problems == ("id: 'oak' is also the id of a.json; change one",)
    assert entries[2].problems[0].startswith("not valid JSON (")
