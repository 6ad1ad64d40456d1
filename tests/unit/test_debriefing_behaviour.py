"""A debrief being written, as the coach's file records it: a bank step picked and edited,
each part's edit time (which a merge of two laptops relies on), and another laptop's
answers taken in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import BankStepUse, RatingKey, Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import ElementCopy
from tests.conftest import start_observation

USE = BankStepUse(bank="teach", id="cfu-2", version="1")


def debriefing(teach: Rubric, clock: ManualClock) -> Debriefing:
    return Debriefing(start_observation(teach, clock, focus=()).session, clock)


def pick(d: Debriefing, teach: Rubric | None, element: str | None = "FB") -> None:
    d.pick_step(
        text="Use mini-whiteboards",
        model="One question, then show me",
        scenario="Coach as the class",
        element=element,
        bank_step=USE,
        rubric=teach,
    )


def test_a_picked_bank_step_fills_the_step_and_keeps_a_copy_of_its_element(
    teach: Rubric, clock: ManualClock
) -> None:
    d = debriefing(teach, clock)
    assert "FB" not in d.session.elements
    pick(d, teach)
    step = d.session.debrief.step
    assert (step.text, step.model, step.scenario, step.element, step.bank_step) == (
        "Use mini-whiteboards",
        "One question, then show me",
        "Coach as the class",
        "FB",
        USE,
    )
    assert d.session.elements["FB"] == ElementCopy(code="FB", name="Feedback", area="Instruction")
    assert d.revision == 1
    for part in ("step.text", "step.model", "step.scenario", "step.element", "step.bank_step"):
        assert d.debrief.edited[part] == clock.now()


def test_a_step_picked_without_a_rubric_or_element_copies_nothing(
    teach: Rubric, clock: ManualClock
) -> None:
    d = debriefing(teach, clock)
    before = dict(d.session.elements)
    pick(d, None)
    assert d.session.elements == before
    assert d.session.debrief.step.element == "FB"
    pick(d, teach, element=None)
    assert d.session.elements == before
    assert d.session.debrief.step.element is None


def test_emptying_a_picked_step_unties_it_from_the_bank(teach: Rubric, clock: ManualClock) -> None:
    d = debriefing(teach, clock)
    pick(d, teach)
    d.set_step(model="Ask, wait, then show me")
    assert d.session.debrief.step.bank_step == USE  # a fixed model is still the bank's step
    d.set_step(text="Use boards daily")
    assert d.session.debrief.step.bank_step == USE
    clock.advance(60)
    d.set_step(text="")
    assert d.session.debrief.step.bank_step is None
    assert d.debrief.edited["step.bank_step"] == clock.now()
    assert d.session.debrief.step.model == "Ask, wait, then show me"


def test_an_edit_is_never_stamped_before_the_last_one_whatever_the_clock(
    teach: Rubric, clock: ManualClock
) -> None:
    d = debriefing(teach, clock)
    d.set_answer(Stage.DESCRIBE, "they explained")
    first = clock.now()
    assert d.debrief.edited["answers.describe"] == first
    clock.advance(-3600)  # this laptop's clock was put back an hour
    d.set_answer(Stage.DESCRIBE, "they explained it back")
    assert d.debrief.edited["answers.describe"] == first + timedelta(microseconds=1)
    d.set_answer(Stage.EVALUATE, "it went well")
    assert d.debrief.edited["answers.evaluate"] == clock.now()  # a first edit: the clock
    clock.advance(7200)
    d.set_answer(Stage.DESCRIBE, "later")
    assert d.debrief.edited["answers.describe"] == clock.now()


def test_each_answer_part_has_its_own_edit_time(teach: Rubric, clock: ManualClock) -> None:
    d = debriefing(teach, clock)
    d.set_remark(Stage.ANALYSE, "push on wait time")
    d.set_private(Stage.NEXT_STEP, True)
    # A remark and a mark each have a stamp of their own, apart from the answer's text.
    assert {"answers.analyse.coach_remark", "answers.next_step.private"} <= d.debrief.edited.keys()
    assert "answers" not in d.debrief.edited
    assert d.debrief.answer(Stage.ANALYSE).coach_remark == "push on wait time"
    assert d.debrief.answer(Stage.NEXT_STEP).private is True


def test_an_answer_keeps_the_citation_whose_marker_is_still_in_it(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    clock.advance(252)
    note = obs.commit(read_draft("asked why #CFU", teach), clock.now())
    d = Debriefing(obs.session, clock)
    assert d.cite(Stage.DESCRIBE, note)
    d.set_answer(Stage.DESCRIBE, "At [04:12] they asked why")
    assert [c.note_id for c in d.debrief.answer(Stage.DESCRIBE).citations] == [note.id]
    d.set_answer(Stage.DESCRIBE, "They asked why")
    assert d.debrief.answer(Stage.DESCRIBE).citations == ()


def test_citing_a_note_for_a_rating_stamps_that_rating(teach: Rubric, clock: ManualClock) -> None:
    obs = start_observation(teach, clock)
    note = obs.commit(read_draft("asked why #CFU", teach), clock.now())
    d = Debriefing(obs.session, clock)
    cfu = RatingKey("CFU", "element")
    d.rate(cfu, "3")
    clock.advance(60)
    assert d.cite_rating(cfu, note)
    assert d.debrief.edited["ratings.CFU.element"] == clock.now()


def test_the_steps_element_is_copied_only_with_a_rubric(teach: Rubric, clock: ManualClock) -> None:
    d = debriefing(teach, clock)
    before = dict(d.session.elements)
    d.set_step_element("FB", None)
    assert (d.session.debrief.step.element, d.session.elements) == ("FB", before)
    d.set_step_element(None, teach)
    assert (d.session.debrief.step.element, d.session.elements) == (None, before)
    d.set_step_element("FB", teach)
    assert d.session.elements["FB"].code == "FB"


def test_another_laptops_answer_is_taken_in_without_a_revision(
    teach: Rubric, clock: ManualClock
) -> None:
    session = start_observation(teach, clock).session
    ours, theirs = Debriefing(session, clock), Debriefing(session, clock)
    ours.set_answer(Stage.DESCRIBE, "they explained")
    clock.advance(30)
    theirs.set_answer(Stage.EVALUATE, "went well")
    merged = ours.adopt(theirs.session)
    assert merged is not None and merged.debrief == 1
    assert ours.revision == 1
    assert ours.debrief.answer(Stage.DESCRIBE).text == "they explained"
    assert ours.debrief.answer(Stage.EVALUATE).text == "went well"
    assert ours.adopt(theirs.session) is None  # nothing new the second time
    assert ours.adopt(ours.session) is None


@pytest.mark.parametrize("typed", ["When I finish explaining", "when I finish explaining"])
def test_a_goal_typed_with_its_lead_word_keeps_the_rest(
    teach: Rubric, clock: ManualClock, typed: str
) -> None:
    d = debriefing(teach, clock)
    d.set_goal(when=typed)
    d.set_goal(how="How I ask three names")
    assert (d.debrief.goal.when, d.debrief.goal.how) == ("I finish explaining", "I ask three names")
