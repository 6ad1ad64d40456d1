"""The step agreed at the teacher's last debrief, and their active goal, in one line each
(start form, observation)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from observer_tui.widgets.shown import one_line

if TYPE_CHECKING:
    from observer_tui.core.goals import GoalStory
    from observer_tui.core.session import PreviousStep


def previous_step_text(previous: PreviousStep | None) -> Text:
    """'Last step (12 Nov): ask three named pupils #CFU · follow-up Thu 19 Nov'."""
    if previous is None:
        return Text("")
    when = f"Last step ({previous.at.astimezone():%d %b}): "
    text = Text.assemble((when, "bold"), one_line(previous.step))
    if previous.element:
        text.append(f" #{one_line(previous.element)}", style="bold")
    if previous.goal:
        text.append(f" · {one_line(previous.goal)}")
    if previous.follow_up:
        text.append(f" · follow-up {date.fromisoformat(previous.follow_up):%a %d %b}")
    return text


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


def check_in_text(asked: str, last_step: Text) -> Text:
    """'Asked: the back rows · Last step (12 Nov): …': what the teacher asked to be looked
    at first, since the line is cut at the screen's edge."""
    if not asked:
        return last_step
    text = Text.assemble(("Asked: ", "bold"), one_line(asked))
    if last_step.plain:
        text.append(" · ")
        text.append_text(last_step)
    return text
