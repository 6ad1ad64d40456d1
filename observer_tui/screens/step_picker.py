"""The action-step bank in the debrief's Next step: pick the step, its model and rehearsal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from observer_tui.core.steps import StepChoice
from observer_tui.widgets.shown import one_line, shown

WORKED_ON = "✓"
SUGGESTED = "▶"


def choice_line(choice: StepChoice) -> Text:
    """A step in the list: worked-on or suggested mark, codes, place in strand, title."""
    step = choice.item.step
    mark = SUGGESTED if choice.suggested else WORKED_ON if choice.worked_on else " "
    line = Text.assemble(
        (mark, "bold green" if choice.suggested else "dim"),
        " ",
        (one_line(" ".join(step.elements)), "bold blue"),
        " ",
        (f"{one_line(step.strand)} {step.order}", "dim"),
        " · ",
        one_line(step.title),
    )
    if choice.worked_on:
        line.append(" (worked on)", style="dim")
    return shown(line)


def choice_detail(choice: StepChoice) -> Text:
    """What good looks like, the rehearsal and the cues of the highlighted step."""
    step, bank = choice.item.step, choice.item.bank
    parts: list[tuple[str, str]] = [
        ("Model: ", step.model or "(none)"),
        ("Rehearse: ", step.rehearsal or "(none)"),
    ]
    if step.cues:
        parts.append(("Cues: ", " · ".join(step.cues)))
    text = Text()
    for label, value in parts:
        text.append(label, style="bold")
        text.append(one_line(value) + "\n")
    text.append(f"{one_line(bank.name)} · {bank.id}/{step.id}", style="dim")
    return shown(text)


class StepPickerScreen(ModalScreen[StepChoice | None]):
    """The bank's steps for the element: Enter picks one, a shows every element's, Esc
    leaves the step as it is."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=False),
        Binding("a", "widen", "All elements", show=False),
    ]

    def __init__(
        self, title: str, offered: Sequence[StepChoice], everything: Sequence[StepChoice]
    ) -> None:
        super().__init__()
        self._title = title
        self._offered = list(offered)
        self._everything = list(everything)
        self._wide = not self._offered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="steps-dialog"):
            yield Static(id="steps-title", classes="dialog-title")
            yield OptionList(id="steps-list")
            yield Static(id="steps-detail")
            yield Static(
                Text(
                    f"Enter picks · a all elements · Esc cancels · {SUGGESTED} next in the "
                    f"strand · {WORKED_ON} worked on",
                    style="dim",
                )
            )

    def on_mount(self) -> None:
        self._show()

    @property
    def _shown(self) -> list[StepChoice]:
        return self._everything if self._wide else self._offered

    def _show(self) -> None:
        listed = self._shown
        which = "every element" if self._wide else self._title
        self.query_one("#steps-title", Static).update(
            Text.assemble(("Action steps", "bold"), f" · {one_line(which)} ({len(listed)})")
        )
        steps = self.query_one("#steps-list", OptionList)
        steps.clear_options()
        steps.add_options(Option(choice_line(c), id=str(n)) for n, c in enumerate(listed))
        if listed:
            steps.highlighted = next((n for n, c in enumerate(listed) if c.suggested), 0)
        else:
            self.query_one("#steps-detail", Static).update(
                Text("No bank has steps for this rubric yet (see: observer-tui steps new).")
            )
        steps.focus()

    def action_widen(self) -> None:
        self._wide = not self._wide
        self._show()

    @on(OptionList.OptionHighlighted, "#steps-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        choice = self._shown[int(event.option.id or 0)]
        self.query_one("#steps-detail", Static).update(choice_detail(choice))

    @on(OptionList.OptionSelected, "#steps-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[int(event.option.id or 0)])
