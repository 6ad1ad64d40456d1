"""The summary of one session: who, when, the agreed step and goal, figures, debrief, timeline."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.debrief import Stage, status_label
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.exports import save_teacher_copy
from observer_tui.core.intervals import code_shares
from observer_tui.core.numbers import plural
from observer_tui.core.session import Note, Session
from observer_tui.core.summary import notes_per_element, notes_per_kind, snapshot_figures
from observer_tui.core.timer import clock_text
from observer_tui.core.visit import timeline
from observer_tui.messages import GoHome, SessionChanged
from observer_tui.screens.base import HouseScreen
from observer_tui.screens.details import DetailsScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.notes import correct_notes
from observer_tui.widgets.interval_bars import interval_bars
from observer_tui.widgets.notes_log import note_line
from observer_tui.widgets.pictures import timeline_strip
from observer_tui.widgets.shown import one_line, shown


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def summary(session: Session, rubric_change: str = "") -> Group:
    """Everything about a session, most useful first, as one renderable.

    `rubric_change` says if the session's rubric has changed or gone since.
    """
    debrief = session.debrief
    ended = session.ended_at or session.started_at
    parts: list[Text | Table] = []
    who_when = [one_line(session.teacher) or "(no teacher)", one_line(session.class_name)]
    who_when.append(session.started_at.astimezone().strftime("%a %d %b %Y %H:%M"))
    who_when.append(f"{clock_text(session.elapsed(ended))} observed")
    parts.append(Text(" · ".join(p for p in who_when if p), style="bold"))
    focus = ", ".join(session.focus) or "none"
    rubric = f"{session.rubric.name} v{session.rubric.version}"
    parts.append(Text(one_line(f"{rubric} · focus {focus} · coach {session.coach}")))
    if rubric_change:
        parts.append(Text(rubric_change, style="yellow"))
    parts.append(Text(f"Debrief: {status_label(debrief.status)}", style="italic"))
    if session.previous is not None:
        parts += [heading("Last time's step"), Text(one_line(session.previous.step))]
        review = one_line(debrief.step_review) or "(not discussed)"
        parts.append(Text(review, style="italic"))
    if debrief.step.text:
        parts += [heading("Agreed step"), Text(one_line(debrief.step.text), style="bold")]
        if debrief.goal.when or debrief.goal.how:
            goal = f"When {one_line(debrief.goal.when)}, how: {one_line(debrief.goal.how)}"
            parts.append(Text(goal))
        if debrief.follow_up:
            parts.append(Text(f"Follow-up drop-in: {debrief.follow_up:%a %d %b %Y}"))
    figures = Table.grid(padding=(0, 2))
    figures.add_column()
    figures.add_column()
    elements = "\n".join(
        one_line(f"{code} {name}: {n}") for code, name, n in notes_per_element(session)
    )
    kinds = "\n".join(f"{kind.label}: {n}" for kind, n in notes_per_kind(session))
    figures.add_row(Text("Notes per element", style="bold"), Text("Notes per kind", style="bold"))
    figures.add_row(shown(Text(elements or "no tags")), Text(kinds or "no notes"))
    parts.append(heading("Figures"))
    if session.notes or session.snapshots:
        parts += [timeline_strip(timeline(session)), Text("")]
    parts.append(figures)
    code_share = code_shares(session)
    if code_share:
        minutes = session.interval_plan.minutes if session.interval_plan else 0
        count = plural(code_share[0].of, "interval")
        parts += [
            heading(f"Intervals: {count} of {minutes:g} min"),
            Text("i exports them as CSV, a row per interval", style="dim"),
            interval_bars(code_share),
        ]
    for figure in snapshot_figures(session):
        shares = ", ".join(f"{label} {n}/{figure.taken}" for label, n in figure.counts)
        parts.append(Text(f"{figure.label}: {shares}"))
    if debrief.ratings:
        parts.append(heading("Ratings"))
        parts += [Text(one_line(f"{r.code} ({r.scale}): {r.value}")) for r in debrief.ratings]
    for stage in Stage:
        answer = debrief.answer(stage)
        if answer.text:
            title = "Praise" if stage is Stage.NEXT_STEP else stage.heading
            parts += [
                heading(title + (" (coach-only)" if answer.private else "")),
                Text(answer.text),
            ]
            if answer.citations:
                cited = ", ".join(clock_text(c.offset) for c in answer.citations)
                parts.append(Text(f"Evidence: notes at {cited}", style="dim"))
        if answer.coach_remark.strip():
            title = "Praise" if stage is Stage.NEXT_STEP else stage.heading
            parts += [
                Text(f"{title}, coach-only remark:", style="bold yellow"),
                Text(answer.coach_remark),
            ]
    if debrief.rehearsal:
        parts.append(heading("Rehearsal"))
        parts += [
            Text(one_line(f"{i}. {r.tried} → {r.feedback}"))
            for i, r in enumerate(debrief.rehearsal, start=1)
        ]
    parts.append(heading(f"Timeline ({plural(len(session.notes), 'note')})"))
    parts += [note_line(note) for note in session.notes]
    return Group(*(shown(part) if isinstance(part, Text) else part for part in parts))


class SummaryScreen(HouseScreen[None]):
    """Reads at a glance; m, h, c or j exports the teacher's copy into the data folder's
    `exports` folder, as a new file each time (and i the interval ticks, when coded)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._debriefing: Debriefing | None = None
        """Made on the first correction (a note, the teacher), which it then saves."""
        self.session = session

    def _summary(self) -> Group:
        ref = self.session.rubric
        return summary(self.session, self.workspace.rubrics.change_since(ref.id, ref.version))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(self._summary(), id="summary-text")
        yield Footer()

    @property
    def debriefing(self) -> Debriefing:
        """The session, to correct after the debrief (the debrief's status stays)."""
        if self._debriefing is None:
            self._debriefing = Debriefing(self.session, self.workspace.clock)
        return self._debriefing

    def _corrected(self, said: str = "") -> None:
        """Show the corrected session at once, and save it."""
        self.session = self.debriefing.session
        self.query_one("#summary-text", Static).update(self._summary())
        if said:
            self.notify(said, markup=False)
        self.post_message(SessionChanged(self.session, self.debriefing.revision))

    @work(exclusive=True, group="notes")
    async def action_notes(self) -> None:
        rubric = self.workspace.rubrics.get(self.session.rubric.id)
        rubric = rubric or self.workspace.rubrics.default()
        await correct_notes(self.app, self.debriefing, rubric, self._note_changed)
        self.query_one("#summary").focus()

    def _note_changed(self, note: Note, said: str) -> None:
        self._corrected()  # the list of notes, open again, says what changed

    @work(exclusive=True, group="details")
    async def action_details(self) -> None:
        details = await self.app.push_screen_wait(
            DetailsScreen(self.session.teacher, self.session.class_name)
        )
        if details is not None and self.debriefing.set_details(*details):
            self._corrected("Teacher and class saved.")

    def on_mount(self) -> None:
        self.query_one("#summary").focus()

    @work(thread=True, exit_on_error=False)
    def action_export(self, fmt: str) -> None:
        app = self.app
        folder = self.workspace.data.root / "exports"
        rubric = self.workspace.rubrics.get(self.session.rubric.id)
        try:
            path = save_teacher_copy(self.session, fmt, folder, rubric)
        except OSError as error:
            message = f"Could not export to {folder}: {error.strerror or error}"
            app.call_from_thread(app.notify, message, severity="error", markup=False)
            return
        app.call_from_thread(app.notify, f"Exported to {path}", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The intervals export only for a drop-in coded in intervals."""
        if action == "export" and parameters == ("intervals-csv",):
            return self.session.interval_plan is not None
        return True

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Summary", self.ACTIONS, []))

    def action_back(self) -> None:
        self.post_message(GoHome())

    ACTIONS = screen_commands(
        "summary",
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command(
            "m",
            action(action_export, "md"),
            "Markdown",
            "Export for the teacher (no private items)",
        ),
        Command(
            "h",
            action(action_export, "html"),
            "HTML",
            "Export for the teacher as a page to email or print (no private items)",
        ),
        Command(
            "c", action(action_export, "csv"), "CSV", "Export the notes as CSV (no private items)"
        ),
        Command(
            "j",
            action(action_export, "json"),
            "JSON",
            "Export the session file for the teacher (no private items)",
        ),
        Command(
            "i",
            action(action_export, "intervals-csv"),
            "Intervals",
            "Export the interval ticks, a row per interval, as COPUS's spreadsheet has them",
            show=False,  # the footer is full at 80 columns: the Intervals heading says it
        ),
        Command("n", action(action_notes), "Notes", "Edit notes or make them coach-only"),
        Command(
            "ctrl+t,f7",
            action(action_details),
            "Details",
            "Set or fix the teacher's name and the class",
            show=False,
        ),
        Command(
            "escape",
            action(action_back),
            "Back",
            "Back to where it was opened: the session list, search or the teacher view",
        ),
    )
    BINDINGS = bindings(ACTIONS)
