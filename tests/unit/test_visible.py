"""Untrusted text never reaches a terminal raw."""

from __future__ import annotations

import orjson
from hypothesis import given
from hypothesis import strategies as st

from observer_tui.core.visible import terminal_safe, visible, visible_in_place, visible_json


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


def test_bidi_overrides_show_so_a_name_reads_in_the_order_it_is_stored() -> None:
    assert visible("Ann\u202eeeL\u2066x\u2069") == "Ann<202E>eeL<2066>x<2069>"
    assert visible_in_place("a\u202eb\nc", one_line=True) == "a\ufffdb⏎c"


def test_json_keeps_its_meaning_with_nothing_raw_for_a_terminal() -> None:
    raw = '{"t": "a\x9b2J\u202eb\x7f"}'
    assert visible_json(raw) == '{"t": "a\\u009b2J\\u202eb\\u007f"}'
    assert orjson.loads(visible_json(raw)) == orjson.loads(raw)


def test_the_command_lines_last_guard_keeps_layout_and_shows_the_rest() -> None:
    assert terminal_safe("a\tb\r\nc\n") == "a\tb\r\nc\n"
    assert terminal_safe("x\ry\x1b[2J\x07\x9b") == "x␍y␛[2J␇<9B>"
