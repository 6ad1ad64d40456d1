"""Every text field in the app is one of widgets/fields.py's: tabbing into it never selects
its text for the next key to replace (issue 13), and it never draws a control character
from a file or a paste raw (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult

import observer_tui
from observer_tui.widgets.fields import SafeInput, SafeTextArea

PACKAGE = Path(observer_tui.__file__).parent
FIELDS = {"Input": "SafeInput", "TextArea": "SafeTextArea"}


def field_calls() -> list[tuple[str, str]]:
    """Every field made in the app's code (`Input(...)`, `SafeInput(...)`...), with where."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            match node:
                case ast.Call(func=ast.Name(id=name)) if name in {*FIELDS, *FIELDS.values()}:
                    found.append((str(path.relative_to(PACKAGE)), name))
                case ast.ClassDef(bases=bases):
                    for base in bases:
                        if isinstance(base, ast.Name) and base.id in FIELDS:
                            found.append((str(path.relative_to(PACKAGE)), base.id))
    return found


def test_every_field_in_the_app_is_a_safe_one() -> None:
    calls = field_calls()
    assert len(calls) > 10  # the start form, the debrief, stats, search, import...
    bare = [f"{where} {name}" for where, name in calls if name in FIELDS]
    assert bare == ["widgets/fields.py Input", "widgets/fields.py TextArea"], (
        "use SafeInput or SafeTextArea (widgets/fields.py)"
    )


class Fields(App[None]):
    def compose(self) -> ComposeResult:
        yield SafeInput("Ann\nLee\x1b]0;T\x07")
        yield SafeTextArea("two\nlines\x1b[2J")


async def test_a_field_keeps_its_text_and_shows_every_control_as_a_symbol() -> None:
    app = Fields()
    async with app.run_test() as pilot:
        field, area = app.query_one(SafeInput), app.query_one(SafeTextArea)
        assert field.select_on_focus is False
        assert field.value == "Ann⏎Lee␛]0;T␇"
        field.value = "\x9b2J"
        assert field.value == "<9B>2J"
        assert area.text == "two\nlines␛[2J"
        area.load_text("\u202eX")
        assert area.text == "<202E>X"
        area.focus()
        await pilot.pause()
        area.post_message(events.Paste("\x1b[31mred"))  # a paste, as the terminal sends it
        await pilot.pause()
        assert "\x1b" not in area.text and "␛[31mred" in area.text
