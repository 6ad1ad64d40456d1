"""The step agreed at the teacher's last debrief, and their active goal: one line each on
the start form, at most two lines under the observation screen's heading."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from observer_tui.widgets.shown import Clipped, one_line

if TYPE_CHECKING:
    from observer_tui.core.goals import GoalStory
    from observer_tui.core.session import PreviousStep

SEPARATOR = Text(" · ")
CHECK_IN_LINES = 2
"""The check-in and last step take at most this many lines above the notes."""


def previous_step_parts(previous: PreviousStep | None) -> list[Text]:
    """The phrases of `previous_step_text`: the step (with when and its element), its
    goal, its follow-up."""
    if previous is None:
        return []
    when = f"Last step ({previous.at.astimezone():%d %b}): "
    step = Text.assemble((when, "bold"), one_line(previous.step))
    if previous.element:
        step.append(f" #{one_line(previous.element)}", style="bold")
    parts = [step]
    if previous.goal:
        parts.append(Text(one_line(previous.goal)))
    if previous.follow_up:
        parts.append(Text(f"follow-up {date.fromisoformat(previous.follow_up):%a %d %b}"))
    return parts


def previous_step_text(previous: PreviousStep | None) -> Text:
    """'Last step (12 Nov): ask three named pupils #CFU · follow-up Thu 19 Nov'."""
    return SEPARATOR.join(previous_step_parts(previous))


def active_goal_text(story: GoalStory | None) -> Text:
    """'Goal (since 02 Nov): every pupil thinks hard #CFU · steps so far: wait (02 Nov),
    cold call (09 Nov)'."""
    if story is None:
        return Text("")
    goal = story.goal
    text = Text.assemble(
        (f"Goal (since {story.since:%d %b}): ", "bold"), one_line(goal.title or "(untitled)")
    )
    for code in goal.elements:
        text.append(f" #{one_line(code)}", style="bold")
    steps = [f"{one_line(s.step)} ({s.agreed:%d %b})" for s in story.steps]
    text.append(f" · steps so far: {', '.join(steps)}" if steps else " · no step toward it yet")
    return text


def check_in(asked: str, previous: PreviousStep | None) -> Phrases:
    """'Asked: the back rows · Last step (12 Nov): …': what the teacher asked to be looked
    at first, then the step agreed last time, on at most two lines (observation)."""
    parts = [Text.assemble(("Asked: ", "bold"), one_line(asked))] if asked else []
    return Phrases(parts + previous_step_parts(previous), CHECK_IN_LINES)


class Phrases:
    """Phrases joined by ' · ' on as few lines as the width allows: a line breaks between
    phrases, not inside one unless it is wider than the line, and after `lines` lines the
    rest is cut with an ellipsis."""

    def __init__(self, parts: list[Text], lines: int) -> None:
        self.parts = parts
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines: list[Text] = []
        for part in self.parts:
            if lines and lines[-1].cell_len + SEPARATOR.cell_len + part.cell_len <= width:
                lines[-1] = SEPARATOR.join([lines[-1], part])
            else:
                lines.append(part.copy())
        yield Clipped(Text("\n").join(lines), self.lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, SEPARATOR.join(self.parts))
