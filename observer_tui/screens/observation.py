"""The observation screen: type notes, tag them, watch the time. Thin: the core does the work.

`observer-tui observe` opens it before the rubric and session are read (an `Opening`): the
coach can type at once, and `begin` hands it the observation a moment later. Nothing here
imports pydantic, so the screen is up before the models load (bench/startup.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static, TextArea

from observer_tui.commands import Command, action, bindings, key_of, screen_commands
from observer_tui.core.clock import Clock
from observer_tui.core.drafts import hint, read_draft
from observer_tui.core.kinds import KIND_PREFIXES, PREFIX_KINDS, NoteKind
from observer_tui.core.numbers import plural
from observer_tui.core.timer import TimerState, clock_text
from observer_tui.core.visible import visible
from observer_tui.core.workspace import SessionsChanged
from observer_tui.messages import ShowSession
from observer_tui.screens.base import HouseScreen
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.details import DetailsScreen
from observer_tui.screens.edit_note import EditNoteScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.leave import LeaveObservationScreen
from observer_tui.widgets.interval_grid import GridCode, IntervalGrid
from observer_tui.widgets.last_step import check_in
from observer_tui.widgets.note_input import NoteInput
from observer_tui.widgets.notes_log import NotesLog
from observer_tui.widgets.rubric_panel import RubricPanel
from observer_tui.widgets.save_state import SaveState
from observer_tui.widgets.snapshot_prompt import SnapshotPrompt
from observer_tui.widgets.timer import ObservationTimer

if TYPE_CHECKING:
    from observer_tui.core.observation import Observation
    from observer_tui.core.session import Session
    from observer_tui.core.storage import SaveResult
    from observer_tui.core.workspace import Change

KIND_CYCLE = list(NoteKind)
LOG_ONLY = {"edit_note", "retag_note", "delete_note", "private_note"}
DEFAULT_MINUTES = 15
"""The planned length the timer counts down from until the rubric says otherwise."""
WORKS_BEFORE_READY = {"help", "cycle_kind", "toggle_rubric", "back_to_input"}
"""What works while `observe` still reads the rubric; every other action waits for it."""


@dataclass(frozen=True)
class Opening:
    """A drop-in whose rubric and session are still being read: enough to take typing."""

    teacher: str
    class_name: str
    clock: Clock
    started_at: datetime
    """When the screen opened: the session will start then, so the timer runs from it."""
    minutes: int | None = None
    """The planned length if given; else the rubric's, once read (15 until then)."""


