"""Co-observation agreement with known answers: two coaches' records of one lesson."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.core.agreement import cohen_kappa, compare, weighted_kappa
from observer_tui.core.debrief import Debrief, Rating
from observer_tui.core.rubric import Calibration, Rubric
from observer_tui.core.session import Note, RubricRef, Session, Snapshot

AT = datetime(2026, 11, 18, 9, tzinfo=UTC)


def session(
    coach: str,
    ratings: dict[str, str] | None = None,
    *,
    behaviours: dict[tuple[str, int], str] | None = None,
    snapshots: dict[int, dict[str, str]] | None = None,
    tags: tuple[tuple[str, ...], ...] = (),
) -> Session:
    """A 15-minute drop-in with Ann Lee, rated as given."""
    rated = [Rating(code=c, scale="element", value=v) for c, v in (ratings or {}).items()]
    rated += [
        Rating(code=c, scale="behaviour", value=v, look_for=n)
        for (c, n), v in (behaviours or {}).items()
    ]
    return Session(
        id=f"20261118-0900-ann-lee-{coach.lower()}",
        teacher="Ann Lee",
        coach=coach,
        rubric=RubricRef(id="teach", name="Teach", version="1.0"),
        started_at=AT,
        ended_at=AT + timedelta(minutes=15),
        status="observed",
        snapshots=tuple(
            Snapshot(id=f"s{m}", at=AT, offset=60.0 * m, mark=m, values=v)
            for m, v in (snapshots or {}).items()
        ),
        notes=tuple(
            Note(id=f"n{n}", at=AT, offset=float(n), text="seen", tags=t)
            for n, t in enumerate(tags)
        ),
        debrief=Debrief(ratings=tuple(rated)),
    )


def test_two_coaches_who_agree_on_every_element_agree_fully(teach: Rubric) -> None:
    ratings = {"SLE": "3", "PBE": "4", "LF": "2", "CFU": "5"}
    found = compare(session("Sam", ratings), session("Jo", ratings), teach)
    assert [(e.code, e.a, e.b, e.exact) for e in found.elements] == [
        ("SLE", "3", "3", True),
        ("PBE", "4", "4", True),
        ("LF", "2", "2", True),
        ("CFU", "5", "5", True),
    ]
    assert found.exact_share == 1.0
    assert found.within_one_share == 1.0
    assert found.kappa == pytest.approx(1.0)
    assert found.weighted_kappa == pytest.approx(1.0)
    assert found.meets_bar is True


def test_ratings_one_point_apart_are_within_one_but_not_exact(teach: Rubric) -> None:
    a = session("Sam", {"SLE": "3", "PBE": "4", "LF": "2", "CFU": "5"})
    b = session("Jo", {"SLE": "4", "PBE": "3", "LF": "2", "CFU": "4"})
    found = compare(a, b, teach)
    assert [e.exact for e in found.elements] == [False, False, True, False]
    assert [e.within_one for e in found.elements] == [True, True, True, True]
    assert found.exact_share == 0.25
    assert found.within_one_share == 1.0
    assert found.meets_bar is True


def test_only_elements_both_rated_count_towards_the_shares(teach: Rubric) -> None:
    a = session("Sam", {"SLE": "3", "PBE": "1", "LF": "2"})
    b = session("Jo", {"SLE": "3", "PBE": "4", "CFU": "5"})
    found = compare(a, b, teach)
    by_code = {e.code: e for e in found.elements}
    assert (by_code["LF"].a, by_code["LF"].b, by_code["LF"].exact) == ("2", None, None)
    assert (by_code["CFU"].a, by_code["CFU"].b, by_code["CFU"].within_one) == (None, "5", None)
    assert found.exact_share == 0.5  # SLE agrees, PBE is three points apart
    assert found.within_one_share == 0.5
    assert found.meets_bar is False


def test_nothing_in_common_gives_null_not_a_division_error(teach: Rubric) -> None:
    found = compare(session("Sam", {"SLE": "3"}), session("Jo", {"PBE": "4"}), teach)
    assert found.exact_share is None
    assert found.within_one_share is None
    assert found.kappa is None
    assert found.weighted_kappa is None
    assert found.behaviours_exact_share is None
    assert found.snapshots_share is None
    assert found.meets_bar is None
    empty = compare(session("Sam"), session("Jo"), teach)
    assert (empty.elements, empty.exact_share, empty.meets_bar) == ((), None, None)


def test_kappa_is_undefined_when_both_coaches_use_one_level_only(teach: Rubric) -> None:
    a = session("Sam", {"SLE": "3", "PBE": "3"})
    found = compare(a, session("Jo", {"SLE": "3", "PBE": "3"}), teach)
    assert found.exact_share == 1.0
    assert found.kappa is None  # chance alone agrees every time: 0/0


def fleiss_table() -> list[tuple[int, int]]:
    """Fleiss, Levin and Paik, Statistical Methods for Rates and Proportions (3rd ed.,
    2003), table 18.1 (table 13.1 in the 2nd ed., 1981): two psychiatrists diagnose 100
    patients as psychotic (0), neurotic (1) or organic (2). Rows rater A, columns rater B."""
    cells = [[75, 1, 4], [5, 4, 1], [0, 0, 10]]
    return [(i, j) for i, row in enumerate(cells) for j, n in enumerate(row) for _ in range(n)]


def test_cohen_kappa_of_the_textbook_example() -> None:
    # p_o = 0.89, p_e = 0.66: kappa = 0.23 / 0.34 = 0.676, as the book gives (0.68).
    assert cohen_kappa(fleiss_table(), 3) == pytest.approx(0.676, abs=5e-4)


def test_quadratic_weighted_kappa_of_the_textbook_example() -> None:
    # Weights 1, 0.75, 0 for 0, 1, 2 categories apart, worked by hand from the table:
    # p_o = 0.89 + 0.75 * 0.07 = 0.9425; p_e = 0.66 + 0.75 * 0.14 = 0.765;
    # kappa_w = 0.1775 / 0.235 = 0.7553.
    assert weighted_kappa(fleiss_table(), 3) == pytest.approx(0.7553, abs=5e-5)


def test_kappa_of_the_sas_agreement_example() -> None:
    """The 3x3 table of SAS/STAT's PROC FREQ agreement example: SAS prints simple kappa
    0.4842; its weighted kappa, 0.4701, uses linear (Cicchetti-Allison) weights, so the
    quadratic one (weights 1, 0.75, 0) is worked by hand: p_o = 16.75 / 19 = 0.8816,
    p_e = 283.25 / 361 = 0.7846, kappa_w = 0.0970 / 0.2154 = 0.4502."""
    cells = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    pairs = [(i, j) for i, row in enumerate(cells) for j, n in enumerate(row) for _ in range(n)]
    assert cohen_kappa(pairs, 3) == pytest.approx(0.4842, abs=5e-5)
    assert weighted_kappa(pairs, 3) == pytest.approx(0.4502, abs=5e-5)


def test_kappa_of_the_anxiety_ratings_in_r_irr() -> None:
    """R's irr package, `kappa2(anxiety[, 2:3])` and `kappa2(anxiety[, 2:3], "squared")`:
    raters 2 and 3 of its `anxiety` data (20 subjects, levels 1-6, 5 unused, so four
    steps apart at most) give -0.006289308 and 0.2520325."""
    rater_2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
    rater_3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]
    level = {value: rank for rank, value in enumerate([1, 2, 3, 4, 6])}
    pairs = [(level[a], level[b]) for a, b in zip(rater_2, rater_3, strict=True)]
    assert cohen_kappa(pairs, 5) == pytest.approx(-0.006289308, abs=5e-9)
    assert weighted_kappa(pairs, 5) == pytest.approx(0.2520325, abs=5e-8)


def test_kappa_of_a_two_by_two_table() -> None:
    # 50 yes/no answers: 20 both yes, 15 both no, 5 and 10 apart. p_o 0.7, p_e 0.5.
    pairs = [(1, 1)] * 20 + [(0, 0)] * 15 + [(1, 0)] * 5 + [(0, 1)] * 10
    assert cohen_kappa(pairs, 2) == pytest.approx(0.4)


def test_kappa_over_element_ratings_uses_the_rubric_scale(teach: Rubric) -> None:
    # Sam 1 2 3 4 5, Jo 2 2 3 4 4 on the 1-5 scale: one exact, all within one.
    a = session("Sam", {"SLE": "1", "PBE": "2", "LF": "3", "CFU": "4", "FB": "5"})
    b = session("Jo", {"SLE": "2", "PBE": "2", "LF": "3", "CFU": "4", "FB": "4"})
    found = compare(a, b, teach)
    assert found.exact_share == 0.6
    # p_o 0.6; marginals A (1,1,1,1,1)/5, B (0,2,1,2,0)/5: p_e = 5/25 = 0.2; (0.6-0.2)/0.8.
    assert found.kappa == pytest.approx(0.5)
    assert found.weighted_kappa is not None and found.kappa is not None
    assert found.weighted_kappa > found.kappa


def test_behaviour_ratings_agree_exactly_or_not(teach: Rubric) -> None:
    a = session("Sam", behaviours={("SLE", 1): "H", ("SLE", 2): "M", ("CFU", 1): "L"})
    b = session("Jo", behaviours={("SLE", 1): "H", ("SLE", 2): "L", ("LF", 3): "M"})
    found = compare(a, b, teach)
    assert [(x.code, x.look_for, x.exact) for x in found.behaviours] == [
        ("CFU", 1, None),
        ("LF", 3, None),
        ("SLE", 1, True),
        ("SLE", 2, False),
    ]
    assert found.behaviours_exact_share == 0.5


def test_snapshots_match_by_mark_and_field(teach: Rubric) -> None:
    a = session(
        "Sam",
        snapshots={0: {"activity": "yes", "off_task": "0-1"}, 1: {"activity": "yes"}},
    )
    b = session(
        "Jo",
        snapshots={0: {"activity": "yes", "off_task": "2-5"}, 1: {"activity": "yes"}, 2: {}},
    )
    found = compare(a, b, teach)
    assert [(s.mark, s.field, s.a, s.b, s.match) for s in found.snapshots] == [
        (0, "activity", "yes", "yes", True),
        (0, "off_task", "0-1", "2-5", False),
        (1, "activity", "yes", "yes", True),
    ]
    assert found.snapshots_share == pytest.approx(2 / 3)


def test_notes_per_element_are_counted_for_each_coach(teach: Rubric) -> None:
    a = session("Sam", tags=(("CFU",), ("CFU", "FB"), ("SLE",)))
    b = session("Jo", tags=(("FB",), ("CFU",)))
    found = compare(a, b, teach)
    assert [(n.code, n.a, n.b) for n in found.notes] == [
        ("SLE", 1, 0),
        ("CFU", 2, 1),
        ("FB", 1, 1),
    ]


def with_bar(teach: Rubric, within: int, share: float) -> Rubric:
    return teach.model_copy(update={"calibration": Calibration(within=within, share=share)})


def test_the_default_bar_is_80_percent_within_one_point(teach: Rubric) -> None:
    a = session("Sam", {"SLE": "3", "PBE": "3", "LF": "3", "CFU": "3", "FB": "3"})
    four_of_five = session("Jo", {"SLE": "4", "PBE": "2", "LF": "3", "CFU": "3", "FB": "5"})
    three_of_five = session("Jo", {"SLE": "4", "PBE": "1", "LF": "3", "CFU": "3", "FB": "5"})
    assert teach.calibration == Calibration(within=1, share=0.8)
    assert compare(a, four_of_five, teach).meets_bar is True
    assert compare(a, three_of_five, teach).meets_bar is False
    assert compare(a, four_of_five).meets_bar is True  # no rubric: the default bar


def test_a_rubric_sets_its_own_bar(teach: Rubric) -> None:
    a = session("Sam", {"SLE": "3", "PBE": "3", "LF": "3", "CFU": "3"})
    b = session("Jo", {"SLE": "3", "PBE": "3", "LF": "3", "CFU": "4"})
    exact_all = compare(a, b, with_bar(teach, 0, 1.0))
    assert (exact_all.bar_share, exact_all.meets_bar) == (0.75, False)
    loose = compare(a, b, with_bar(teach, 0, 0.75))
    assert loose.meets_bar is True


def test_a_rubric_file_with_a_bad_bar_is_refused(teach: Rubric) -> None:
    data = teach.model_dump()
    for bad in ({"within": -1}, {"share": 0}, {"share": 1.5}, {"points": 1}):
        with pytest.raises(ValueError):
            Rubric.model_validate({**data, "calibration": bad})
    accepted = Rubric.model_validate({**data, "calibration": {"within": 0, "share": 0.9}})
    assert accepted.calibration == Calibration(within=0, share=0.9)


LEVEL = st.integers(min_value=0, max_value=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LEVEL, LEVEL), max_size=30))
def test_kappa_is_never_above_one_nor_an_error(pairs: list[tuple[int, int]]) -> None:
    for value in (cohen_kappa(pairs, 5), weighted_kappa(pairs, 5)):
        assert value is None or -1.0 - 1e-9 <= value <= 1.0 + 1e-9
    if pairs and all(i == j for i, j in pairs) and len({i for i, _ in pairs}) > 1:
        assert cohen_kappa(pairs, 5) == pytest.approx(1.0)


RATING = st.sampled_from(["1", "2", "3", "4", "5", "N/A", "x"])
CODES = st.sampled_from(["SLE", "PBE", "LF", "CFU", "FB", "ZZ"])


# The rubric fixture is only read, so sharing it between examples is safe.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(CODES, RATING), st.dictionaries(CODES, RATING))
def test_any_two_sets_of_ratings_compare_without_error(
    teach: Rubric, a: dict[str, str], b: dict[str, str]
) -> None:
    found = compare(session("Sam", a), session("Jo", b), teach)
    assert {e.code for e in found.elements} == a.keys() | b.keys()
    for value in (found.exact_share, found.within_one_share):
        assert value is None or 0 <= value <= 1
