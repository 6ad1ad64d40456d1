"""Numbers as people type them (and files hold them in text), and counts as they read them."""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[ \t]*([0-9]+)[ \t]*")


def whole_number(text: str) -> int | None:
    """The whole number `text` spells in ASCII digits (spaces around allowed), else None.

    `str.isdigit` also takes '²' and '٣', and `str.strip` drops control characters that
    `int` refuses: either way a check that passes would be followed by a ValueError.
    """
    match = _WHOLE.fullmatch(text)
    return int(match[1]) if match else None


def plural(count: int, word: str) -> str:
    """'1 area', '3 areas', '10,000 lines'."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
