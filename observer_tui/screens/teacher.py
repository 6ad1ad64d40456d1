"""One teacher's sessions as a timeline: steps and goals, follow-ups, what is noted most."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.debrief import status_label
from observer_tui.core.goals import goal_line
from observer_tui.core.numbers import plural
from observer_tui.core.session import Session
from observer_tui.core.teacher import (
    ElementHeat,
    StepLine,
    TeacherHistory,
    element_heat,
    element_names,
    indexed_teacher_history,
)
from observer_tui.core.walks import WalkResult, load_walks, results_for
from observer_tui.core.workspace import Change, Indexing
from observer_tui.messages import OpenSession
from observer_tui.screens.base import HouseScreen
from observer_tui.widgets.pictures import FOLLOW_UP_LEGEND, follow_up_mark, heat_strip
from observer_tui.widgets.shown import one_line, shown

STEP_WIDTH = 30
"""The step's column, so that a row fits in 80 columns."""


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters, an ellipsis saying it goes on."""
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class TeacherView:
    """What the teacher view shows, read off the event loop."""

    history: TeacherHistory
    heat: ElementHeat
    names: dict[str, str]
    """Element names by code, from the sessions and their rubrics."""
    walks: list[WalkResult] = field(default_factory=list)
    """What learning walks found of the teacher's steps, newest first."""


def history_text(
    history: TeacherHistory,
    today: date,
    names: dict[str, str] | None = None,
    heat: ElementHeat | None = None,
    walks: list[WalkResult] | None = None,
) -> Text:
    """The teacher view above its list of drop-ins, most useful first; `names` turns
    element codes into 'CFU Checks for understanding'."""
    names = names or {}
    text = Text(one_line(history.teacher) or "(no teacher)", style="bold")
    if history.days_since is not None:
        text.append(f" · {plural(len(history.sessions), 'drop-in')}")
        days = history.days_since
        text.append(f" · last seen {plural(days, 'day')} ago" if days else " · last seen today")
    for title, counts in (("Strengths", history.strengths), ("Growth areas", history.growth)):
        tagged = [f"{one_line(names.get(code, code))} ×{n}" for code, n in counts]
        text.append(f"\n{title}: ", style="bold")
        text.append(", ".join(tagged) or "none tagged yet")
    if heat is not None and history.sessions:
        text.append("\n\nElements noted, drop-in by drop-in", style="bold underline")
        text.append("\n")
        text.append_text(heat_strip(heat, names))
    text.append("\n\nSteps, newest first", style="bold underline")
    if not history.steps:
        text.append("\nNo step agreed yet.")
    else:
        text.append(f"\n{FOLLOW_UP_LEGEND}", style="italic")
    if not history.goals:
        _step_lines(text, history.steps, today)
    grouped = {story.goal.id for story in history.goals}
    for story in history.goals:
        goal = story.goal
        text.append("\nGoal: ", style="bold")
        text.append(one_line(goal_line(goal)), style="bold")
        state_style = {"active": "green", "achieved": "bold green"}.get(goal.state, "dim")
        text.append(f" · {one_line(goal.state)}", style=state_style)
        text.append(f" · since {story.since:%d %b %Y}", style="dim")
        steps = [line for line in history.steps if line.goal_id == goal.id]
        if not steps:
            text.append("\n   no step toward it yet", style="dim")
        _step_lines(text, steps, today)
    if history.goals and (rest := [s for s in history.steps if s.goal_id not in grouped]):
        text.append("\nSteps without a goal", style="bold")
        _step_lines(text, rest, today)
    if walks:
        text.append_text(walks_text(walks))
    text.append("\n\nDrop-ins, newest first (Enter opens one)", style="bold underline")
    return text


def _step_lines(text: Text, steps: list[StepLine], today: date) -> None:
    """Each step with its element, plan and where its follow-up stands."""
    for line in steps:
        text.append("\n")
        text.append_text(follow_up_mark(line.follow_up_state(today)))
        text.append(f" {line.agreed:%d %b %Y}  ", style="bold")
        text.append(one_line(line.step))
        if line.element:
            text.append(f" #{one_line(line.element)}", style="bold")
        if line.goal:
            text.append(f"\n   {one_line(line.goal)}", style="italic")
        if line.review is None:
            due = f", planned for {line.follow_up:%d %b %Y}" if line.follow_up else ""
            text.append(f"\n   not followed up yet{due}", style="yellow")
        else:
            review = one_line(line.review) or "(not discussed)"
            text.append(f"\n   followed up: {review}", style="green")


