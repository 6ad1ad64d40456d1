"""Text from a file, made safe to show: the one way any untrusted string reaches a terminal.

Session, rubric and profile files come from other laptops through a sync tool. A control
character in a teacher's name or a note (an escape code that sets the window title, writes
to the clipboard or clears the screen) is shown as a visible symbol, never sent raw, by the
app and by the command line alike. So is a bidi override (U+202E), which would show a name
or a row in another order than it is stored. Markup stays literal because the app never
parses file text as markup (it builds rich `Text`).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile(r"\r\n|[\n\u2028\u2029]")


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␍ for CR...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<{code:02X}>"  # C1 controls and separators have no picture of their own


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character shown as a symbol (ESC as ␛); tabs become a
    space. Line breaks stay, unless `one_line` (a table cell, a name), where they show as ⏎."""
    text = text.replace("\t", " ")
    if one_line:
        text = _BREAK.sub("⏎", text)
    else:
        text = text.replace("\r\n", "\n")
        text = _BREAK.sub("\n", text)
    return _CONTROL.sub(_symbol, text)


def _one_symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


_ONE_BREAK = re.compile(r"[\r\n\u2028\u2029]")


def visible_in_place(text: str, *, one_line: bool = False) -> str:
    """`visible` that keeps every character where it was (one symbol for one control
    character, line breaks kept unless `one_line`, where each shows as ⏎), for text
    already styled by position (rich `Text`)."""
    if one_line:
        text = _ONE_BREAK.sub("⏎", text)
    return _CONTROL.sub(_one_symbol, text.replace("\t", " "))


_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff]")


def without_skin_tones(text: str) -> str:
    """`text` without emoji skin-tone modifiers (👍🏽 shows as 👍), for a terminal cell grid
    only, never a file: Rich counts 👍🏽 as two cells, but many terminals (tmux 3.3, xterm)
    draw it as four, pushing borders out and cutting text off. Without the modifier both
    agree."""
    return _SKIN_TONE.sub("", text)


def skin_tones(text: str) -> list[int]:
    """Where `text` has skin-tone modifiers (see `without_skin_tones`)."""
    return [match.start() for match in _SKIN_TONE.finditer(text)]


# In JSON, C0 controls are escaped already (orjson, as the standard requires); these are
# not, and a terminal may still act on them. They can only stand inside a JSON string.
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible_json(text: str) -> str:
    """JSON text with every character a terminal could act on written as a \\u escape: the
    same JSON to a program, nothing raw to a terminal."""
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_UNSAFE_OUTPUT = re.compile(
    r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def terminal_safe(text: str) -> str:
    """Output already laid out (tabs, line ends kept), with anything else a terminal would
    act on shown as a symbol: the command line's last guard on what it prints."""
    return _UNSAFE_OUTPUT.sub(_symbol, text)
