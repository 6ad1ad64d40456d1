"""A session's clock and name as the coach sees them: pauses left out, the end the end, and a
file name for any teacher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from observer_tui.core.clock import ManualClock, SystemClock
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Pause, new_session, new_session_id, slug
from tests.conftest import start_observation

START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def minutes(n: float) -> datetime:
    return START + timedelta(minutes=n)


def test_the_observed_time_leaves_out_pauses_and_stops_at_the_end(
    teach: Rubric, clock: ManualClock
) -> None:
    session = start_observation(teach, clock).session
    assert session.started_at == START
    session = session.model_copy(
        update={
            "pauses": (
                Pause(started_at=minutes(-5), ended_at=minutes(1)),  # before the start: 1 min
                Pause(started_at=minutes(4), ended_at=minutes(6)),
                Pause(started_at=minutes(9)),  # still paused
            )
        }
    )
    assert session.elapsed(minutes(-1)) == 0
    assert session.elapsed(minutes(3)) == 2 * 60
    assert session.elapsed(minutes(5)) == 3 * 60
    assert session.elapsed(minutes(8)) == 5 * 60
    assert session.elapsed(minutes(20)) == 6 * 60
    ended = session.model_copy(update={"pauses": session.pauses[:2], "ended_at": minutes(10)})
    assert ended.elapsed(minutes(30)) == ended.elapsed(minutes(10)) == 7 * 60


def test_a_file_name_for_any_teacher(teach: Rubric) -> None:
    assert slug("  Anne--Marie   Lee ") == "anne-marie-lee"
    assert slug("x" * 39 + " yz") == "x" * 39
    assert slug("abc def", limit=5) == "abc-d"
    assert slug("") == "teacher"
    session_id = new_session_id("Zoë", START)
    assert session_id.startswith("20261124-0930-zoe-") and len(session_id) == 26


def test_a_new_session_trims_what_was_typed(teach: Rubric) -> None:
    session = new_session(
        teacher="  Ann  ",
        class_name=" Y8 maths ",
        coach="Sam",
        rubric=teach,
        focus=["CFU"],
        planned_minutes=20,
        at=START,
    )
    assert (session.teacher, session.class_name, session.coach) == ("Ann", "Y8 maths", "Sam")
    assert (session.planned_minutes, session.focus, session.profile) == (20, ("CFU",), "")
    assert session.rubric.id == teach.id and session.rubric.version == teach.version
    assert session.snapshot_spec == teach.observation.snapshots
    assert list(session.elements) == ["CFU"] and session.debrief_prompts is None


def test_the_system_clock_tells_the_local_time_now() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo is not None and before <= now <= datetime.now(UTC)
    clock = ManualClock(START)
    clock.advance(90.5)
    assert clock.now() == START + timedelta(seconds=90.5)


def test_a_session_says_when_its_rubric_changed_or_went(library: RubricLibrary) -> None:
    teach = library.rubrics["teach"]
    assert library.change_since("teach", teach.version) == ""
    assert library.change_since("teach", "0.1") == (
        f"The rubric {teach.name} has changed since (version 0.1 then, {teach.version} now); "
        "the session keeps the names of the elements it used."
    )
    assert library.change_since("gone", "1") == (
        "The rubric 'gone' is no longer installed; "
        "the session keeps the names of the elements it used."
    )
