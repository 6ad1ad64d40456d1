"""The figures on the quality of coaching, stacked steps, droughts and the caseload, over
generated sessions whose every figure is known."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.cli import main
from observer_tui.cli.arguments import weeks
from observer_tui.core.debrief import (
    ActionStep,
    Answer,
    BankStepUse,
    Goal,
    RehearsalRound,
    Stage,
)
from observer_tui.core.index import SessionIndex
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import PreviousStep, Session
from observer_tui.core.stats import (
    coverage,
    due_this_week,
    format_coverage,
    format_quality,
    quality_stats,
)
from observer_tui.core.storage import SessionStore, read_session
from tests.conftest import drop_in

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)
"""Monday of 2026-W45."""


class Visits:
    """Drop-ins saved in a sessions folder, each debriefed with exactly the parts asked."""

    def __init__(self, folder: Path, teach: Rubric) -> None:
        self.folder, self.teach = folder, teach

    def visit(
        self,
        at: datetime,
        teacher: str,
        coach: str = "Cal",
        *,
        done: bool = True,
        step: str = "Cold call three pupils",
        praise: bool = False,
        model: bool = False,
        rounds: int = 0,
        goal: tuple[str, str] = ("", ""),
        follow_up: bool = False,
        element: bool = False,
        bank: bool = False,
        follows: Session | None = None,
        review: str = "",
        cadence: str = "weekly",
        hours: float = 1.0,
    ) -> Session:
        # Made in a scratch folder: saved over in the sessions folder, it would be merged
        # with its first version (a later debrief wins), as another laptop's would.
        scratch = self.folder.parent / "scratch"
        session = drop_in(
            scratch, self.teach, at=at, teacher=teacher, coach=coach, debrief_hours=hours
        )
        debrief = session.debrief.model_copy(
            update={
                "status": "complete" if done else "in_progress",
                "completed_at": session.debrief.completed_at if done else None,
                "answers": {Stage.NEXT_STEP: Answer(text="Your questions landed")}
                if praise
                else {},
                "step": ActionStep(
                    text=step,
                    element="CFU" if element else None,
                    model="I ask, wait, name" if model else "",
                    bank_step=BankStepUse(bank="north", id="cfu-1", version="2") if bank else None,
                ),
                "rehearsal": tuple(RehearsalRound(tried=f"go {n}") for n in range(rounds)),
                "goal": Goal(when=goal[0], how=goal[1]),
                "follow_up": (at + timedelta(days=7)).date() if follow_up else None,
                "step_review": review,
            }
        )
        previous = (
            PreviousStep(
                session_id=follows.id, at=follows.started_at, step=follows.debrief.step.text
            )
            if follows is not None
            else None
        )
        update = {"debrief": debrief, "previous": previous, "cadence": cadence}
        session = session.model_copy(update=update)
        SessionStore(self.folder).save(session)
        return session

    def index(self, cache: Path) -> SessionIndex:
        index = SessionIndex.for_folder(self.folder, cache)
        index.refresh()
        return index


@pytest.fixture
def visits(data: DataFolder, teach: Rubric) -> Visits:
    return Visits(data.sessions, teach)


def ten_debriefs(visits: Visits) -> list[Session]:
    """Cal's week 2026-W45: ten completed debriefs, each share known, and two drop-ins whose
    debriefs are not done (their praise and model must not count)."""
    when_how = ("I finish explaining", "I ask three named pupils")
    made = [
        visits.visit(
            MONDAY + timedelta(hours=n),
            f"Teacher {n}",
            praise=n < 7,  # 70%
            model=n < 5,  # 50%
            rounds=2 if n < 4 else 1,  # 40% with two or more rounds
            goal=when_how if n < 6 else (when_how[0], ""),  # 60%: a 'when' alone is not one
            follow_up=n < 3,  # 30%
            element=n < 8,  # 80%
            bank=n < 1,  # 10%
            hours=float(n + 1),  # median 5.5
        )
        for n in range(10)
    ]
    for n in range(2):
        visits.visit(MONDAY + timedelta(days=1, hours=n), f"Late {n}", done=False, praise=True)
    return made


def test_each_share_of_a_coachs_week_is_the_share_of_its_completed_debriefs(
    visits: Visits, tmp_path: Path
) -> None:
    made = ten_debriefs(visits)
    # Next week: Teacher 0's step is talked about, Teacher 1's drop-in says nothing of it;
    # the other eight have had no drop-in since, so they are not counted either way.
    visits.visit(MONDAY + timedelta(weeks=1), "Teacher 0", follows=made[0], review="Did it")
    visits.visit(MONDAY + timedelta(weeks=1, hours=1), "Teacher 1", follows=made[1], done=False)
    quality = quality_stats(visits.index(tmp_path / "cache"))
    first, second = quality.weeks
    assert (first.coach, first.week, first.debriefs) == ("Cal", "2026-W45", 10)
    assert first.with_praise == 0.7
    assert first.with_model == 0.5
    assert first.with_rehearsal == 0.4
    assert first.with_when_how_goal == 0.6
    assert first.with_follow_up == 0.3
    assert first.with_element == 0.8
    assert first.with_bank_step == 0.1
    assert first.followed_up == 0.5
    assert first.median_hours == 5.5
    # A week whose drop-ins are not all debriefed: its shares are of the one debrief.
    assert (second.week, second.debriefs, second.with_praise) == ("2026-W46", 1, 0.0)
    assert second.followed_up is None  # its step has had no drop-in since


def test_a_week_with_no_completed_debrief_has_no_shares(visits: Visits, tmp_path: Path) -> None:
    visits.visit(MONDAY, "Ann", "Bea", done=False, praise=True, model=True)
    data = json.loads(format_quality(quality_stats(visits.index(tmp_path / "c")), "json"))
    assert data["weeks"] == [
        {
            "coach": "Bea",
            "week": "2026-W45",
            "debriefs": 0,
            "with_praise": None,
            "with_model": None,
            "with_rehearsal": None,
            "with_when_how_goal": None,
            "with_follow_up": None,
            "with_element": None,
            "with_bank_step": None,
            "followed_up": None,
            "median_hours": None,
        }
    ]


def test_quality_for_one_coach_since_a_day_as_table_and_csv(visits: Visits, tmp_path: Path) -> None:
    ten_debriefs(visits)
    visits.visit(MONDAY + timedelta(weeks=1), "Ann", "Bea", praise=True)
    index = visits.index(tmp_path / "cache")
    since = quality_stats(index, since=(MONDAY + timedelta(days=7)).date())
    assert [(r.coach, r.week) for r in since.weeks] == [("Bea", "2026-W46")]
    table = format_quality(quality_stats(index, coach="cal"), "table")
    assert table.startswith(
        "COACH WEEK      DEB  PRA  MOD  REH  W+H  FUP  ELM  BNK  NXT  HRS\n"
        "Cal   2026-W45   10  70%  50%  40%  60%  30%  80%  10%    -  5.5\n"
        "\n"
        "Shares of the completed debriefs (DEB) with praise (PRA), a model (MOD), two\n"
    )
    assert max(len(line) for line in table.splitlines()) <= 76  # whole at 80 columns
    assert table.endswith("No stacked steps: no teacher has active steps from two coaches.\n")
    csv = format_quality(quality_stats(index, coach="bea"), "csv")
    assert csv.splitlines()[:2] == [
        "coach,week,debriefs,with_praise,with_model,with_rehearsal,with_when_how_goal,"
        "with_follow_up,with_element,with_bank_step,followed_up,median_hours",
        "Bea,2026-W46,1,1.0,0.0,0.0,0.0,0.0,0.0,0.0,,1.0",
    ]


def test_steps_from_two_coaches_not_yet_followed_up_are_stacked(
    visits: Visits, tmp_path: Path
) -> None:
    day = timedelta(days=1)
    # Ann: a step from Cal, superseded by Cal's next; then one from Bea. Both stand.
    visits.visit(MONDAY, "Ann", "Cal", step="Wait five seconds")
    first = visits.visit(MONDAY + day, "Ann", "Cal", step="Cold call")
    visits.visit(MONDAY + 2 * day, "Ann", "Bea", step="Name the routine", follows=first)
    visits.visit(MONDAY + 3 * day, "Ann ", "Cal", step="Cold call three")
    # Bob: Bea's drop-in followed up Cal's step, so only Bea's stands.
    cal = visits.visit(MONDAY, "Bob", "Cal", step="Model the task")
    visits.visit(MONDAY + day, "Bob", "Bea", step="Check the exit ticket", follows=cal)
    # Cy: two coaches, but one debrief is not done.
    visits.visit(MONDAY, "Cy", "Cal", step="Narrate the positive")
    visits.visit(MONDAY + day, "Cy", "Bea", step="Praise effort", done=False)
    quality = quality_stats(visits.index(tmp_path / "cache"))
    assert [(row.teacher, [(s.coach, s.step) for s in row.steps]) for row in quality.stacked] == [
        ("Ann", [("Cal", "Cold call three"), ("Bea", "Name the routine")])
    ]
    text = format_quality(quality, "table")
    assert text.endswith(
        "Stacked steps: active steps from two or more coaches at once:\n"
        "  Ann\n"
        "    Cal (2026-11-05): Cold call three\n"
        "    Bea (2026-11-04): Name the routine\n"
    )
    assert quality_stats(visits.index(tmp_path / "cache"), coach="dee").stacked == []


TODAY = date(2026, 11, 25)
"""A Wednesday in 2026-W48."""


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def test_the_droughts_grid_puts_the_longest_gap_first(visits: Visits, tmp_path: Path) -> None:
    week = timedelta(weeks=1)
    monday = date(2026, 11, 2)
    visits.visit(at(monday), "Ann")
    visits.visit(at(monday + timedelta(days=1)), "Ann")
    visits.visit(at(monday + 3 * week), "Ann")
    visits.visit(at(monday + week), "Bob")
    visits.visit(at(date(2026, 10, 1)), "Cy")  # before the grid: four weeks without
    for n in range(4):
        visits.visit(at(monday + n * week), "Di")
    grid = coverage(visits.index(tmp_path / "cache"), today=TODAY, weeks=4)
    assert grid.weeks == ("2026-W45", "2026-W46", "2026-W47", "2026-W48")
    assert [(r.teacher, r.seen, r.longest_gap, r.weeks_since) for r in grid.rows] == [
        ("Cy", (0, 0, 0, 0), 4, 4),
        ("Bob", (0, 1, 0, 0), 2, 2),
        ("Ann", (2, 0, 0, 1), 2, 0),
        ("Di", (1, 1, 1, 1), 0, 0),
    ]
    assert format_coverage(grid, "table") == (
        "TEACHER  W45  W46  W47  W48  GAP\n"
        "Cy       ·    ·    ·    ·    4\n"
        "Bob      ·    1    ·    ·    2\n"
        "Ann      2    ·    ·    1    2\n"
        "Di       1    1    1    1    0\n"
        "\n"
        "Drop-ins per week, 2026-W45 to 2026-W48 (this week on the right); · not seen.\n"
        "GAP: the most weeks in a row without a drop-in, longest first.\n"
    )
    assert format_coverage(grid, "csv").splitlines()[:2] == [
        "teacher,2026-W45,2026-W46,2026-W47,2026-W48,longest_gap,weeks_since",
        "Cy,0,0,0,0,4,4",
    ]


def test_an_empty_folder_has_no_droughts(visits: Visits, tmp_path: Path) -> None:
    grid = coverage(visits.index(tmp_path / "cache"), today=TODAY, weeks=2)
    assert format_coverage(grid, "table") == "No teachers yet.\n"


def test_due_this_week_adds_the_cadence_of_the_last_drop_in(visits: Visits, tmp_path: Path) -> None:
    visits.visit(at(date(2026, 11, 9)), "Ann", cadence="fortnightly")
    visits.visit(at(date(2026, 11, 23)), "Ann")  # weekly now: due 30 Nov, next week
    bob = visits.visit(at(date(2026, 11, 16)), "Bob")  # due 23 Nov: overdue
    visits.visit(at(date(2026, 11, 16)), "Cy", cadence="fortnightly")  # due 30 Nov
    di = visits.visit(at(date(2026, 11, 22)), "Di")  # due Sunday 29 Nov: this week
    eve = visits.visit(at(date(2026, 11, 10)), "Eve", cadence="fortnightly")  # due 24 Nov
    due = due_this_week(visits.index(tmp_path / "cache"), today=TODAY)
    assert [(d.teacher, d.due.isoformat(), d.cadence) for d in due] == [
        ("Bob", "2026-11-23", "weekly"),
        ("Eve", "2026-11-24", "fortnightly"),
        ("Di", "2026-11-29", "weekly"),
    ]
    # Each with the drop-in it is due after, for the caseload to open.
    assert [(d.session, d.last_seen) for d in due] == [
        (bob.id, date(2026, 11, 16)),
        (eve.id, date(2026, 11, 10)),
        (di.id, date(2026, 11, 22)),
    ]


def test_cadence_and_bank_step_are_in_the_file_only_when_set(
    visits: Visits, data: DataFolder
) -> None:
    plain = visits.visit(MONDAY, "Ann")
    raw = (data.sessions / f"{plain.id}.json").read_bytes()
    assert b"cadence" not in raw and b"bank_step" not in raw
    picked = visits.visit(MONDAY, "Bob", cadence="fortnightly", bank=True)
    raw_data = json.loads((data.sessions / f"{picked.id}.json").read_bytes())
    assert raw_data["cadence"] == "fortnightly"
    assert raw_data["debrief"]["step"]["bank_step"] == {
        "bank": "north",
        "id": "cfu-1",
        "version": "2",
    }
    again = read_session(data.sessions / f"{picked.id}.json")
    assert again.cadence == "fortnightly" and again.debrief.step.bank_step == BankStepUse(
        bank="north", id="cfu-1", version="2"
    )


def test_the_command_line_gives_quality_and_droughts(
    visits: Visits, data: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    visits.visit(MONDAY, "Ann", "Bea", praise=True)
    assert main(["--data-dir", str(data.root), "stats", "--quality", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["weeks"]
    assert [(r["coach"], r["week"], r["with_praise"]) for r in rows] == [("Bea", "2026-W45", 1.0)]
    assert main(["--data-dir", str(data.root), "stats", "--coverage", "3", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("teacher,") and len(lines[0].split(",")) == 6
    assert lines[1].startswith("Ann,")
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(data.root), "stats", "--quality", "--coverage", "3"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8))
def test_a_number_of_weeks_is_a_whole_number_from_1_to_104_or_refused(text: str) -> None:
    try:
        number = weeks(text)
    except argparse.ArgumentTypeError as problem:
        assert "weeks, 1 to 104" in str(problem)
    else:
        assert 1 <= number <= 104 and number == int(text)


def test_escape_codes_and_long_names_stay_inert_and_in_76_columns(
    visits: Visits, tmp_path: Path
) -> None:
    hostile = "\x1b]0;owned\x07Alexandra Montgomery-Smythe\x1b[2J"
    visits.visit(MONDAY, hostile, hostile, step="\x1b[31mred\nstep")
    visits.visit(MONDAY + timedelta(days=1), hostile, "Bea", step="Wait")
    index = visits.index(tmp_path / "cache")
    quality = quality_stats(index)
    assert len(quality.stacked) == 1
    grid = coverage(index, today=TODAY, weeks=5)
    for text in [format_quality(quality, fmt) for fmt in ("table", "csv", "json")] + [
        format_coverage(grid, fmt) for fmt in ("table", "csv", "json")
    ]:
        assert "\x1b" not in text and "\x07" not in text
    table = format_quality(quality, "table").split("\n\n")[0]
    assert max(len(line) for line in table.splitlines()) <= 76
