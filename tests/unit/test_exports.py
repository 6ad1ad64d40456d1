"""Exports: Markdown for the teacher without private items, CSV that survives a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from observer_tui.cli import main
from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import (
    ActionStep,
    Answer,
    Citation,
    Debrief,
    Goal,
    Rating,
    RehearsalRound,
    Stage,
)
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import CSV_HEADER, coach_export, teacher_export
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore
from tests.conftest import start_observation

TRICKY = [
    'said "well done", then moved on',
    "line one\nline two, with a comma",
    "emoji 😀 and café",
    "עברית right-to-left שלום",
    "[bold]not markup[/]",
]


def debriefed_session(teach: Rubric, clock: ManualClock) -> Session:
    observation = start_observation(teach, clock)
    for text in TRICKY:
        clock.advance(30)
        observation.commit(read_draft(f"+ {text} #CFU", teach), clock.now())
    clock.advance(30)
    secret = observation.commit(read_draft("- SECRET coach-only worry", teach), clock.now())
    secret = observation.toggle_private(secret.id)
    session = observation.session
    first = session.notes[0]
    debrief = Debrief(
        status="complete",
        answers={
            Stage.DESCRIBE: Answer(
                text="Pupils explained the method.",
                citations=[Citation(note_id=first.id, offset=first.offset)],
            ),
            Stage.EVALUATE: Answer(text="Checks for understanding went well."),
            Stage.ANALYSE: Answer(text="HIDDEN analysis for the coach", private=True),
            Stage.NEXT_STEP: Answer(text="Great use of names."),
        },
        ratings=[
            Rating(
                code="CFU",
                scale="element",
                value="4",
                citations=[Citation(note_id=secret.id, offset=secret.offset)],
            )
        ],
        step=ActionStep(
            text="Ask three named pupils to explain back", element="CFU", model="Coach models it"
        ),
        rehearsal=[
            RehearsalRound(tried="first go", feedback="slower"),
            RehearsalRound(tried="second go", feedback="spot on"),
        ],
        goal=Goal(
            when="I finish explaining a new idea", how="I ask three named pupils to explain it back"
        ),
        follow_up=date(2026, 12, 1),
    )
    return session.model_copy(update={"debrief": debrief})


def test_markdown_for_the_teacher_has_every_stage_and_no_private_item(
    teach: Rubric, clock: ManualClock
) -> None:
    text = teacher_export(debriefed_session(teach, clock), "md")
    for expected in [
        "# Lesson visit: Jane Doe",
        "### Describe",
        "> Pupils explained the method.",
        "*Evidence: notes at 00:30*",
        "### Evaluate",
        "> Checks for understanding went well.",
        "## Praise",
        "> Great use of names.",
        "## Your next step",
        "**Ask three named pupils to explain back** (CFU Checks for understanding)",
        "> Coach models it",
        "1. Tried: first go · Feedback: slower",
        "2. Tried: second go · Feedback: spot on",
        "- **When** I finish explaining a new idea",
        "- **How** I ask three named pupils to explain it back",
        "**Next drop-in:** Tuesday 1 December 2026",
        "- **CFU Checks for understanding:** 4 (on the element scale)",
    ]:
        assert expected in text
    assert "SECRET" not in text and "HIDDEN" not in text
    assert "## Analyse" not in text and "coach-only" not in text
    assert "private" not in text.lower() and "03:00" not in text


def test_markdown_for_the_coach_keeps_private_items(teach: Rubric, clock: ManualClock) -> None:
    text = coach_export(debriefed_session(teach, clock), "md")
    assert "SECRET coach-only worry **(coach-only)**" in text
    assert "### Analyse (coach-only)\n\n> HIDDEN analysis" in text


def test_csv_round_trips_commas_quotes_newlines_emoji_and_rtl(
    teach: Rubric, clock: ManualClock
) -> None:
    rows = list(csv.reader(io.StringIO(teacher_export(debriefed_session(teach, clock), "csv"))))
    assert rows[0] == CSV_HEADER
    assert [row[9] for row in rows[1:6]] == TRICKY
    assert rows[1][4:9] == ["2026-11-24", "00m30s", "09:30:30", "strength", "CFU"]


def test_cli_export_writes_files_and_fails_with_one_line(
    tmp_path: Path, teach: Rubric, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    data = DataFolder(tmp_path / "data")
    data.create()
    session = debriefed_session(teach, clock)
    SessionStore(data.sessions).save(session)
    base = ["--data-dir", str(data.root), "export"]

    assert main([*base, session.id, "--format", "csv", "-o", str(tmp_path / "n.csv")]) == 0
    with (tmp_path / "n.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [row[9] for row in csv.reader(handle)][1:6] == TRICKY
    assert (tmp_path / "n.csv").stat().st_mode & 0o777 == 0o600

    assert (
        main([*base, str(data.sessions / f"{session.id}.json"), "-o", str(tmp_path / "s.md")]) == 0
    )
    assert "SECRET" not in (tmp_path / "s.md").read_text()

    assert main([*base, session.id, "--format", "json"]) == 0
    assert f'"id": "{session.id}"' in capsys.readouterr().out

    for args, message in [
        (
            [session.id, "--format", "pdf"],
            "observer-tui: unknown format 'pdf' "
            "(use md, html, csv, snapshots-csv, intervals-csv or json)",
        ),
        (["no-such-session"], "observer-tui: no session 'no-such-session'"),
        (["../../nowhere/x"], "observer-tui: no session '../../nowhere/x'"),
        (
            [str(tmp_path / "n.csv")],
            "observer-tui: " + str(tmp_path / "n.csv") + ": not valid JSON",
        ),
        ([session.id, "-o", str(tmp_path / "missing" / "x.md")], "observer-tui: cannot write"),
    ]:
        assert main([*base, *args]) == 2
        error = capsys.readouterr().err
        assert error.startswith(message) and error.count("\n") == 1
