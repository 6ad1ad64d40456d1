"""The teacher view's story over time, and a debrief's evidence and ratings as they are set."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import RatingKey, Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.index import SessionIndex, SessionSummary
from observer_tui.core.rubric import Rubric
from observer_tui.core.teacher import StepLine, indexed_teacher_history, teacher_history
from tests.conftest import drop_in, start_observation


def summary(tmp_path: Path, teach: Rubric, day: int, **fields: object) -> SessionSummary:
    at = datetime(2026, 11, day, 9, tzinfo=UTC)
    session = drop_in(tmp_path / str(day), teach, at=at, teacher="Ann")
    return replace(SessionSummary.of(session, f"{session.id}.json"), **fields)  # type: ignore[arg-type]


def test_the_teacher_view_follows_each_step_to_how_it_went(tmp_path: Path, teach: Rubric) -> None:
    first = summary(
        tmp_path,
        teach,
        2,
        step="Wait time",
        step_element="CFU",
        goal="When I ask, how: wait",
        strengths=("CFU", "FB", "FB", "PER"),
        growth=("LF",),
    )
    second = summary(
        tmp_path,
        teach,
        9,
        step="Cold call",
        follows=first.id,
        step_review="Much better",
        strengths=("CFU", "CFU", "SLE"),
        growth=("LF", "LF", "CFU"),
    )
    other = replace(summary(tmp_path, teach, 10), teacher="Bob", strengths=("CFU",) * 9)
    history = teacher_history([other, second, first], " ann ", date(2026, 11, 19))
    assert history.teacher == "ann"
    assert history.sessions == [second, first]
    assert history.steps == [
        StepLine(date(2026, 11, 9), "Cold call", None, "", None),
        StepLine(date(2026, 11, 2), "Wait time", "CFU", "When I ask, how: wait", "Much better"),
    ]
    assert history.strengths == [("CFU", 3), ("FB", 2), ("SLE", 1)]
    assert history.growth == [("LF", 3), ("CFU", 1)]
    assert history.days_since == 10
    assert teacher_history([second, first], "Ann", date(2026, 11, 19), top=1).strengths == [
        ("CFU", 3)
    ]


def test_a_teacher_never_seen_has_no_days_since(tmp_path: Path, teach: Rubric) -> None:
    history = teacher_history([summary(tmp_path, teach, 2)], "Zed", date(2026, 11, 19))
    assert (history.sessions, history.steps, history.days_since) == ([], [], None)
    assert (history.strengths, history.growth) == ([], [])


def test_citing_a_note_twice_is_refused_and_kept_once(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    clock.advance(42)
    note = obs.commit(read_draft("asked why #CFU", teach), clock.now())
    debriefing = Debriefing(obs.session, clock)
    assert debriefing.revision == 0
    assert debriefing.cite(Stage.DESCRIBE, note) is True
    assert debriefing.cite(Stage.DESCRIBE, note) is False
    assert debriefing.revision == 1
    [citation] = debriefing.debrief.answer(Stage.DESCRIBE).citations
    assert (citation.note_id, citation.offset) == (note.id, 42)
    assert debriefing.debrief.status == "in_progress"


def test_an_answer_goes_to_its_stage_and_a_complete_debrief_stays_complete(
    teach: Rubric, clock: ManualClock
) -> None:
    debriefing = Debriefing(start_observation(teach, clock).session, clock)
    debriefing.set_answer(Stage.EVALUATE, "went well")
    debriefing.set_answer(Stage.DESCRIBE, "they explained")
    assert debriefing.debrief.answer(Stage.EVALUATE).text == "went well"
    assert debriefing.debrief.answer(Stage.DESCRIBE).text == "they explained"
    debriefing.complete()
    assert debriefing.debrief.completed_at == clock.now()
    debriefing.set_answer(Stage.EVALUATE, "went very well")
    assert debriefing.debrief.status == "complete"


def test_a_rating_keeps_its_evidence_when_changed_and_others_stay(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    note = obs.commit(read_draft("asked why #CFU", teach), clock.now())
    debriefing = Debriefing(obs.session, clock)
    cfu, fb, ct = (
        RatingKey("CFU", "element"),
        RatingKey("FB", "element"),
        RatingKey("CT", "element"),
    )
    assert debriefing.cite_rating(cfu, note) is False  # not rated yet
    debriefing.rate(cfu, "3")
    debriefing.rate(fb, "2")
    debriefing.rate(ct, "4")
    assert debriefing.cite_rating(cfu, note) is True
    assert debriefing.cite_rating(cfu, note) is False
    assert debriefing.cite_rating(fb, note) is True
    debriefing.rate(cfu, "4")
    ratings = {r.key: r for r in debriefing.debrief.ratings}
    assert ratings[cfu].value == "4" and [c.note_id for c in ratings[cfu].citations] == [note.id]
    assert [c.note_id for c in ratings[fb].citations] == [note.id]
    assert ratings[ct].value == "4" and ratings[ct].citations == ()
    debriefing.rate(fb, "")
    assert {r.key for r in debriefing.debrief.ratings} == {cfu, ct}


def test_the_indexed_teacher_view_keeps_the_top_asked_for(tmp_path: Path, teach: Rubric) -> None:
    sessions = tmp_path / "sessions"
    for day, typed in ((2, "+ a #CFU"), (3, "+ b #FB"), (4, "+ c #FB"), (5, "+ d #CT")):
        at = datetime(2026, 11, day, 9, tzinfo=UTC)
        drop_in(sessions, teach, at=at, teacher="Ann", notes=(typed,))
    index = SessionIndex(sessions, None)
    index.refresh()
    today = date(2026, 11, 19)
    assert indexed_teacher_history(index, "Ann", today).strengths == [
        ("FB", 2),
        ("CT", 1),
        ("CFU", 1),
    ]
    assert indexed_teacher_history(index, "Ann", today, top=1).strengths == [("FB", 2)]
    index.close()