WALK_MARKS = {"seen": ("✓", "green"), "partly": ("~", "yellow"), "not_seen": ("✗", "red")}


def walks_text(walks: list[WalkResult], shown_at_most: int = 5) -> Text:
    """'Learning walks' and a line per result, newest first: '✓ walk 12 Mar: step seen'."""
    text = Text.assemble(("\n\nLearning walks, newest first", "bold underline"))
    for result in walks[:shown_at_most]:
        mark, style = WALK_MARKS[result.result]
        text.append(f"\n{mark} ", style=style)
        text.append(one_line(result.line()))
        text.append(f"\n   step: {one_line(result.step)}", style="dim")
    if len(walks) > shown_at_most:
        text.append(f"\n  … and {plural(len(walks) - shown_at_most, 'earlier walk')}", style="dim")
    return text


class TeacherScreen(HouseScreen[None]):
    """Read-only; Enter opens the highlighted drop-in (Escape there comes back here),
    Escape goes back to the session list."""

    def __init__(self, teacher: str, today: date) -> None:
        super().__init__()
        self.teacher = teacher
        self.today = today
        self._asked = 0
        self._placed_row: int | None = None
        """The row the table put its cursor on when filled, until that highlight is seen."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="teacher-view"):
            yield Static(id="teacher-text")
            table: DataTable[Text] = DataTable(
                id="teacher-sessions", cursor_type="row", zebra_stripes=False
            )
            table.add_columns("Date", "Class", "Notes", "Debrief", "Step agreed")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        # Focused for Enter, but the view stays at its top: the pictures come first.
        self.set_focus(self.query_one("#teacher-sessions"), scroll_visible=False)
        self._show()

    def folder_changed(self, change: Change | None) -> None:
        if not isinstance(change, Indexing):
            self._show()

    def _show(self) -> None:
        self._asked += 1
        self._build(self._asked)

    @work(thread=True, exit_on_error=False)
    def _build(self, asked: int) -> None:
        workspace = self.workspace
        history = indexed_teacher_history(workspace.index, self.teacher, self.today)
        sessions: list[Session] = []
        # The heat strip counts each note's tags, which the index keeps once per session:
        # so the teacher's own files are read (a teacher has tens, not thousands).
        for summary in history.sessions:
            try:
                sessions.append(workspace.open(summary.id))
            except (ValueError, OSError):
                continue  # the session list reports unreadable files; the strip skips them
        names = element_names(sessions, workspace.rubrics.get)
        walks = results_for(load_walks(workspace.data.walks)[0], self.teacher)
        view = TeacherView(history, element_heat(sessions), names, walks)
        self.app.call_from_thread(self._display, asked, view)

    def _display(self, asked: int, view: TeacherView) -> None:
        if asked != self._asked:  # a slower, older build never hides a newer one
            return
        history = view.history
        text = shown(history_text(history, self.today, view.names, view.heat, view.walks))
        self.query_one("#teacher-text", Static).update(text)
        table = self.query_one("#teacher-sessions", DataTable)
        chosen = table.ordered_rows[table.cursor_row].key.value if table.row_count else None
        table.clear()
        for session in history.sessions:
            started = session.started_at.astimezone()
            cells = (
                f"{started:%d %b %Y}",
                one_line(session.class_name) or "-",
                str(session.notes),
                status_label(session.debrief),
                cut(one_line(session.step), STEP_WIDTH) or "-",
            )
            # Text, not str: the table would read a class called '[b]Y8' as markup.
            table.add_row(*(Text(cell) for cell in cells), key=session.id)
        ids = [s.id for s in history.sessions]
        if chosen in ids:
            table.move_cursor(row=ids.index(chosen), scroll=False)
        # Filling the table highlights a row, which is not the coach moving to it.
        self._placed_row = table.cursor_row

    @on(DataTable.RowHighlighted, "#teacher-sessions")
    def _keep_in_view(self, event: DataTable.RowHighlighted) -> None:
        # At most as tall as the view, the table scrolls its own rows once it is in sight.
        table = event.data_table
        if event.cursor_row == self._placed_row:
            self._placed_row = None
            return
        if table.has_focus and self.is_current:
            view = self.query_one("#teacher-view", VerticalScroll)
            view.scroll_to_widget(table, animate=False)

    @on(DataTable.RowSelected, "#teacher-sessions")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(OpenSession(event.row_key.value))

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "teacher", Command("escape,q", action(action_back), "Back", "Back to the session list")
    )
    BINDINGS = bindings(ACTIONS)
