"""The app's text fields: whatever text they are given, from a file or a paste, they never
draw a control character raw, and tabbing into one never selects its text.

Textual's Input and TextArea draw their text as it is, so an escape code in a note or a
name that another laptop synced (or that the coach pasted) would reach the terminal from
the field holding it for editing. Every field in the app is one of these two, which show
it the way the rest of the app does (core/visible.py): ESC as ␛, a C1 control as <9B>.
tests/unit/test_fields_keep_their_text.py holds the app to them.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from observer_tui.core.visible import visible


class SafeInput(Input):
    """A one-line field: a line break shows as ⏎, any other control as its symbol."""

    def __init__(self, value: str | None = None, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)  # the next key would replace the text
        super().__init__(value, *args, **kwargs)

    def validate_value(self, value: str) -> str:
        # Called by Textual for every new value: typed, pasted or set by the app.
        return visible(value, one_line=True)


class SafeTextArea(TextArea):
    """A field of several lines: line breaks kept, any other control shown as its symbol."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def load_text(self, text: str) -> None:
        super().load_text(visible(text))

    def edit(self, edit: Edit) -> EditResult:
        # Every change goes through here: a key, a paste, an insert by the app.
        edit.text = visible(edit.text)
        return super().edit(edit)
