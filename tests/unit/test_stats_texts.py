"""What `stats`, `stats --quality` and `stats --droughts` print, word for word, for figures
built by hand: the tables a leader reads, the CSV a spreadsheet opens, the JSON a script
reads. Every expected text was written from the figures, not copied from the code."""

from __future__ import annotations

from datetime import date

import orjson

from observer_tui.core.stats import (
    QUALITY_KEY,
    ActiveStep,
    Coverage,
    CoverageRow,
    NotSeen,
    Quality,
    QualityRow,
    StackedSteps,
    Stats,
    WeekCompletion,
    WeekRow,
    format_coverage,
    format_quality,
    format_stats,
    iso_week,
    weekly_completion,
)

STATS = Stats(
    weeks=[
        WeekRow("Sam Okafor", "2026-W47", 4, 3, 0.75, 26.5),
        WeekRow("Jo", "2026-W48", 2, 0, 0.0, None),
        WeekRow("Kim", "2026-W48", 1, 1, 1.0, 3.0),
    ],
    not_seen=[
        NotSeen("Ann Lee", date(2026, 10, 1), 62),
        NotSeen("Bo Yu", date(2026, 11, 2), 30),
    ],
    days=21,
)


def test_the_completion_table_and_who_is_not_seen() -> None:
    assert format_stats(STATS, "table") == (
        "COACH       WEEK      DROP-INS  DEBRIEFS  DONE  MEDIAN H\n"
        "Sam Okafor  2026-W47  4         3         75%   26.5\n"
        "Jo          2026-W48  2         0         0%    -\n"
        "Kim         2026-W48  1         1         100%  3\n"
        "\n"
        "Not seen in 21 days:\n"
        "  Ann Lee (last 2026-10-01, 62 days)\n"
        "  Bo Yu (last 2026-11-02, 30 days)\n"
    )


def test_the_completion_figures_as_csv_keep_numbers_as_numbers() -> None:
    assert format_stats(STATS, "csv") == (
        "coach,week,drop_ins,debriefs,completion,median_hours\n"
        "Sam Okafor,2026-W47,4,3,0.75,26.5\n"
        "Jo,2026-W48,2,0,0.0,\n"
        "Kim,2026-W48,1,1,1.0,3.0\n"
        "\n"
        "teacher_not_seen,last_seen,days\n"
        "Ann Lee,2026-10-01,62\n"
        "Bo Yu,2026-11-02,30\n"
    )


def test_the_completion_figures_as_json() -> None:
    text = format_stats(STATS, "json")
    assert text.startswith('{\n  "weeks": [\n    {\n      "coach": "Sam Okafor",\n')
    assert text.endswith("}\n")
    assert orjson.loads(text) == {
        "weeks": [
            {
                "coach": "Sam Okafor",
                "week": "2026-W47",
                "drop_ins": 4,
                "debriefs": 3,
                "completion": 0.75,
                "median_hours": 26.5,
            },
            {
                "coach": "Jo",
                "week": "2026-W48",
                "drop_ins": 2,
                "debriefs": 0,
                "completion": 0.0,
                "median_hours": None,
            },
            {
                "coach": "Kim",
                "week": "2026-W48",
                "drop_ins": 1,
                "debriefs": 1,
                "completion": 1.0,
                "median_hours": 3.0,
            },
        ],
        "not_seen": [
            {"teacher": "Ann Lee", "last_seen": "2026-10-01", "days": 62},
            {"teacher": "Bo Yu", "last_seen": "2026-11-02", "days": 30},
        ],
        "not_seen_days": 21,
    }


def test_weekly_bars_sum_the_coaches_and_show_a_week_with_none() -> None:
    weeks = [
        WeekRow("Sam", "2026-W45", 2, 1, 0.5, None),
        WeekRow("Jo", "2026-W48", 3, 2, 0.667, None),
        WeekRow("Sam", "2026-W48", 1, 1, 1.0, None),
    ]
    stats = Stats(weeks, [], 21)
    assert weekly_completion(stats) == [
        WeekCompletion("2026-W45", 2, 1),
        WeekCompletion("2026-W46", 0, 0),
        WeekCompletion("2026-W47", 0, 0),
        WeekCompletion("2026-W48", 4, 3),
    ]
    # Only the newest weeks, up to the last with a drop-in.
    assert weekly_completion(stats, most=2) == [
        WeekCompletion("2026-W47", 0, 0),
        WeekCompletion("2026-W48", 4, 3),
    ]
    assert weekly_completion(Stats([], [], 21)) == []


