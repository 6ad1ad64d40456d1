"""Whole numbers typed into a field or an argument, or held as text in a rubric file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.core.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("21", 21), (" 7 ", 7), ("007", 7), ("0", 0), ("", None), ("-3", None), ("2.5", None)],
)
def test_plain_digits_are_a_number_and_nothing_else_is(text: str, number: int | None) -> None:
    assert whole_number(text) == number


@pytest.mark.parametrize("text", ["²", "٣", "0\x1f", "\x1c5", "1_000", "+4", "5\n"])
def test_what_python_half_accepts_as_digits_is_not_a_number(text: str) -> None:
    assert whole_number(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=8))
def test_any_text_is_a_number_only_when_it_is_ascii_digits(text: str) -> None:
    number = whole_number(text)  # never raises
    digits = text.strip(" \t")
    if number is None:
        assert not (digits and all("0" <= c <= "9" for c in digits))
    else:
        assert number == int(digits) and all("0" <= c <= "9" for c in digits)
