"""The debrief's parts a coach fills in: citations as written, the goal's words, what is missing."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import (
    Citation,
    Stage,
    citation_marker,
    status_label,
    still_cited,
    without_lead_word,
)
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import CSV_FORMATS, FORMATS, teacher_export
from observer_tui.core.rubric import Rubric
from tests.conftest import start_observation


def cited(*offsets: float) -> tuple[Citation, ...]:
    return tuple(Citation(note_id=f"n{i}", offset=o) for i, o in enumerate(offsets))


@pytest.mark.parametrize(
    ("text", "offsets", "kept"),
    [
        ("pairs [00:30] and [01:00]", (30, 60), ["n0", "n1"]),
        ("pairs and [01:00]", (30, 60), ["n1"]),
        ("pairs", (30,), []),
        ("[00:30]", (30.2, 30.7), ["n0"]),  # two notes in one second: one marker, one kept
        ("[00:30] [00:30]", (30.2, 30.7), ["n0", "n1"]),
        ("at [1:02:03]", (3723,), ["n0"]),
        ("at 00:30 without brackets", (30,), []),
    ],
)
def test_a_citation_stays_while_its_marker_is_in_the_text(
    text: str, offsets: tuple[float, ...], kept: list[str]
) -> None:
    assert [c.note_id for c in still_cited(text, cited(*offsets))] == kept


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.lists(st.floats(0, 20000), max_size=5))
def test_what_stays_cited_is_never_more_than_the_markers_written(
    text: str, offsets: list[float]
) -> None:
    citations = cited(*offsets)
    kept = still_cited(text, citations)
    assert set(kept) <= set(citations)
    for citation in kept:
        assert citation_marker(citation.offset) in text
    full = text + " ".join(citation_marker(o) for o in offsets)
    assert still_cited(full, citations) == citations


@pytest.mark.parametrize(
    ("part", "typed", "kept"),
    [
        ("when", "When I ask a question", "I ask a question"),
        ("when", "when, I ask", "I ask"),
        ("when", "  WHEN: the bell goes", "the bell goes"),
        ("when", "Whenever I ask", "Whenever I ask"),
        ("when", "I finish explaining", "I finish explaining"),
        ("when", "When", ""),
        ("how", "How I wait five seconds", "I wait five seconds"),
        ("how", "however long it takes", "however long it takes"),
    ],
)
def test_the_goal_keeps_what_follows_a_typed_when_or_how(part: str, typed: str, kept: str) -> None:
    assert without_lead_word(part, typed) == kept  # type: ignore[arg-type]


def test_a_debrief_says_what_it_is_missing(teach: Rubric, clock: ManualClock) -> None:
    debriefing = Debriefing(start_observation(teach, clock).session, clock)
    assert debriefing.debrief.missing() == ["praise", "action step", "goal", "follow-up date"]
    debriefing.set_answer(Stage.NEXT_STEP, "names")
    debriefing.set_step(text="ask three")
    debriefing.set_goal(when="I explain")
    assert debriefing.debrief.missing() == ["goal", "follow-up date"]  # a goal needs both
    debriefing.set_goal(how="I ask three")
    assert debriefing.debrief.missing() == ["follow-up date"]


def test_debrief_states_read_the_same_everywhere() -> None:
    assert [status_label(s) for s in ("not_started", "in_progress", "complete")] == [
        "to do",
        "started",
        "done",
    ]
    assert status_label("needs_review") == "needs review"  # a newer version's, as written


def test_a_coach_only_remark_never_reaches_the_teacher(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    clock.advance(30)
    note = obs.commit(read_draft("asked why #CFU", teach), clock.now())
    debriefing = Debriefing(obs.session, clock)
    debriefing.cite(Stage.DESCRIBE, note)
    debriefing.set_answer(Stage.DESCRIBE, "They explained. [00:30]")
    debriefing.set_remark(Stage.DESCRIBE, "HUSH: head of year asked me to watch")
    session = debriefing.session
    on_disk = orjson.loads(session.to_json())
    assert on_disk["debrief"]["answers"]["describe"]["coach_remark"].startswith("HUSH")
    for fmt in FORMATS:
        exported = teacher_export(session, fmt)
        assert "HUSH" not in exported
        # CSVs hold notes, snapshots or interval ticks, not the debrief.
        assert "They explained" in exported or fmt in (*CSV_FORMATS, "intervals-csv")


def test_an_answer_without_a_remark_is_written_as_before(teach: Rubric, clock: ManualClock) -> None:
    debriefing = Debriefing(start_observation(teach, clock).session, clock)
    debriefing.set_answer(Stage.DESCRIBE, "They explained.")
    answer = orjson.loads(debriefing.session.to_json())["debrief"]["answers"]["describe"]
    assert set(answer) == {"text", "citations", "private"}


def test_a_step_may_serve_an_element_not_noted_and_keeps_a_copy_of_it(
    teach: Rubric, clock: ManualClock
) -> None:
    debriefing = Debriefing(start_observation(teach, clock).session, clock)
    assert "SCS" not in debriefing.session.elements
    debriefing.set_step_element("SCS", teach)
    assert debriefing.debrief.step.element == "SCS"
    assert debriefing.session.elements["SCS"].name == teach.find("SCS").name  # type: ignore[union-attr]


def test_quick_tags_are_told_from_elements(teach: Rubric) -> None:
    assert teach.is_quick_tag("T") and teach.is_quick_tag("tot")
    assert not teach.is_quick_tag("CFU")
