"""Browsing one rubric: areas, elements with their codes, descriptions and look-fors."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.rubric import Rubric
from observer_tui.widgets.shown import shown


def rubric_text(rubric: Rubric) -> Text:
    """The rubric to read: areas as headings, codes in bold, look-fors as bullets."""
    text = Text.assemble((rubric.name, "bold"), f"  {rubric.id} · version {rubric.version}")
    if rubric.source:
        text.append(f"\n{rubric.source}", style="dim")
    for area, elements in rubric.areas():
        text.append(f"\n\n{area}", style="bold underline")
        for element in elements:
            text.append("\n")
            text.append(f"#{element.code}", style="bold")
            text.append(f" {element.name}")
            if element.description:
                text.append(f"\n  {element.description}", style="italic")
            for look_for in element.look_fors:
                text.append(f"\n  • {look_for}")
    return text


class RubricBrowserScreen(Screen[None]):
    """One rubric to read and scroll; Escape goes back."""

    def __init__(self, rubric: Rubric) -> None:
        super().__init__()
        self.rubric = rubric

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="rubric-browser"):
            yield Static(shown(rubric_text(self.rubric)))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#rubric-browser").focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "rubric", Command("escape,q", action(action_back), "Back", "Back to the list of rubrics")
    )
    BINDINGS = bindings(ACTIONS)
