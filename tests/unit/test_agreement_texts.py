"""What `agree` and `stats --calibration` print, word for word, for hand-built pairs.

Every expected text below was written and checked by hand from the two coaches' ratings
(the kappas worked in the comments), not copied from what the code prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from observer_tui.core.agreement import (
    CalibrationPair,
    agreement_record,
    bar_text,
    calibration_pairs,
    compare,
    format_agreement,
    format_calibration,
    format_reference,
    weighted_kappa,
)
from observer_tui.core.debrief import Rating
from observer_tui.core.index import SessionSummary
from observer_tui.core.rubric import Calibration, Rubric
from observer_tui.core.session import Session
from tests.unit.test_agreement import AT, session

SAM_ID = "20261118-0900-ann-lee-sam"
JO_ID = "20261118-0900-ann-lee-jo"


def sam_and_jo() -> tuple[Session, Session]:
    """Sam and Jo in Ann Lee's 7B lesson: four elements both rated on the 1-5 scale (two
    the same, one a point apart, one two apart), one each rated alone, one N/A by both."""
    sam = session(
        "Sam",
        {"SLE": "3", "PBE": "4", "LF": "2", "CFU": "5", "FB": "4", "AUT": "N/A"},
        behaviours={("SLE", 1): "H", ("SLE", 2): "M", ("CFU", 1): "L"},
        snapshots={0: {"learning_activity": "yes", "off_task": "0-1"}, 1: {"off_task": "0-1"}},
        tags=(("CFU",), ("CFU", "FB"), ("SLE",)),
    )
    jo = session(
        "Jo",
        {"SLE": "3", "PBE": "2", "LF": "3", "CFU": "5", "CT": "1", "AUT": "N/A"},
        behaviours={("SLE", 1): "H", ("SLE", 2): "L"},
        snapshots={0: {"learning_activity": "yes", "off_task": "2-5"}},
        tags=(("FB",), ("CFU",), ("CFU", "CFU")),
    )
    return sam.model_copy(update={"class_name": "7B"}), jo.model_copy(update={"class_name": "7B"})


# Both rated SLE (3, 3), PBE (4, 2), LF (2, 3), CFU (5, 5): places 0-4 on the scale give
# pairs (2,2) (3,1) (1,2) (4,4). Exact 2 of 4; A's levels 1,2,3,4 once each, B's 1 once,
# 2 twice, 4 once: chance agreement (1*1 + 1*2 + 0 + 1*1) / 16 = 0.25, so
# kappa = (0.5 - 0.25) / 0.75 = 0.333. Quadratic weights 1 - d^2/16: observed
# (1 + 0.75 + 0.9375 + 1) / 4 = 0.921875, by chance 13.5 / 16 = 0.84375, so
# kappa_w = 0.078125 / 0.15625 = 0.5.
SAM_AND_JO = """\
Ann Lee · 7B · Wed 18 Nov 2026 04:00
A: Sam (20261118-0900-ann-lee-sam)
B: Jo (20261118-0900-ann-lee-jo)

Bar (80% of elements within 1 point): 75% of 4: not met yet
Elements: 2 of 4 the same (50%), 3 of 4 within one (75%)
Kappa 0.33, quadratic-weighted kappa 0.50
Behaviours (L/M/H): 1 of 2 the same (50%)
Snapshots: 1 of 2 answers match (50%)
  mark 1 off_task: A 0-1, B 2-5

ELEMENT  A    B    AGREE
SLE      3    3    exact
PBE      4    2    2 apart
LF       2    3    within one
CFU      5    5    exact
FB       4    -    only A rated it
CT       -    1    only B rated it
AUT      N/A  N/A  not on the scale

