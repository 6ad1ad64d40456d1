"""One teacher's sessions as a timeline: steps and goals, follow-ups, what is noted most."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.debrief import status_label
from observer_tui.core.rubrics import plural
from observer_tui.core.teacher import TeacherHistory, indexed_teacher_history
from observer_tui.core.workspace import Change, Indexing
from observer_tui.screens.base import HouseScreen
from observer_tui.widgets.shown import one_line, shown


def history_text(history: TeacherHistory) -> Text:
    """The teacher view, most useful first."""
    text = Text(one_line(history.teacher) or "(no teacher)", style="bold")
    if history.days_since is not None:
        text.append(f" · {plural(len(history.sessions), 'drop-in')}")
        text.append(f" · last seen {history.days_since} days ago")
    for title, counts in (("Strengths", history.strengths), ("Growth areas", history.growth)):
        shown = ", ".join(f"{one_line(code)} ×{n}" for code, n in counts) or "none tagged yet"
        text.append(f"\n{title}: ", style="bold")
        text.append(shown)
    text.append("\n\nSteps, newest first", style="bold underline")
    if not history.steps:
        text.append("\nNo step agreed yet.")
    for line in history.steps:
        text.append(f"\n{line.agreed:%d %b %Y}  ", style="bold")
        text.append(one_line(line.step))
        if line.element:
            text.append(f" #{one_line(line.element)}", style="bold")
        if line.goal:
            text.append(f"\n   {one_line(line.goal)}", style="italic")
        if line.review is None:
            text.append("\n   not followed up yet", style="yellow")
        else:
            review = one_line(line.review) or "(not discussed)"
            text.append(f"\n   followed up: {review}", style="green")
    text.append("\n\nDrop-ins", style="bold underline")
    for session in history.sessions:
        started = session.started_at.astimezone()
        text.append(f"\n{started:%d %b %Y}  {one_line(session.class_name) or '-'}  ")
        text.append(f"{plural(session.notes, 'note')} · debrief {status_label(session.debrief)}")
    return text


class TeacherScreen(HouseScreen[None]):
    """Read-only; Escape goes back to the session list."""

    def __init__(self, teacher: str, today: date) -> None:
        super().__init__()
        self.teacher = teacher
        self.today = today
        self._asked = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="teacher-view"):
            yield Static(id="teacher-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#teacher-view").focus()
        self._show()

    def folder_changed(self, change: Change | None) -> None:
        if not isinstance(change, Indexing):
            self._show()

    def _show(self) -> None:
        self._asked += 1
        self._build(self._asked)

    @work(thread=True, exit_on_error=False)
    def _build(self, asked: int) -> None:
        history = indexed_teacher_history(self.workspace.index, self.teacher, self.today)
        text = shown(history_text(history))
        self.app.call_from_thread(self._display, asked, text)

    def _display(self, asked: int, text: Text) -> None:
        if asked == self._asked:  # a slower, older build never hides a newer one
            self.query_one("#teacher-text", Static).update(text)

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "teacher", Command("escape,q", action(action_back), "Back", "Back to the session list")
    )
    BINDINGS = bindings(ACTIONS)
