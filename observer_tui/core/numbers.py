"""Whole numbers as people type them, and as files hold them in text."""

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
