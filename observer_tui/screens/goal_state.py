"""Where the teacher's goal (over weeks) stands: achieved, dropped, or worked on again."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from observer_tui.widgets.shown import one_line, shown


class GoalStateScreen(ModalScreen[str | None]):
    """Enter marks the goal as the highlighted line says: 'achieved', 'dropped' or
    'reopen'; Esc leaves it as it is."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False)]

    def __init__(self, current: str | None, closed: str | None) -> None:
        """`current`: the goal's title, if there is one; `closed`: the title of the goal
        this debrief closed, which can be taken back while no new one is set."""
        super().__init__()
        self._goal_title = current
        self._closed_title = closed

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        if self._goal_title is not None:
            options += [
                Option("Achieved: the teacher reached it; set the next goal", id="achieved"),
                Option("Dropped: the teacher's needs changed; set the next goal", id="dropped"),
            ]
        elif self._closed_title is not None:
            options.append(
                Option(shown(Text(f"Keep working on: {one_line(self._closed_title)}")), id="reopen")
            )
        title = one_line(self._goal_title or self._closed_title or "")
        with Vertical(classes="dialog", id="goal-dialog"):
            yield Static(
                shown(Text.assemble(("Goal (over weeks)", "bold"), f" · {title}")),
                classes="dialog-title",
            )
            yield OptionList(*options, id="goal-choices")
            yield Static(Text("Enter chooses · Esc leaves it as it is", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#goal-choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#goal-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
