"""Tabbing into a field never selects its text for the next key to replace (issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

import observer_tui

PACKAGE = Path(observer_tui.__file__).parent


def input_calls() -> list[tuple[str, ast.Call]]:
    """Every `Input(...)` made in the app's code, with where it is."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            match node:
                case ast.Call(func=ast.Name(id="Input")):
                    found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node))
    return found


def test_every_field_in_the_app_keeps_its_text_when_tabbed_into() -> None:
    calls = input_calls()
    assert len(calls) > 10  # the start form, the debrief, stats, search, import...
    selecting = [
        where
        for where, call in calls
        if not any(
            k.arg == "select_on_focus"
            and isinstance(k.value, ast.Constant)
            and k.value.value is False
            for k in call.keywords
        )
    ]
    assert selecting == [], "pass select_on_focus=False: the next key would replace the text"