NOTES TAGGED  A  B
SLE           1  0
CFU           2  2
FB            1  1
"""


def test_agree_prints_the_whole_comparison_of_two_coaches(
    teach: Rubric, pin_time_zone: Callable[[str], None]
) -> None:
    pin_time_zone("America/New_York")  # 09:00 UTC is 04:00 in New York in November
    assert format_agreement(compare(*sam_and_jo(), teach)) == SAM_AND_JO


def test_agree_with_nothing_rated_says_there_is_nothing_to_compare(
    pin_time_zone: Callable[[str], None],
) -> None:
    pin_time_zone("UTC")
    a = session("Sam").model_copy(update={"coach": "", "teacher": ""})
    b = session("Jo")
    assert format_agreement(compare(a, b)) == (
        "- · Wed 18 Nov 2026 09:00\n"
        "A: a coach (20261118-0900-ann-lee-sam)\n"
        "B: Jo (20261118-0900-ann-lee-jo)\n"
        "\n"
        "Bar (80% of elements within 1 point): no element rated by both: nothing to compare yet\n"
        "Elements: none rated by both, none rated by both\n"
        "Kappa -, quadratic-weighted kappa -\n"
        "Behaviours (L/M/H): none rated by both\n"
        "Snapshots: none at the same marks\n"
        "\n"
        "No element ratings in either session.\n"
    )


def with_bar(teach: Rubric, within: int, share: float) -> Rubric:
    return teach.model_copy(update={"calibration": Calibration(within=within, share=share)})


def test_the_bar_line_names_the_rubrics_own_bar_and_whether_it_is_met(
    teach: Rubric, pin_time_zone: Callable[[str], None]
) -> None:
    pin_time_zone("UTC")
    sam, jo = sam_and_jo()
    lines = {
        (within, share): format_agreement(
            compare(sam, jo, with_bar(teach, within, share))
        ).splitlines()[4]
        for within, share in ((0, 0.5), (0, 0.55), (2, 0.9), (3, 1.0))
    }
    assert lines == {
        (0, 0.5): "Bar (50% of elements exactly): 50% of 4: meets the bar",
        (0, 0.55): "Bar (55% of elements exactly): 50% of 4: not met yet",
        (2, 0.9): "Bar (90% of elements within 2 points): 100% of 4: meets the bar",
        (3, 1.0): "Bar (100% of elements within 3 points): 100% of 4: meets the bar",
    }


def test_bar_text_reads_as_a_coach_would_say_it() -> None:
    assert bar_text(Calibration()) == "80% of elements within 1 point"
    assert bar_text(Calibration(within=0, share=1.0)) == "100% of elements exactly"
    assert bar_text(Calibration(within=2, share=0.75)) == "75% of elements within 2 points"


def test_agree_json_holds_every_figure_a_script_reads(teach: Rubric) -> None:
    assert agreement_record(compare(*sam_and_jo(), teach)) == {
        "a": {
            "id": SAM_ID,
            "coach": "Sam",
            "teacher": "Ann Lee",
            "class": "7B",
            "started_at": "2026-11-18T09:00:00+00:00",
        },
        "b": {
            "id": JO_ID,
            "coach": "Jo",
            "teacher": "Ann Lee",
            "class": "7B",
            "started_at": "2026-11-18T09:00:00+00:00",
        },
        "elements": [
            {"code": "SLE", "a": "3", "b": "3", "exact": True, "within_one": True},
            {"code": "PBE", "a": "4", "b": "2", "exact": False, "within_one": False},
            {"code": "LF", "a": "2", "b": "3", "exact": False, "within_one": True},
            {"code": "CFU", "a": "5", "b": "5", "exact": True, "within_one": True},
            {"code": "FB", "a": "4", "b": None, "exact": None, "within_one": None},
            {"code": "CT", "a": None, "b": "1", "exact": None, "within_one": None},
            {"code": "AUT", "a": "N/A", "b": "N/A", "exact": None, "within_one": None},
        ],
        "exact_share": 0.5,
        "within_one_share": 0.75,
        "kappa": 0.3333,
        "weighted_kappa": 0.5,
        "behaviours": [
            {"code": "CFU", "look_for": 1, "a": "L", "b": None, "exact": None},
            {"code": "SLE", "look_for": 1, "a": "H", "b": "H", "exact": True},
            {"code": "SLE", "look_for": 2, "a": "M", "b": "L", "exact": False},
        ],
        "behaviours_exact_share": 0.5,
        "snapshots": [
            {"mark": 1, "field": "learning_activity", "a": "yes", "b": "yes", "match": True},
            {"mark": 1, "field": "off_task", "a": "0-1", "b": "2-5", "match": False},
            {"mark": 2, "field": "off_task", "a": "0-1", "b": None, "match": None},
        ],
        "snapshots_share": 0.5,
        "notes": [
            {"code": "SLE", "a": 1, "b": 0},
            {"code": "CFU", "a": 2, "b": 2},
            {"code": "FB", "a": 1, "b": 1},
        ],
        "bar": {"within": 1, "share": 0.8},
        "bar_share": 0.75,
        "meets_bar": False,
    }


def test_a_reference_session_is_shown_against_each_coach(teach: Rubric) -> None:
    sam, jo = sam_and_jo()
    kim = jo.model_copy(update={"id": "kim-copy", "coach": "Kim"})
    nobody = session("X").model_copy(update={"id": "blank", "coach": ""})
    kim = kim.model_copy(update={"debrief": sam.debrief})  # Kim rated as Sam did
    found = [compare(sam, kim, teach), compare(sam, jo, teach), compare(sam, nobody, teach)]
    assert format_reference(sam, found) == (
        "Reference: Sam (20261118-0900-ann-lee-sam)\n"
        "\n"
        "COACH  ELEMENTS  EXACT  WITHIN ONE  KAPPA  BAR      SESSION\n"
        "Kim    5         100%   100%        1.00   met      kim-copy\n"
        "Jo     4         50%    75%         0.33   not yet  20261118-0900-ann-lee-jo\n"
        "-      0         -      -           -      -        blank\n"
    )
    assert format_reference(sam, []) == (
        "Reference: Sam (20261118-0900-ann-lee-sam)\nNo other coach's session of this lesson.\n"
    )


ROWS = [
    CalibrationPair(
        coach="Jo",
        other="Sam",
        teacher="Ann Lee",
        started_at=datetime(2026, 11, 18, 9, 2, tzinfo=UTC),
        session="jo-1",
        other_session="sam-1",
        elements=4,
        within_one_share=2 / 3,
        meets_bar=False,
    ),
    CalibrationPair(
        coach="Sam",
        other="",
        teacher="",
        started_at=datetime(2026, 11, 19, 14, 30, tzinfo=UTC),
        session="sam-2",
        other_session="x-2",
        elements=0,
        within_one_share=None,
        meets_bar=None,
    ),
    CalibrationPair(
        coach="Sam",
        other="Kim",
        teacher="Bo Yu",
        started_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        session="sam-3",
        other_session="kim-3",
        elements=5,
        within_one_share=1.0,
        meets_bar=True,
    ),
]


def test_stats_calibration_as_a_table(pin_time_zone: Callable[[str], None]) -> None:
    pin_time_zone("Europe/Paris")  # an hour ahead of UTC in November
    assert format_calibration(ROWS, "table") == (
        "COACH  WITH  TEACHER  STARTED           ELEMENTS  WITHIN ONE  BAR\n"
        "Jo     Sam   Ann Lee  2026-11-18 10:02  4         67%         not yet\n"
        "Sam    -     -        2026-11-19 15:30  0         -           -\n"
        "Sam    Kim   Bo Yu    2026-11-20 09:00  5         100%        met\n"
    )
    assert format_calibration([], "table") == "No lesson recorded by two coaches.\n"


def test_stats_calibration_as_csv() -> None:
    assert format_calibration(ROWS, "csv") == (
        "coach,other_coach,teacher,started_at,elements,within_one_share,meets_bar,session,"
        "other_session\n"
        "Jo,Sam,Ann Lee,2026-11-18T09:02:00+00:00,4,0.6667,false,jo-1,sam-1\n"
        "Sam,,,2026-11-19T14:30:00+00:00,0,,,sam-2,x-2\n"
        "Sam,Kim,Bo Yu,2026-11-20T08:00:00+00:00,5,1.0,true,sam-3,kim-3\n"
    )
    assert format_calibration([], "csv") == (
        "coach,other_coach,teacher,started_at,elements,within_one_share,meets_bar,session,"
        "other_session\n"
    )


def test_stats_calibration_as_json() -> None:
    text = format_calibration(ROWS[:2], "json")
    assert text.endswith("}\n")
    assert text.startswith('{\n  "pairs": [\n    {\n      "coach": "Jo",\n')
    assert orjson.loads(text) == {
        "pairs": [
            {
                "coach": "Jo",
                "other_coach": "Sam",
                "teacher": "Ann Lee",
                "started_at": "2026-11-18T09:02:00+00:00",
                "session": "jo-1",
                "other_session": "sam-1",
                "elements": 4,
                "within_one_share": 0.6667,
                "meets_bar": False,
            },
            {
                "coach": "Sam",
                "other_coach": "",
                "teacher": "",
                "started_at": "2026-11-19T14:30:00+00:00",
                "session": "sam-2",
                "other_session": "x-2",
                "elements": 0,
                "within_one_share": None,
                "meets_bar": None,
            },
        ]
    }


def test_calibration_pairs_list_each_pair_under_both_coaches_oldest_first(
    teach: Rubric,
) -> None:
    sam, jo = sam_and_jo()
    later = AT + timedelta(days=1)
    kim = session("Kim", {"SLE": "3", "PBE": "4"}).model_copy(
        update={"id": "kim-later", "started_at": later, "teacher": "Bo Yu"}
    )
    sam_later = session("sam", {"SLE": "3", "PBE": "5"}).model_copy(
        update={"id": "sam-later", "started_at": later, "teacher": "Bo Yu"}
    )
    by_id = {s.id: s for s in (sam, jo, kim, sam_later)}

    def read(session_id: str) -> Session:
        if session_id == "gone":
            raise OSError("the file is gone")
        return by_id[session_id]

    def listed(one: Session) -> SessionSummary:
        return SessionSummary.of(one, f"{one.id}.json")

    gone = dataclasses.replace(listed(sam), id="gone")
    pairs = [(listed(sam), listed(jo)), (gone, listed(jo)), (listed(kim), listed(sam_later))]
    rows, problems = calibration_pairs(pairs, read, lambda _: teach)
    assert problems == [f"gone or {JO_ID}: the file is gone"]
    assert [(r.coach, r.other, r.teacher, r.session, r.other_session) for r in rows] == [
        ("Jo", "Sam", "Ann Lee", JO_ID, SAM_ID),
        ("Kim", "sam", "Bo Yu", "kim-later", "sam-later"),
        ("Sam", "Jo", "Ann Lee", SAM_ID, JO_ID),
        ("sam", "Kim", "Bo Yu", "sam-later", "kim-later"),
    ]
    assert [(r.elements, r.within_one_share, r.meets_bar) for r in rows] == [
        (4, 0.75, False),
        (2, 1.0, True),
        (4, 0.75, False),
        (2, 1.0, True),
    ]
    mine, _ = calibration_pairs(pairs, read, lambda _: teach, coach=" SAM ")
    assert [(r.coach, r.session) for r in mine] == [("Sam", SAM_ID), ("sam", "sam-later")]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_coach_name_with_control_characters_is_shown_safely(
    fmt: str, pin_time_zone: Callable[[str], None]
) -> None:
    pin_time_zone("UTC")
    row = dataclasses.replace(ROWS[0], coach="Jo\x1b[2J")
    text = format_calibration([row], fmt)
    assert "\x1b" not in text
    assert "Jo" in text


def test_a_scale_of_words_is_compared_in_the_rubrics_order(teach: Rubric) -> None:
    words = {
        "id": "words",
        "name": "Secure or not",
        "levels": [{"value": v} for v in ("emerging", "developing", "secure")],
    }
    rubric = Rubric.model_validate({**teach.model_dump(), "scales": [words]})

    def rated(coach: str, values: dict[str, str]) -> Session:
        one = session(coach)
        ratings = tuple(Rating(code=c, scale="words", value=v) for c, v in values.items())
        return one.model_copy(
            update={"debrief": one.debrief.model_copy(update={"ratings": ratings})}
        )

    a = rated("Sam", {"SLE": "emerging", "PBE": "secure", "LF": "secure"})
    b = rated("Jo", {"SLE": "developing", "PBE": "emerging", "LF": "secure"})
    found = compare(a, b, rubric)
    assert [(e.code, e.apart) for e in found.elements] == [("SLE", 1), ("PBE", 2), ("LF", 0)]
    assert found.exact_share == pytest.approx(1 / 3)
    assert found.within_one_share == pytest.approx(2 / 3)


def test_calibration_pairs_are_judged_against_the_rubrics_own_bar(teach: Rubric) -> None:
    sam, jo = sam_and_jo()
    strict = with_bar(teach, 0, 0.5)  # half of the elements exactly the same: 2 of 4 are
    listed = [SessionSummary.of(s, f"{s.id}.json") for s in (sam, jo)]
    rows, _ = calibration_pairs(
        [(listed[0], listed[1])], {sam.id: sam, jo.id: jo}.__getitem__, lambda _: strict
    )
    assert [r.meets_bar for r in rows] == [True, True]


def test_a_half_point_scale_compares_its_halves_and_leaves_out_na(teach: Rubric) -> None:
    halves = {
        "id": "element",
        "name": "Half points",
        "levels": [{"value": v} for v in ("1", "1.5", "2", "N/A")],
    }
    rubric = Rubric.model_validate({**teach.model_dump(), "scales": [halves]})
    a = session("Sam", {"SLE": "1.5", "PBE": "1", "LF": "N/A"})
    b = session("Jo", {"SLE": "2", "PBE": "2", "LF": "1"})
    found = compare(a, b, rubric)
    assert [(e.code, e.apart) for e in found.elements] == [("SLE", 1), ("PBE", 2), ("LF", None)]


def test_snapshot_answers_follow_the_order_of_the_sessions_form(teach: Rubric) -> None:
    spec = teach.observation.snapshots
    assert spec is not None
    reordered = spec.model_copy(update={"fields": tuple(reversed(spec.fields))})
    answers = {0: {"learning_activity": "yes", "off_task": "0-1"}}
    a = session("Sam", snapshots=answers).model_copy(update={"snapshot_spec": reordered})
    b = session("Jo", snapshots={0: {"learning_activity": "no", "off_task": "2-5"}})
    found = compare(a, b, teach)
    assert [s.field for s in found.snapshots] == ["off_task", "learning_activity"]


def test_notes_tagged_outside_the_rubric_come_after_its_elements(teach: Rubric) -> None:
    a = session("Sam", tags=(("ZZ",), ("CFU", "AB"), ("SLE",)))
    b = session("Jo", tags=(("ZZ", "SLE"),))
    found = compare(a, b, teach)
    assert [(n.code, n.a, n.b) for n in found.notes] == [
        ("SLE", 1, 1),
        ("CFU", 1, 0),
        ("AB", 1, 0),
        ("ZZ", 1, 1),
    ]


def test_a_yes_no_scale_has_a_weighted_kappa_equal_to_its_kappa() -> None:
    # With two points the quadratic weights are those of plain agreement (1 and 0).
    pairs = [(1, 1)] * 20 + [(0, 0)] * 15 + [(1, 0)] * 5 + [(0, 1)] * 10
    assert weighted_kappa(pairs, 2) == pytest.approx(0.4)
    assert weighted_kappa(pairs, 1) is None


def test_line_breaks_in_names_and_answers_stay_on_their_line(
    teach: Rubric, pin_time_zone: Callable[[str], None]
) -> None:
    pin_time_zone("UTC")
    sam, jo = sam_and_jo()
    sam = sam.model_copy(update={"teacher": "Ann\nLee", "class_name": "7\nB"})
    jo = jo.model_copy(update={"snapshots": ()})
    sam = sam.model_copy(
        update={
            "snapshots": tuple(
                s.model_copy(update={"values": {"off_task": "0\n1"}}) for s in sam.snapshots
            )
        }
    )
    jo = jo.model_copy(
        update={
            "snapshots": tuple(
                s.model_copy(update={"values": {"off_task": "2\n5"}}) for s in sam.snapshots
            )
        }
    )
    lines = format_agreement(compare(sam, jo, teach)).splitlines()
    assert lines[0] == "Ann⏎Lee · 7⏎B · Wed 18 Nov 2026 09:00"
    assert "  mark 1 off_task: A 0⏎1, B 2⏎5" in lines
