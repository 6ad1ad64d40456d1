"""`observer-tui agree` and `stats --calibration`: what a coach or a script reads."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from observer_tui.cli import main
from observer_tui.core.locations import DataFolder
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore
from tests.unit.test_agreement import AT, session


def run(data: DataFolder, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def saved(data: DataFolder, one: Session, **changes: object) -> Session:
    shown = one.model_copy(update=changes)
    SessionStore(data.sessions).save(shown)
    return shown


@pytest.fixture
def pair(data: DataFolder) -> tuple[Session, Session]:
    """Sam and Jo in Ann Lee's lesson, Jo two minutes later; and Sam alone with Ann later."""
    sam = saved(data, session("Sam", {"SLE": "3", "PBE": "4", "LF": "2"}))
    jo = saved(
        data,
        session("Jo", {"SLE": "3", "PBE": "2", "LF": "3"}),
        started_at=AT + timedelta(minutes=2),
        ended_at=AT + timedelta(minutes=17),
    )
    later = AT + timedelta(days=1)
    saved(data, session("Sam", {"SLE": "3"}), id="later-sam", started_at=later, ended_at=later)
    return sam, jo


def test_agree_prints_each_element_and_whether_the_bar_is_met(
    data: DataFolder, capsys: pytest.CaptureFixture[str], pair: tuple[Session, Session]
) -> None:
    sam, jo = pair
    code, out, _ = run(data, capsys, "agree", sam.id, jo.id)
    assert code == 0
    assert "SLE      3  3  exact" in out
    assert "PBE      4  2  2 apart" in out
    assert "LF       2  3  within one" in out
    assert "1 of 3 the same (33%), 2 of 3 within one (67%)" in out
    assert "Bar (80% of elements within 1 point): 67% of 3: not met yet" in out


def test_agree_as_json_has_the_keys_scripts_rely_on(
    data: DataFolder, capsys: pytest.CaptureFixture[str], pair: tuple[Session, Session]
) -> None:
    sam, jo = pair
    code, out, _ = run(data, capsys, "agree", sam.id, jo.id, "--format", "json")
    record = orjson.loads(out)
    assert code == 0
    assert record["elements"][1] == {
        "code": "PBE",
        "a": "4",
        "b": "2",
        "exact": False,
        "within_one": False,
    }
    assert record["exact_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert record["within_one_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert record["meets_bar"] is False
    # Nothing to compare: null, not an error.
    assert record["behaviours_exact_share"] is None
    assert record["snapshots_share"] is None
    for key in ("kappa", "weighted_kappa"):
        assert key in record


def test_one_session_finds_the_other_coach_of_its_lesson(
    data: DataFolder, capsys: pytest.CaptureFixture[str], pair: tuple[Session, Session]
) -> None:
    sam, jo = pair
    code, out, _ = run(data, capsys, "agree", sam.id)
    assert code == 0
    assert f"B: Jo ({jo.id})" in out
    code, _, err = run(data, capsys, "agree", "later-sam")
    assert code == 2
    assert "no other coach's session of the lesson in later-sam" in err


def test_agree_names_a_missing_session_in_one_line(
    data: DataFolder, capsys: pytest.CaptureFixture[str], pair: tuple[Session, Session]
) -> None:
    code, out, err = run(data, capsys, "agree", pair[0].id, "no-such-session")
    assert (code, out) == (2, "")
    assert err == "observer-tui: no session 'no-such-session' (give a session id or a file path)\n"


def test_a_reference_session_is_compared_with_each_coach_of_the_lesson(
    data: DataFolder, capsys: pytest.CaptureFixture[str], pair: tuple[Session, Session]
) -> None:
    sam, jo = pair
    kim = saved(data, session("Kim", {"SLE": "3", "PBE": "4", "LF": "2"}), id="kim")
    code, out, _ = run(data, capsys, "agree", "--reference", sam.id)
    assert code == 0
    rows = [line.split()[:5] for line in out.splitlines()[3:]]
    assert rows == [["Kim", "3", "100%", "100%", "1.00"], ["Jo", "3", "33%", "67%", "0.00"]]
    code, out, _ = run(data, capsys, "agree", "--reference", sam.id, kim.id, "--format", "json")
    assert [x["b"]["coach"] for x in orjson.loads(out)["sessions"]] == ["Kim"]


def test_stats_calibration_lists_each_coachs_pairs_over_time(
    data: DataFolder, capsys: pytest.CaptureFixture[str], pair: tuple[Session, Session]
) -> None:
    code, out, _ = run(data, capsys, "stats", "--calibration")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "COACH",
        "WITH",
        "TEACHER",
        "STARTED",
        "ELEMENTS",
        "WITHIN",
        "ONE",
        "BAR",
    ]
    assert [line.split()[0] for line in lines[1:]] == ["Jo", "Sam"]
    assert all("67%" in line and "not yet" in line for line in lines[1:])
    code, out, _ = run(data, capsys, "stats", "--calibration", "--coach", "sam", "--format", "json")
    (only,) = orjson.loads(out)["pairs"]
    assert (only["coach"], only["other_coach"], only["meets_bar"]) == ("Sam", "Jo", False)
    assert only["within_one_share"] == pytest.approx(0.6667)


def test_stats_calibration_with_no_pairs_says_so(
    data: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    saved(data, session("Sam", {"SLE": "3"}))
    code, out, _ = run(data, capsys, "stats", "--calibration")
    assert (code, out) == (0, "No lesson recorded by two coaches.\n")
