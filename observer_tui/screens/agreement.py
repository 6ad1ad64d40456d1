"""Two coaches' records of one lesson side by side: whether they meet the calibration bar."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.agreement import Agreement, compare, format_agreement
from observer_tui.core.workspace import Change, Indexing
from observer_tui.screens.base import HouseScreen
from observer_tui.widgets.shown import shown


def agreement_text(agreement: Agreement) -> Text:
    """The agreement as the command line prints it, the verdict in colour."""
    text = Text(format_agreement(agreement).rstrip("\n"))
    text.highlight_words(["meets the bar"], style="bold green")
    text.highlight_words(["not met yet"], style="bold yellow")
    return shown(text)


class AgreementScreen(HouseScreen[None]):
    """The agreement of two sessions, read again when either file changes."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__()
        self.a, self.b = a, b

    def compose(self) -> ComposeResult:
        yield Static(Text("Co-observation agreement", style="bold"), classes="screen-title")
        with VerticalScroll(id="agreement-view"):
            yield Static("Reading the two sessions…", id="agreement-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agreement-view").focus()
        self._compare()

    def folder_changed(self, change: Change | None) -> None:
        if not isinstance(change, Indexing):
            self._compare()

    @work(thread=True, exit_on_error=False, group="agreement", exclusive=True)
    def _compare(self) -> None:
        workspace = self.workspace
        try:
            a, b = workspace.open(self.a), workspace.open(self.b)
        except (ValueError, OSError) as error:
            message = Text(f"Could not read the sessions: {error}", style="bold red")
            self.app.call_from_thread(self._show, shown(message))
            return
        if a.rubric.id != b.rubric.id:
            message = Text(
                f"These sessions use two rubrics ({a.rubric.name}, {b.rubric.name}): "
                "their ratings cannot be compared."
            )
            self.app.call_from_thread(self._show, shown(message))
            return
        rubric = workspace.rubrics.get(a.rubric.id) if workspace.library is not None else None
        self.app.call_from_thread(self._show, agreement_text(compare(a, b, rubric)))

    def _show(self, text: Text) -> None:
        self.query_one("#agreement-text", Static).update(text)

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "agreement", Command("escape", action(action_back), "Back", "Back to the session list")
    )
    BINDINGS = bindings(ACTIONS)