def test_weekly_bars_cross_the_new_year() -> None:
    stats = Stats([WeekRow("Sam", "2026-W52", 1, 0, 0.0, None)], [], 21)
    stats.weeks.append(WeekRow("Sam", "2027-W02", 2, 2, 1.0, None))
    assert [w.week for w in weekly_completion(stats)] == [
        "2026-W52",
        "2026-W53",  # 2026 starts on a Thursday: it has 53 ISO weeks
        "2027-W01",
        "2027-W02",
    ]


def test_iso_weeks_are_numbered_as_the_calendar_does() -> None:
    assert iso_week(date(2026, 3, 4)) == "2026-W10"
    assert iso_week(date(2026, 1, 1)) == "2026-W01"
    assert iso_week(date(2025, 12, 29)) == "2026-W01"  # a Monday, in 2026's first week
    assert iso_week(date(2027, 1, 1)) == "2026-W53"


QUALITY = Quality(
    weeks=[
        QualityRow(
            coach="Sam Okafor",
            week="2026-W47",
            debriefs=4,
            with_praise=1.0,
            with_model=0.5,
            with_rehearsal=0.25,
            with_when_how_goal=0.75,
            with_follow_up=0.0,
            with_element=1.0,
            with_bank_step=0.5,
            followed_up=None,
            median_hours=26.5,
        ),
        QualityRow(
            coach="Alexandra Montgomery",
            week="2026-W48",
            debriefs=0,
            with_praise=None,
            with_model=None,
            with_rehearsal=None,
            with_when_how_goal=None,
            with_follow_up=None,
            with_element=None,
            with_bank_step=None,
            followed_up=0.667,
            median_hours=None,
        ),
    ],
    stacked=[
        StackedSteps(
            "Ann Lee",
            (
                ActiveStep("Sam Okafor", "Ask three named pupils", date(2026, 11, 18), "s-1"),
                ActiveStep("", "Wait five seconds", date(2026, 11, 10), "s-2"),
            ),
        )
    ],
)


def test_the_quality_table_fits_76_columns_with_its_key_and_the_stacked_steps() -> None:
    assert format_quality(QUALITY, "table") == (
        "COACH          WEEK      DEB  PRA  MOD  REH  W+H  FUP  ELM  BNK  NXT  HRS\n"
        "Sam Okafor     2026-W47    4 100%  50%  25%  75%   0% 100%  50%    - 26.5\n"
        "Alexandra Mon… 2026-W48    0    -    -    -    -    -    -    -  67%    -\n"
        "\n" + QUALITY_KEY + "\n"
        "\n"
        "Stacked steps: active steps from two or more coaches at once:\n"
        "  Ann Lee\n"
        "    Sam Okafor (2026-11-18): Ask three named pupils\n"
        "    - (2026-11-10): Wait five seconds\n"
    )


def test_the_quality_key_explains_every_heading() -> None:
    for heading in ("DEB", "PRA", "MOD", "REH", "W+H", "FUP", "ELM", "BNK", "NXT", "HRS"):
        assert heading in QUALITY_KEY
    assert max(len(line) for line in QUALITY_KEY.splitlines()) <= 76


def test_no_quality_figures_say_so() -> None:
    assert format_quality(Quality([], []), "table") == (
        "No ended drop-ins in this period.\n"
        "\n"
        "No stacked steps: no teacher has active steps from two coaches.\n"
    )


def test_the_quality_figures_as_csv() -> None:
    assert format_quality(QUALITY, "csv") == (
        "coach,week,debriefs,with_praise,with_model,with_rehearsal,with_when_how_goal,"
        "with_follow_up,with_element,with_bank_step,followed_up,median_hours\n"
        "Sam Okafor,2026-W47,4,1.0,0.5,0.25,0.75,0.0,1.0,0.5,,26.5\n"
        "Alexandra Montgomery,2026-W48,0,,,,,,,,0.667,\n"
        "\n"
        "stacked_teacher,coach,step,agreed,session\n"
        "Ann Lee,Sam Okafor,Ask three named pupils,2026-11-18,s-1\n"
        "Ann Lee,,Wait five seconds,2026-11-10,s-2\n"
    )


