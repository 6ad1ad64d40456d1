"""What the coach types and is told while typing, and how long they may plan to stay."""

from __future__ import annotations

import pytest

from observer_tui.core.drafts import complete, compose, hint, read_draft, unknown_warning
from observer_tui.core.kinds import NoteKind
from observer_tui.core.requests import parse_minutes
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Note
from observer_tui.core.timer import clock_text


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        ("+", NoteKind.STRENGTH, ""),
        ("+ ", NoteKind.STRENGTH, ""),
        ("+ x", NoteKind.STRENGTH, "x"),
        ("-   lost pace  ", NoteKind.GROWTH, "lost pace"),
        ("+x", NoteKind.PLAIN, "+x"),
        ("first\n  #CFU second", NoteKind.PLAIN, "first\nsecond"),
    ],
)
def test_a_kind_prefix_alone_or_short(teach: Rubric, typed: str, kind: NoteKind, text: str) -> None:
    draft = read_draft(typed, teach)
    assert (draft.kind, draft.text) == (kind, text)


def test_two_unknown_words_are_named_in_the_warning(teach: Rubric) -> None:
    draft = read_draft("asked #zz #yy", teach)
    assert unknown_warning(draft, teach) == (
        f"Not a code in {teach.name}: #zz, #yy. Fix it (Tab completes), "
        "or press Enter again to keep it as plain text."
    )
    assert hint("asked #zz #yy ", teach) == (unknown_warning(draft, teach), "warning")


def test_tab_completes_the_last_word_or_adds_a_code(teach: Rubric) -> None:
    assert complete("asked #cf", "CFU") == "asked #CFU "
    assert complete("asked", "CFU") == "asked #CFU "


def test_a_hint_lists_every_code_that_fits(teach: Rubric) -> None:
    text, kind = hint("asked #c", teach)
    assert kind == "hint" and text.startswith("Tab → #")
    assert "  #" in text


def test_compose_leaves_out_what_is_empty(teach: Rubric) -> None:
    from datetime import UTC, datetime

    note = Note(id="a", at=datetime(2026, 11, 2, tzinfo=UTC), offset=0, text="", tags=("CFU",))
    assert compose(note) == "#CFU"
    assert compose(note.model_copy(update={"tags": (), "text": "hi"})) == "hi"


@pytest.mark.parametrize(("given", "expected"), [("1", 1), (240, 240), (" 15 ", 15)])
def test_a_planned_length_from_1_to_240_minutes(given: int | str, expected: int) -> None:
    assert parse_minutes(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("0", "minutes: choose between 1 and 240"),
        (241, "minutes: choose between 1 and 240"),
        ("ten", "minutes: 'ten' is not a whole number"),
    ],
)
def test_a_planned_length_out_of_range_says_why(given: int | str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_minutes(given)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(59.9, "00:59"), (3599, "59:59"), (3600, "1:00:00"), (3661, "1:01:01"), (-10, "00:10")],
)
def test_clock_text_shows_hours_from_the_first_hour(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text
