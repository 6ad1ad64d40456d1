"""Untrusted text never reaches a terminal raw."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from observer_tui.core.visible import visible


def test_escape_codes_show_as_symbols_and_names_stay_on_one_line() -> None:
    title = "Evil\x1b]0;PWNED\x07\x1b[31mRed [b]x[/b]"
    assert visible(title) == "Evil␛]0;PWNED␇␛[31mRed [b]x[/b]"
    assert visible("Ann\nLee\r\nRoy\rX", one_line=True) == "Ann⏎Lee⏎Roy␍X"
    assert visible("two\nlines\r\n") == "two\nlines\n"
    assert visible("tab\there \x9b2J \x7f") == "tab here <9B>2J \u2421"
    assert visible("café · 04:12 ✓") == "café · 04:12 ✓"


@given(st.text())
def test_nothing_that_moves_a_terminal_is_left(text: str) -> None:
    for shown in (visible(text), visible(text, one_line=True)):
        assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\n" not in visible(text, one_line=True)
