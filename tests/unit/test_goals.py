"""A teacher's goals over weeks: carried from session to session, by two coaches, merged."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.goals import GoalMark, current_goal, goal_stories
from observer_tui.core.index import SessionIndex
from observer_tui.core.merge import merge
from observer_tui.core.requests import carried_goal
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session, new_session
from observer_tui.core.storage import SessionStore, parse_session

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


def visit(
    folder: Path, teach: Rubric, at: datetime, coach: str, **agreed: str
) -> tuple[Session, Debriefing]:
    """A drop-in with Ann begun `at` by `coach`, carrying her goal as the app does, and
    its debrief with the step `agreed['step']` (not yet saved)."""
    with closing(SessionIndex(folder, None)) as index:
        index.refresh()
        goal = carried_goal(index.teacher("Ann"), "Ann")
    session = new_session(
        teacher="Ann",
        class_name="Y8",
        coach=coach,
        rubric=teach,
        focus=["CFU"],
        planned_minutes=15,
        at=at,
        goal=goal,
    )
    debriefing = Debriefing(session, ManualClock(at + timedelta(minutes=30)))
    if "step" in agreed:
        debriefing.set_step(text=agreed["step"])
    return session, debriefing


def save(folder: Path, debriefing: Debriefing) -> None:
    SessionStore(folder).save(debriefing.session)


def stories(folder: Path) -> list[tuple[str, str, list[str]]]:
    with closing(SessionIndex(folder, None)) as index:
        index.refresh()
        found = goal_stories(index.teacher("Ann"), "Ann")
    return [(s.goal.title, s.goal.state, [step.step for step in s.steps]) for s in found]


def test_a_goal_carries_over_three_sessions_and_two_coaches(tmp_path: Path, teach: Rubric) -> None:
    folder = tmp_path / "sessions"
    # 1. Sam sets the goal and a first step.
    first, debrief = visit(folder, teach, MONDAY, "Sam", step="Wait five seconds")
    assert first.debrief.teacher_goal is None  # no goal yet to carry
    debrief.set_teacher_goal(title="Every pupil thinks hard", elements=("CFU",))
    save(folder, debrief)
    goal_id = debrief.debrief.teacher_goal.id if debrief.debrief.teacher_goal else ""

    # 2. A week later Priya, the other coach, finds it carried, and renames it.
    second, debrief = visit(folder, teach, MONDAY + timedelta(days=7), "Priya", step="Cold call")
    carried = second.debrief.teacher_goal
    assert carried is not None
    assert (carried.id, carried.title, carried.elements, carried.state) == (
        goal_id,
        "Every pupil thinks hard",
        ("CFU",),
        "active",
    )
    assert "CFU" in second.elements  # its element is copied, so it reads right later
    debrief.set_teacher_goal(title="Every pupil thinks hard in my explanations")
    save(folder, debrief)

    # 3. Sam again: the newest session's title is the goal's; he marks it achieved.
    third, debrief = visit(folder, teach, MONDAY + timedelta(days=14), "Sam")
    assert third.debrief.teacher_goal is not None
    assert third.debrief.teacher_goal.id == goal_id
    assert third.debrief.teacher_goal.title == "Every pupil thinks hard in my explanations"
    debrief.close_goal("achieved")
    debrief.set_teacher_goal(title="Pupils explain their reasoning", elements=("FB",))
    debrief.set_step(text="Ask why twice")
    save(folder, debrief)

    assert stories(folder) == [
        ("Pupils explain their reasoning", "active", ["Ask why twice"]),
        (
            "Every pupil thinks hard in my explanations",
            "achieved",
            ["Wait five seconds", "Cold call"],
        ),
    ]
    fourth, _ = visit(folder, teach, MONDAY + timedelta(days=21), "Priya")
    assert fourth.debrief.teacher_goal is not None
    assert fourth.debrief.teacher_goal.title == "Pupils explain their reasoning"


def test_when_two_coaches_disagree_the_newer_drop_in_says_the_current_goal(
    tmp_path: Path, teach: Rubric
) -> None:
    folder = tmp_path / "sessions"
    _, sam = visit(folder, teach, MONDAY, "Sam", step="Wait")
    sam.set_teacher_goal(title="Sam's goal")
    # Priya's drop-in began later the same day, but she debriefs first: start time decides.
    _, priya = visit(folder, teach, MONDAY + timedelta(hours=3), "Priya", step="Cold call")
    priya.set_teacher_goal(title="Priya's goal")
    save(folder, priya)
    save(folder, sam)
    with closing(SessionIndex(folder, None)) as index:
        index.refresh()
        sessions = index.teacher("Ann")
    found = current_goal(sessions, "Ann")
    assert found is not None and found.title == "Priya's goal"
    earlier = current_goal(sessions, "Ann", before=MONDAY + timedelta(hours=1))
    assert earlier is not None and earlier.title == "Sam's goal"


def test_a_dropped_goal_is_not_carried_and_a_session_without_goals_changes_nothing(
    tmp_path: Path, teach: Rubric
) -> None:
    folder = tmp_path / "sessions"
    _, debrief = visit(folder, teach, MONDAY, "Sam", step="Wait")
    debrief.set_teacher_goal(title="Routines")
    save(folder, debrief)
    # An older version's session (or a debrief without a goal) in between.
    plain = new_session(
        teacher="Ann",
        class_name="Y8",
        coach="Priya",
        rubric=teach,
        focus=[],
        planned_minutes=15,
        at=MONDAY + timedelta(days=7),
    )
    SessionStore(folder).save(plain)
    third, debrief = visit(folder, teach, MONDAY + timedelta(days=14), "Sam")
    assert third.debrief.teacher_goal is not None
    assert third.debrief.teacher_goal.title == "Routines"
    assert debrief.close_goal("dropped") is not None
    save(folder, debrief)
    fourth, _ = visit(folder, teach, MONDAY + timedelta(days=21), "Sam")
    assert fourth.debrief.teacher_goal is None
    assert stories(folder) == [("Routines", "dropped", ["Wait"])]


def test_undoing_a_close_makes_the_goal_the_steps_again(teach: Rubric, tmp_path: Path) -> None:
    _, debrief = visit(tmp_path, teach, MONDAY, "Sam")
    debrief.set_teacher_goal(title="Routines")
    debrief.close_goal("achieved")
    assert debrief.debrief.teacher_goal is None
    reopened = debrief.reopen_goal()
    assert reopened is not None and reopened.state == "active"
    assert debrief.debrief.closed_goals == ()
    debrief.set_teacher_goal(title="")  # set here and emptied: no goal at all
    assert debrief.debrief.teacher_goal is None


def test_the_same_goal_edited_on_two_laptops_keeps_each_later_field(
    tmp_path: Path, teach: Rubric
) -> None:
    session, debrief = visit(tmp_path, teach, MONDAY, "Sam")
    debrief.set_teacher_goal(title="Routines", elements=("CFU",))
    both = debrief.session
    clock_a, clock_b = (
        ManualClock(MONDAY + timedelta(hours=1)),
        ManualClock(MONDAY + timedelta(hours=2)),
    )
    a, b = Debriefing(both, clock_a), Debriefing(both, clock_b)
    a.set_teacher_goal(title="Calm routines")
    b.set_teacher_goal(elements=("CFU", "FB"))
    merged = merge(a.session, b.session).session.debrief.teacher_goal
    assert merged is not None
    assert (merged.title, merged.elements) == ("Calm routines", ("CFU", "FB"))
    assert merge(b.session, a.session).session.debrief.teacher_goal == merged


def test_a_new_goal_on_one_laptop_is_never_mixed_with_an_edit_of_the_old(
    tmp_path: Path, teach: Rubric
) -> None:
    _, debrief = visit(tmp_path, teach, MONDAY, "Sam")
    debrief.set_teacher_goal(title="Routines")
    both = debrief.session
    a = Debriefing(both, ManualClock(MONDAY + timedelta(hours=1)))
    b = Debriefing(both, ManualClock(MONDAY + timedelta(hours=2)))
    a.set_teacher_goal(title="Calm routines")  # earlier: the old goal's title fixed
    b.close_goal("achieved")  # later: achieved, and a new one set
    b.set_teacher_goal(title="Questioning")
    for merged in (merge(a.session, b.session), merge(b.session, a.session)):
        goal = merged.session.debrief.teacher_goal
        assert goal is not None and goal.title == "Questioning"
        closed = [(g.title, g.state) for g in merged.session.debrief.closed_goals]
        assert closed == [("Routines", "achieved")]
    assert merge(a.session, b.session).describe() == "Merged 1 debrief change from another laptop"


def test_an_older_file_reads_and_a_file_without_goals_is_written_as_before(
    tmp_path: Path, teach: Rubric
) -> None:
    session, _ = visit(tmp_path, teach, MONDAY, "Sam")
    raw = orjson.loads(session.to_json())
    assert "teacher_goal" not in raw["debrief"] and "closed_goals" not in raw["debrief"]
    assert parse_session(session.to_json()).debrief.teacher_goal is None


@pytest.mark.parametrize(
    ("goal", "field"),
    [
        ({"title": "no id"}, "debrief.teacher_goal.id"),
        ({"id": "g1", "state": "finished"}, "debrief.teacher_goal.state"),
        ({"id": "g1", "elements": "CFU"}, "debrief.teacher_goal.elements"),
        ("a string", "debrief.teacher_goal"),
    ],
)
def test_a_bad_goal_is_a_problem_naming_the_field(
    tmp_path: Path, teach: Rubric, goal: object, field: str
) -> None:
    session, _ = visit(tmp_path, teach, MONDAY, "Sam")
    raw = orjson.loads(session.to_json())
    raw["debrief"]["teacher_goal"] = goal
    with pytest.raises(ValueError, match="left untouched") as problem:
        parse_session(orjson.dumps(raw))
    assert field in str(problem.value)


goal_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "id": goal_values,
            "title": goal_values,
            "elements": goal_values,
            "state": st.sampled_from(["active", "achieved", "dropped", "x"]) | goal_values,
            "set_at": goal_values,
        },
    )
)
def test_any_goal_field_reads_or_is_a_problem(goal: dict[str, object]) -> None:
    raw = orjson.loads(_plain_session().to_json())
    raw["debrief"]["teacher_goal"] = goal
    raw["debrief"]["closed_goals"] = [goal]
    try:
        read = parse_session(orjson.dumps(raw))
    except ValueError as problem:
        assert "left untouched" in str(problem)
    else:
        assert read.debrief.teacher_goal is not None
        mark = GoalMark.of(read.debrief.teacher_goal)
        assert GoalMark.from_row(orjson.loads(orjson.dumps(mark.to_row()))) == mark


def _plain_session() -> Session:
    return Session.model_validate(
        {
            "id": "20261102-0900-ann-1234abcd",
            "teacher": "Ann",
            "rubric": {"id": "teach", "name": "Teach", "version": "1"},
            "started_at": MONDAY.isoformat(),
        }
    )