def test_the_quality_figures_as_json() -> None:
    text = format_quality(QUALITY, "json")
    assert text.startswith('{\n  "weeks": [\n')
    data = orjson.loads(text)
    assert data["weeks"][0] == {
        "coach": "Sam Okafor",
        "week": "2026-W47",
        "debriefs": 4,
        "with_praise": 1.0,
        "with_model": 0.5,
        "with_rehearsal": 0.25,
        "with_when_how_goal": 0.75,
        "with_follow_up": 0.0,
        "with_element": 1.0,
        "with_bank_step": 0.5,
        "followed_up": None,
        "median_hours": 26.5,
    }
    assert data["stacked_steps"] == [
        {
            "teacher": "Ann Lee",
            "steps": [
                {
                    "coach": "Sam Okafor",
                    "step": "Ask three named pupils",
                    "agreed": "2026-11-18",
                    "session": "s-1",
                },
                {
                    "coach": "",
                    "step": "Wait five seconds",
                    "agreed": "2026-11-10",
                    "session": "s-2",
                },
            ],
        }
    ]


GRID = Coverage(
    weeks=("2026-W46", "2026-W47", "2026-W48"),
    rows=[
        CoverageRow("Ann Lee", (0, 0, 1), 2, 0),
        CoverageRow("", (2, 0, 0), 2, 2),
        CoverageRow("Bartholomew Featherstonehaugh", (1, 3, 1), 0, 0),
    ],
)


def test_the_droughts_grid_shows_a_dot_for_a_week_not_seen() -> None:
    assert format_coverage(GRID, "table") == (
        "TEACHER               W46  W47  W48  GAP\n"
        "Ann Lee               ·    ·    1    2\n"
        "-                     2    ·    ·    2\n"
        "Bartholomew Feather…  1    3    1    0\n"
        "\n"
        "Drop-ins per week, 2026-W46 to 2026-W48 (this week on the right); · not seen.\n"
        "GAP: the most weeks in a row without a drop-in, longest first.\n"
    )
    assert format_coverage(Coverage(("2026-W48",), []), "table") == "No teachers yet.\n"


def test_the_droughts_grid_as_csv_and_json() -> None:
    assert format_coverage(GRID, "csv") == (
        "teacher,2026-W46,2026-W47,2026-W48,longest_gap,weeks_since\n"
        "Ann Lee,0,0,1,2,0\n"
        ",2,0,0,2,2\n"
        "Bartholomew Featherstonehaugh,1,3,1,0,0\n"
    )
    assert orjson.loads(format_coverage(GRID, "json")) == {
        "weeks": ["2026-W46", "2026-W47", "2026-W48"],
        "teachers": [
            {"teacher": "Ann Lee", "seen": [0, 0, 1], "longest_gap": 2, "weeks_since": 0},
            {"teacher": "", "seen": [2, 0, 0], "longest_gap": 2, "weeks_since": 2},
            {
                "teacher": "Bartholomew Featherstonehaugh",
                "seen": [1, 3, 1],
                "longest_gap": 0,
                "weeks_since": 0,
            },
        ],
    }


def test_the_droughts_json_is_indented_for_a_reader() -> None:
    text = format_coverage(GRID, "json")
    assert text.startswith('{\n  "weeks": [\n    "2026-W46",\n')
    assert text.endswith("}\n")


def test_names_with_line_breaks_stay_on_their_line() -> None:
    step = ActiveStep("Sam\nOkafor", "Ask\nthree", date(2026, 11, 18), "s-1")
    other = ActiveStep("Jo", "Wait", date(2026, 11, 10), "s-2")
    quality = Quality([], [StackedSteps("Ann\nLee", (step, other))])
    lines = format_quality(quality, "table").splitlines()
    assert lines[:2] == [
        "No ended drop-ins in this period.",
        "",
    ]
    assert len(lines) == 6  # the heading, the teacher and one line per step
    assert lines[3].startswith("  Ann") and lines[3].endswith("Lee")
    assert lines[4].startswith("    Sam") and lines[4].endswith("(2026-11-18): Ask⏎three")
    assert lines[5] == "    Jo (2026-11-10): Wait"
