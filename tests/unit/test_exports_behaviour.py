"""What the teacher's copy and the spreadsheet say, in the cases a coach runs into."""

from __future__ import annotations

import csv
import io

import pytest

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import (
    ActionStep,
    Answer,
    Citation,
    Debrief,
    Goal,
    RehearsalRound,
    Stage,
)
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import CSV_HEADER, FORMATS, coach_export, teacher_export
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from tests.conftest import start_observation


def with_debrief(session: Session, **fields: object) -> Session:
    return session.model_copy(update={"debrief": Debrief.model_validate(fields)})


def observed(teach: Rubric, clock: ManualClock, *typed: str) -> Session:
    obs = start_observation(teach, clock)
    for text in typed:
        clock.advance(30)
        obs.commit(read_draft(text, teach), clock.now())
    return obs.session


def test_the_teachers_copy_leaves_out_coach_only_items_whatever_the_caller_passes(
    teach: Rubric, clock: ManualClock
) -> None:
    obs = start_observation(teach, clock)
    clock.advance(30)
    secret = obs.toggle_private(obs.commit(read_draft("SECRET worry", teach), clock.now()).id)
    session = with_debrief(
        obs.session,
        answers={
            Stage.DESCRIBE: Answer(
                text="Seen", citations=(Citation(note_id=secret.id, offset=secret.offset),)
            ),
            Stage.NEXT_STEP: Answer(text="HIDDEN praise", private=True),
        },
    )
    text = teacher_export(session, "md")
    assert "SECRET" not in text and "HIDDEN" not in text
    # The answer citing only a coach-only note shows no evidence line at all.
    assert "> Seen\n" in text + "\n" and "Evidence" not in text
    assert "## Praise" not in text and "No notes." in text
    coach = coach_export(session, "md")
    assert "SECRET worry" in coach and "HIDDEN praise" in coach
    assert "*Evidence: notes at 00:30*" in coach


def test_a_blank_teacher_class_and_no_notes_read_as_such(teach: Rubric, clock: ManualClock) -> None:
    session = start_observation(teach, clock, teacher="").session
    session = session.model_copy(update={"class_name": ""})
    lines = teacher_export(session, "md").splitlines()
    assert lines[0] == "# Lesson visit: teacher not given"
    assert "- **Class:** not given" in lines
    assert lines[-1] == "No notes."


def test_a_focus_code_the_rubric_does_not_name_is_shown_as_it_is(
    teach: Rubric, clock: ManualClock
) -> None:
    session = start_observation(teach, clock, focus=("CFU",)).session
    session = session.model_copy(update={"focus": ("CFU", "ZZZ")})
    name = session.elements["CFU"].name
    assert f"- **Focus:** CFU {name}, ZZZ\n" in teacher_export(session, "md")


def test_empty_lines_of_an_answer_stay_in_the_quote(teach: Rubric, clock: ManualClock) -> None:
    session = with_debrief(
        observed(teach, clock), answers={Stage.EVALUATE: Answer(text="First.\n\nSecond.")}
    )
    assert "### Evaluate\n\n> First.\n>\n> Second.\n" in teacher_export(session, "md")


def test_nothing_agreed_means_no_empty_headings(teach: Rubric, clock: ManualClock) -> None:
    text = teacher_export(observed(teach, clock, "a"), "md")
    for heading in ("## Praise", "## Your next step", "### Rehearsal", "**When**", "Next drop-in"):
        assert heading not in text


def test_a_step_without_an_element_half_a_goal_and_half_a_round(
    teach: Rubric, clock: ManualClock
) -> None:
    session = with_debrief(
        observed(teach, clock),
        step=ActionStep(text="Wait five seconds"),
        goal=Goal(when="I ask a question"),
        rehearsal=(RehearsalRound(tried="waited"), RehearsalRound()),
    )
    text = teacher_export(session, "md")
    assert "## Your next step\n\n**Wait five seconds**\n" in text
    assert "What it looks like done well" not in text
    assert "### Rehearsal\n\n1. Tried: waited · Feedback: \n" in text
    assert "2. Tried" not in text
    assert "- **When** I ask a question\n- **How** \n" in text


def test_the_csv_has_one_row_per_note_with_its_time(teach: Rubric, clock: ManualClock) -> None:
    session = observed(teach, clock, "+ a #CFU", "b, with a comma", '- c "quoted" #FB #CFU')
    rows = list(csv.reader(io.StringIO(teacher_export(session, "csv"))))
    assert rows[0] == CSV_HEADER
    first = [session.id, "Jane Doe", "Y8 maths", "Sam", "2026-11-24"]
    assert rows[1:] == [
        [*first, "00m30s", "09:30:30", "strength", "CFU", "a"],
        [*first, "01m00s", "09:31:00", "plain", "", "b, with a comma"],
        [*first, "01m30s", "09:31:30", "growth", "FB CFU", 'c "quoted"'],
    ]


def test_an_unknown_format_names_the_ones_there_are(teach: Rubric, clock: ManualClock) -> None:
    for export in (teacher_export, coach_export):
        with pytest.raises(ValueError) as error:
            export(observed(teach, clock), "pdf")
        assert str(error.value) == (
            "unknown format 'pdf' (use md, html, csv, snapshots-csv, intervals-csv, json)"
        )
    assert FORMATS == ("md", "html", "csv", "snapshots-csv", "intervals-csv", "json")