class ObservationScreen(HouseScreen[None]):
    """One drop-in in progress."""

    HELP_EXTRA = [
        ("Enter", "Commit the note, stamped with when you began typing it"),
        ("+ - ? !", "At the start: strength, growth area, question, surprise"),
        ("#CODE", "Tag with a rubric element; Tab completes codes and names"),
        ("↑ ↓", "From an empty input: the notes log, the interval grid"),
    ]

    def __init__(self, observation: Observation | Opening) -> None:
        super().__init__()
        self.clock = observation.clock
        self._opening = observation if isinstance(observation, Opening) else None
        self._observation = None if isinstance(observation, Opening) else observation
        self._typed_at: datetime | None = None
        self._early: list[tuple[str, datetime]] = []
        """Notes committed before the rubric was read, as typed, with their first keystroke."""
        self._time_up_signalled = False
        self._announced_mark: int | None = None
        self._interval: int | None = None
        """The interval the grid last showed, to tell the coach when the next begins."""
        self._footer_due = False
        """Whether the footer waits for the first save to be reported."""
        self._about_draft = False
        """Whether the status speaks of the draft (a hint, a warning): emptied, it goes."""

    @property
    def observation(self) -> Observation:
        """The drop-in being observed; there once `begin` has run (see check_action)."""
        if self._observation is None:
            raise RuntimeError("the observation has not begun")
        return self._observation

    def compose(self) -> ComposeResult:
        with Horizontal(id="obs-top"):
            yield Static(self._heading(), id="who")
            yield SaveState(id="save-state")
            yield ObservationTimer(id="timer")
        yield Static(id="last-step")
        with Horizontal(id="obs-main"):
            yield NotesLog(id="notes")
            yield RubricPanel(id="rubric-panel")
        yield Static(id="status")
        yield NoteInput(
            placeholder="Type what you see; Enter saves. + - ? ! kinds, #CODE tags, Ctrl+G help",
            clear_on_submit=True,
            id="note",
        )
        # The footer (the keys) comes once the first save is reported (`saved`): composing
        # it costs the event loop more than the rest of the screen after the first paint,
        # which would hold up the rubric being read and the session reaching the disk.

    def _heading(self) -> Text:
        observation = self._observation
        who = observation.session if observation is not None else self._opening
        parts = [who.teacher or "(no teacher)", who.class_name] if who is not None else []
        heading = Text(visible(" · ".join(p for p in parts if p), one_line=True), style="bold")
        if observation is None:
            heading.append("  reading the rubric…", style="dim")
            return heading
        focus = observation.session.focus
        if focus:
            heading.append("  focus ", style="dim")
            keys = (
                key_of(self, "observation.focus_1", True),
                key_of(self, "observation.focus_2", True),
            )
            heading.append(
                " ".join(f"{key} #{code}" for key, code in zip(keys, focus, strict=False))
            )
        heading.append(f"  {visible(observation.rubric.name, one_line=True)}", style="dim")
        return heading

    def on_mount(self) -> None:
        self.set_interval(0.5, self._tick)
        self._tick()
        self.query_one(NoteInput).focus()
        self._status(
            f"Ready: type what you see, Enter saves it. {key_of(self, 'observation.help')} lists"
            " every key."
        )
        if self._observation is not None:
            self._begin()

    def begin(self, observation: Observation) -> None:
        """The session is ready: show its rubric, focus and notes, and save it."""
        self._observation = observation
        self._begin()

    def _begin(self) -> None:
        observation = self.observation
        for text, typed_at in self._early:
            draft = read_draft(text, observation.rubric)
            if draft.text or draft.tags:
                observation.commit(draft, typed_at)
        session = observation.session
        save_state = self.query_one(SaveState)
        save_state.session_id = session.id
        # Straight to the writer, not up as a message: that would wait for the repaint of
        # everything filled in below, and until this save a kill leaves no session at all.
        save_state.changed(session, observation.revision)
        self.workspace.save(session, observation.revision)
        self.query_one("#who", Static).update(self._heading())
        self._show_last_step()
        self.query_one(RubricPanel).show(observation.rubric, session.focus)
        if session.snapshot_spec is not None:
            self.mount(
                SnapshotPrompt(
                    session.snapshot_spec, key_of(self, "observation.snapshot"), id="snapshot"
                ),
                before="#status",
            )
        if session.interval_plan is not None:
            self._mount_grid(session)
        if self._early:
            self._status("Saved what was typed while the rubric was read.")
        self._early.clear()
        self.query_one(NotesLog).show_notes(session.notes)
        self._show_counts()
        self._tick()
        self.refresh_bindings()
        self._footer_due = True
        note_input = self.query_one(NoteInput)
        note_input.rubric = observation.rubric
        if note_input.text.strip():
            self._status(*hint(note_input.text, observation.rubric), about_draft=True)

    def _mount_grid(self, session: Session) -> None:
        """The interval grid in place of the rubric panel (F6 still shows the panel)."""
        from observer_tui.core.intervals import area_codes

        codes = [
            GridCode(code, name, area)
            for area, named in area_codes(session)
            for code, name in named
        ]
        self.mount(IntervalGrid(codes, id="interval-grid"), before="#status")
        self.query_one(RubricPanel).display = False

    def _show_interval(self) -> None:
        """The grid's interval, time left and ticks; a bell when a new interval begins."""
        from observer_tui.core.intervals import ticked

        now = self.observation.interval()
        if now is None:
            return
        session = self.observation.session
        for grid in self.query("#interval-grid").results(IntervalGrid):
            grid.show(now.number, now.left, ticked(session, now.number), session.paused)
        if self._interval is not None and now.number > self._interval and not session.ended_at:
            self.app.bell()
            self._status(f"Interval {now.number} began: the grid is clear.")
        self._interval = now.number

    def _show_last_step(self) -> None:
        """What the teacher asked to be looked at (the check-in) and the step agreed last
        time, on a line or two at the top; hidden with the rubric (F6)."""
        line = self.query_one("#last-step", Static)
        session = self.observation.session
        line.update(check_in(session.asked, session.previous))
        line.set_class(session.previous is not None or bool(session.asked), "-shown")

    def typed_notes(self) -> list[str]:
        """What the coach typed that no session holds yet (before the rubric is read)."""
        if self._observation is not None:
            return []
        typed = self.query_one(NoteInput).text.strip()
        return [text for text, _ in self._early] + ([typed] if typed else [])

    # The clock

    def _tick(self) -> None:
        if self._observation is None:
            if self._opening is not None:
                self.query_one(ObservationTimer).state = self._opening_timer(self._opening)
            return
        state = self.observation.timer()
        self.query_one(ObservationTimer).state = state
        if state.overtime and not state.ended and not self._time_up_signalled:
            self._time_up_signalled = True
            self.app.bell()
            self.notify(
                f"Time's up: {self.observation.session.planned_minutes} min planned. "
                f"Still recording; {key_of(self, 'observation.end')} ends the observation.",
                title="Time",
                timeout=10,
                markup=False,
            )
        self._announce_snapshot()
        self._show_interval()

    @staticmethod
    def _opening_timer(opening: Opening) -> TimerState:
        elapsed = (opening.clock.now() - opening.started_at).total_seconds()
        planned = (opening.minutes or DEFAULT_MINUTES) * 60.0
        return TimerState(elapsed=max(0.0, elapsed), planned=planned, paused=False, ended=False)

    def _announce_snapshot(self) -> None:
        prompt = self.query("#snapshot").results(SnapshotPrompt)
        for snapshot in prompt:
            due = self.observation.due_mark()
            if due == self._announced_mark:
                return
            self._announced_mark = due
            mark = self.observation.mark(due) if due is not None else None
            label = (
                f"Snapshot {due + 1} (min {mark.start_minute:g}–{mark.end_minute:g})"
                if due is not None and mark is not None
                else ""
            )
            snapshot.announce(due, label)
            if due is not None:
                self.app.bell()

    # Typing and committing notes

    @on(TextArea.Changed, "#note")
    def _draft_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if not text.strip():
            self._typed_at = None
            if self._about_draft:
                self._status("")  # what it said of the draft, gone with the draft
        elif self._typed_at is None:
            self._typed_at = self.clock.now()
        if text.strip() and self._observation is not None:
            self._status(*hint(text, self.observation.rubric), about_draft=True)

    @on(NoteInput.Completed, "#note")
    def _completed(self, event: NoteInput.Completed) -> None:
        self._status(event.hint, "hint", about_draft=True)

    @on(NoteInput.Early, "#note")
    def _keep_early(self, event: NoteInput.Early) -> None:
        self._early.append((event.text, self._typed_at or self.clock.now()))
        self._next_draft()
        self._status("Kept: saved as soon as the rubric is read, in a moment.")

    def _next_draft(self) -> None:
        """The note input handed its text up and was emptied; keys typed since (on a busy
        machine, queued behind the Enter) began the next note about now."""
        typed = self.query_one(NoteInput).text.strip()
        self._typed_at = self.clock.now() if typed else None

    @on(NoteInput.Flagged)
    def _flagged(self, event: NoteInput.Flagged) -> None:
        self.app.bell()
        self._status(event.warning, "warning", about_draft=True)

    @on(NoteInput.Submitted, "#note")
    def _commit(self, event: NoteInput.Submitted) -> None:
        draft = event.draft
        plan = self.observation.session.interval_plan
        alone = not draft.text and draft.kind is NoteKind.PLAIN
        if plan is not None and alone and set(draft.tags) <= set(plan.codes):
            # '#CODE' alone is a tick, not a note.
            self._next_draft()
            self._toggle(draft.tags)
            return
        note = self.observation.commit(draft, self._typed_at or self.clock.now())
        self._next_draft()
        self.query_one(NotesLog).add_note(note)
        self._show_counts()
        tags = "".join(f" #{tag}" for tag in note.tags)
        where = ""
        if plan is not None:
            from observer_tui.core.intervals import note_interval

            where = f", interval {note_interval(note, plan)}"
        self._status(f"Added {note.kind.label} at {clock_text(note.offset)}{where}{tags}")
        self._changed()

    @on(IntervalGrid.Toggled, "#interval-grid")
    def _grid_toggled(self, event: IntervalGrid.Toggled) -> None:
        self._toggle([event.code])

    def _toggle(self, codes: list[str]) -> None:
        """Tick or clear the codes in the current interval, and say so."""
        said = []
        for code in codes:
            on = self.observation.toggle_code(code)
            said.append(f"{'ticked' if on else 'cleared'} {visible(code, one_line=True)}")
        now = self.observation.interval()
        number = now.number if now is not None else 0
        self._status(f"Interval {number}: {', '.join(said)}.")
        self._show_interval()
        self._changed()

    @on(NoteInput.LeaveDown)
    def _leave_down(self) -> None:
        # No key of its own: the screen has no Ctrl letter left, and ↓ mirrors ↑.
        for grid in self.query("#interval-grid").results(IntervalGrid):
            grid.focus()

    def _changed(self) -> None:
        self.post_message(
            self.query_one(SaveState).changed(self.observation.session, self.observation.revision)
        )

    def saved(self, result: SaveResult) -> None:
        self.query_one(SaveState).report(result)
        if self._footer_due:
            self._footer_due = False
            self.call_after_refresh(self._mount_footer)
        written = result.written
        if written is None or not written.notice or self._observation is None:
            return
        if not written.in_trash and self._observation.adopt(written.session):
            self._show_notes()  # another laptop's notes, merged into the file

    async def _mount_footer(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # a footer fills in when the bindings change

    def folder_changed(self, change: Change | None) -> None:
        if self._observation is None or not isinstance(change, SessionsChanged):
            return
        session_id = self._observation.session.id
        if change.elsewhere and session_id in change.changed:
            self.take_in(session_id)
        elif change.elsewhere and session_id in change.removed:
            self.notify(
                "This session's file was deleted on another laptop. What you type is kept: "
                "in the trash, from the next note on.",
                title="Shared folder",
                severity="warning",
                timeout=12,
            )

    def adopt(self, session: Session) -> None:
        merged = self.observation.adopt(session)
        if merged is not None:
            self._show_notes()
            self.notify(merged.describe(), title="Shared folder", timeout=8, markup=False)
        if self.observation.ahead_of(session):
            # The file came from a copy made before this laptop's last save: save again
            # now (merged with it), not only at the next note.
            self._changed()

    def _show_notes(self) -> None:
        """Every note again, in time order, with the tag counts."""
        self.query_one(NotesLog).show_notes(self.observation.session.notes)
        self._show_counts()

    def _status(self, text: str, kind: str = "", *, about_draft: bool = False) -> None:
        """Say it on the status line; `about_draft` if it speaks of the note being typed."""
        self._about_draft = about_draft
        status = self.query_one("#status", Static)
        status.set_classes(kind)
        status.update(Text(text))

    def _show_counts(self) -> None:
        self.query_one(RubricPanel).show_counts(self.observation.tag_counts())

    # Actions

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Observation", self.ACTIONS, self.HELP_EXTRA))

    def action_cycle_kind(self) -> None:
        note_input = self.query_one(NoteInput)
        text = note_input.text
        current = NoteKind.PLAIN
        if len(text) >= 2 and text[0] in PREFIX_KINDS and text[1] == " ":
            current, text = PREFIX_KINDS[text[0]], text[2:]
        following = KIND_CYCLE[(KIND_CYCLE.index(current) + 1) % len(KIND_CYCLE)]
        prefix = KIND_PREFIXES.get(following, "")
        note_input.set_draft(f"{prefix} {text}" if prefix else text)
        note_input.focus()

    def action_focus_tag(self, index: int) -> None:
        focus = self.observation.session.focus
        if index >= len(focus):
            self.notify("No focus element for this key; set focus when starting.", markup=False)
            return
        note_input = self.query_one(NoteInput)
        text = note_input.text
        spacer = "" if not text or text.endswith(" ") else " "
        note_input.set_draft(f"{text}{spacer}#{focus[index]} ")
        note_input.focus()

    def action_snapshot(self) -> None:
        prompts = list(self.query("#snapshot").results(SnapshotPrompt))
        if not prompts:
            self.notify(
                f"{self.observation.rubric.name} has no time-on-task snapshots.", markup=False
            )
            return
        prompts[0].begin()

    @on(SnapshotPrompt.Recorded)
    def _snapshot_recorded(self, event: SnapshotPrompt.Recorded) -> None:
        snapshot = self.observation.take_snapshot(event.values, event.mark)
        values = ", ".join(event.values.values())
        self._status(f"Snapshot at {clock_text(snapshot.offset)}: {values}")
        self._changed()
        self._announced_mark = None
        self._announce_snapshot()
        self.query_one(NoteInput).focus()

    @on(SnapshotPrompt.Closed)
    def _snapshot_closed(self) -> None:
        self.query_one(NoteInput).focus()

    def action_pause(self) -> None:
        paused = self.observation.toggle_pause()
        resumes = f"{key_of(self, 'observation.pause')} resumes"
        self._status(f"⏸ Paused: the timer is stopped. {resumes}." if paused else "▶ Resumed.")
        self.refresh_bindings()  # the footer's pause key says Resume, or Pause again
        self._tick()
        self._changed()

    def action_resume(self) -> None:
        self.action_pause()

    def action_toggle_rubric(self) -> None:
        panel = self.query_one(RubricPanel)
        panel.display = not panel.display
        self.query_one("#last-step").set_class(not panel.display, "-hidden")
        self.query_one(NoteInput).focus()

    @work(exclusive=True, group="details")
    async def action_details(self) -> None:
        session = self.observation.session
        details = await self.app.push_screen_wait(
            DetailsScreen(session.teacher, session.class_name)
        )
        self.query_one(NoteInput).focus()
        if details is None or not self.observation.set_details(*details):
            return
        self.query_one("#who", Static).update(self._heading())
        session = self.observation.session
        who = " · ".join(p for p in (session.teacher or "(no teacher)", session.class_name) if p)
        self._status(f"Now observing {visible(who, one_line=True)}.")
        self._changed()

    @property
    def in_progress(self) -> bool:
        """Whether a drop-in is on (still opening, or begun and not ended)."""
        return self._observation is None or self._observation.session.ended_at is None

    @work(exclusive=True, group="leave")
    async def ask_to_leave(self) -> None:
        """Ctrl+Q: end the drop-in, leave it to resume later, or keep observing."""
        if self._observation is None:
            question = "The drop-in has not started yet: nothing is saved. Quit anyway?"
        else:
            session = self.observation.session
            question = (
                f"{plural(len(session.notes), 'note')}, "
                f"{clock_text(self.observation.timer().elapsed)} observed, all saved. "
                "End it now and go on to the debrief, or quit and resume it later from the "
                "session list (the timer is paused meanwhile)?"
            )
        answer = await self.app.push_screen_wait(
            LeaveObservationScreen(question, can_end=self._observation is not None)
        )
        if answer == "end":
            self._end_now()
        elif answer == "later":
            if self._observation is not None and not self.observation.session.paused:
                # The time away is not lesson time: resuming starts from a paused timer.
                self.observation.toggle_pause()
                # Straight to the writer, not up as a message the exit would outrun; the
                # app's close writes it before the process ends.
                self.workspace.save(self.observation.session, self.observation.revision)
            self.app.exit()
        else:
            self.query_one(NoteInput).focus()

    def action_notes(self) -> None:
        log = self.query_one(NotesLog)
        if log.option_count:
            log.open_on_newest()

    @on(NoteInput.LeaveUp)
    def _leave_up(self) -> None:
        self.action_notes()

    def action_back_to_input(self) -> None:
        self.query_one(NoteInput).focus()

    @work
    async def action_edit_note(self, title: str = "Edit note", done: str = "Edited") -> None:
        """Edit the highlighted note in a dialog; the status says `done` once it is saved."""
        note_id = self.query_one(NotesLog).highlighted_note_id
        if note_id is None:
            return
        note = self.observation.session.notes[self.observation.index_of(note_id)]
        draft = await self.app.push_screen_wait(
            EditNoteScreen(title, note, self.observation.rubric)
        )
        if draft is None:
            return
        note = self.observation.edit(note_id, draft)
        log = self.query_one(NotesLog)
        log.update_note(note)
        log.select_note(note.id)  # the redraw re-measured every entry: keep it in view
        log.focus()
        self._show_counts()
        tags = "".join(f" #{tag}" for tag in note.tags)
        self._status(f"{done} the note at {clock_text(note.offset)}{tags}")
        self._changed()

    @on(NotesLog.OptionSelected, "#notes")
    def _note_selected(self) -> None:
        self.action_edit_note()

    def action_retag_note(self) -> None:
        self.action_edit_note("Retag note", "Retagged")

    def action_private_note(self) -> None:
        note_id = self.query_one(NotesLog).highlighted_note_id
        if note_id is None:
            return
        note = self.observation.toggle_private(note_id)
        self.query_one(NotesLog).update_note(note)
        shared = "coach-only: left out of the teacher's copy" if note.private else "shared again"
        self._status(f"The note at {clock_text(note.offset)} is {shared}.")
        self._changed()

    def action_delete_note(self) -> None:
        log = self.query_one(NotesLog)
        note_id = log.highlighted_note_id
        if note_id is None:
            return
        if not log.highlight_shown():
            # Scrolled away (the mouse wheel): never delete a note the coach cannot see.
            log.reveal()
            self._status("This is the highlighted note: press d again to delete it.", "warning")
            return
        note = self.observation.delete(note_id)
        log.remove_note(note_id)
        self._show_counts()
        self._status(f"Deleted the note at {clock_text(note.offset)}. u brings it back.")
        self._changed()

    def action_undo_delete(self) -> None:
        note = self.observation.undo_delete()
        if note is None:
            return
        self.query_one(NotesLog).insert_note(self.observation.index_of(note.id), note)
        self._show_counts()
        self._status(f"Brought back the note at {clock_text(note.offset)}.")
        self._changed()

    @work
    async def action_end(self) -> None:
        session = self.observation.session
        question = (
            f"End the observation of {session.teacher or 'this teacher'} now? "
            f"{plural(len(session.notes), 'note')}, "
            f"{clock_text(self.observation.timer().elapsed)} observed."
        )
        if not await self.app.push_screen_wait(ConfirmScreen("End observation", question, "End")):
            return
        self._end_now()

    def _end_now(self) -> None:
        self.observation.end()
        self._changed()
        self.post_message(ShowSession(self.observation.session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._observation is None:
            return True if action in WORKS_BEFORE_READY else None
        log_focused = isinstance(self.focused, NotesLog)
        if action in LOG_ONLY:
            return log_focused
        if action == "undo_delete":
            return self.observation.can_undo
        if action == "back_to_input":
            return not isinstance(self.focused, NoteInput)
        if action == "snapshot":
            return self.observation.session.snapshot_spec is not None
        if action in ("pause", "resume"):
            # One key, two names: the footer says what F9 does now.
            return self.observation.session.paused == (action == "resume")
        return True

    ACTIONS = screen_commands(
        "observation",
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command(
            "ctrl+t,f2",
            action(action_cycle_kind),
            "Kind",
            "Next kind: note, strength, growth area, question, surprise",
        ),
        Command(
            "ctrl+f,f3",
            action(action_focus_tag, 0),
            "Focus 1",
            "Tag the note with the first focus element",
            show=False,
        ),
        Command(
            "ctrl+o,f4",
            action(action_focus_tag, 1),
            "Focus 2",
            "Tag the note with the second focus element",
            show=False,
        ),
        Command(
            "ctrl+s,f5", action(action_snapshot), "Snapshot", "Take a time-on-task snapshot now"
        ),
        Command(
            "ctrl+r,f6",
            action(action_toggle_rubric),
            "Rubric",
            "Show or hide the rubric panel",
            show=False,
        ),
        Command(
            "f7",
            action(action_details),
            "Details",
            "Set or fix the teacher's name and the class",
            show=False,
        ),
        Command(
            "ctrl+n,f8",
            action(action_notes),
            "Notes",
            "Go to the notes log to edit, retag or delete",
        ),
        Command(
            "ctrl+b,f9",
            action(action_pause),
            "Pause",
            "Pause or resume the timer for an interruption",
        ),
        Command(
            "ctrl+b,f9",
            action(action_resume),
            "Resume",
            "Pause or resume the timer for an interruption",
            # Pause's other name while paused: one entry in a keymap file moves both.
            id="observation.pause",
        ),
        Command(
            "ctrl+l,f10", action(action_end), "End", "End the observation and go on to the debrief"
        ),
        Command(
            "e",
            action(action_edit_note),
            "Edit",
            "Edit the highlighted note (notes log)",
            show=False,
        ),
        Command(
            "t",
            action(action_retag_note),
            "Retag",
            "Change the highlighted note's tags (notes log)",
            show=False,
        ),
        Command(
            "d,delete",
            action(action_delete_note),
            "Delete",
            "Delete the highlighted note (notes log)",
            show=False,
        ),
        Command(
            "p",
            action(action_private_note),
            "Coach-only",
            "Mark the highlighted note coach-only, or not (notes log)",
            show=False,
        ),
        Command(
            "u",
            action(action_undo_delete),
            "Undo delete",
            "Bring back the last deleted note",
            show=False,
        ),
        Command(
            "escape", action(action_back_to_input), "Back", "Back to the note input", show=False
        ),
    )
    BINDINGS = bindings(ACTIONS)
