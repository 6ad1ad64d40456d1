"""A learning walk: room by room, each teacher's step in hand, a two-minute timer, one key
for what was seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Static

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.files import shortened
from observer_tui.core.numbers import plural
from observer_tui.core.walks import (
    ROOM_SECONDS,
    SEEN_WORDS,
    Room,
    Seen,
    Walk,
    WalkStore,
    load_walks,
    new_walk,
    walk_plan,
)
from observer_tui.screens.base import HouseScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.shown import one_line

MARKS: dict[str | None, str] = {"seen": "✓", "partly": "~", "not_seen": "✗", None: "·"}
"""Each room's mark in the list, so it reads without colour."""
LIST_ROWS = 8
"""Rooms listed at once: the walk screen fits 80x24."""


def countdown(elapsed: float) -> Text:
    """'01:23 left', amber in the last 30 seconds; '+00:12 over' in red after."""
    left = ROOM_SECONDS - int(elapsed)
    if left < 0:
        minutes, seconds = divmod(-left, 60)
        return Text(f"+{minutes:02d}:{seconds:02d} over", style="bold red")
    minutes, seconds = divmod(left, 60)
    return Text(f"{minutes:02d}:{seconds:02d} left", style="bold yellow" if left <= 30 else "")


def days_ago(then: datetime | None, now: datetime) -> str:
    """'last visited 5 days ago', 'last visited today' or 'never visited'."""
    if then is None:
        return "never visited"
    days = (now.astimezone().date() - then.astimezone().date()).days
    return "last visited today" if days <= 0 else f"last visited {plural(days, 'day')} ago"


class WalkScreen(HouseScreen[None]):
    """The rooms of a walk, whoever was visited longest ago first. `s`, `p` or `n` records
    the room and moves on; Tab goes to the note; Escape ends the walk (what is recorded is
    already on disk)."""

    def __init__(
        self, *, coach: str | None = None, profile: str | None = None, names: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self._coach, self._profile, self._names = coach, profile, tuple(names)
        self.rooms: list[Room] = []
        self.walk: Walk | None = None
        """The walk as recorded so far; None until the rooms are read."""
        self.current = 0
        """The room shown (0-based)."""
        self._room_started: datetime | None = None
        self._revision = 0
        self._store: WalkStore | None = None
        self.saved_path = ""
        """The walk file, once written."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="walk-top"):
            yield Static(Text("Learning walk · reading the steps…", style="bold"), id="walk-title")
            yield Static(id="walk-timer")
        with Vertical(id="walk-main"):
            yield Static(id="walk-room")
            yield Static(id="walk-keys")
            with Horizontal(classes="field", id="walk-note-field"):
                yield Label("Note")
                yield SafeInput(
                    placeholder="optional; Enter keeps it, then s / p / n",
                    id="walk-note",
                    compact=True,
                )
            yield Static(id="walk-rooms")
        yield Static(id="walk-status")
        yield Footer()

    def on_mount(self) -> None:
        self._store = WalkStore(self.workspace.data.walks)
        self.set_interval(0.5, self._tick)
        self._plan()

    @work(thread=True, exit_on_error=False, group="walk-plan")
    def _plan(self) -> None:
        workspace = self.workspace
        workspace.refresh_if_changed()
        walks, problems = load_walks(workspace.data.walks)
        rooms, missing = walk_plan(
            workspace.index, walks, coach=self._coach, profile=self._profile, names=self._names
        )
        notices = [str(p) for p in problems] + missing
        self.app.call_from_thread(self._planned, rooms, notices)

    def _planned(self, rooms: list[Room], notices: list[str]) -> None:
        for notice in notices[:3]:
            self.notify(notice, title="Learning walk", severity="warning", timeout=12, markup=False)
        if len(notices) > 3:
            self.notify(f"And {plural(len(notices) - 3, 'more notice')}.", markup=False)
        self.rooms = rooms
        now = self.workspace.clock.now()
        self.walk = new_walk([room.room for room in rooms], self.workspace.coach, now)
        self._show_room(0)

    # What is on screen

    def _show_room(self, number: int) -> None:
        self.current = number
        self._room_started = self.workspace.clock.now()
        self.query_one("#walk-note", Input).value = ""
        self.set_focus(None)  # the result keys are plain letters: no field takes them
        self._show()

    def _show(self) -> None:
        walk = self.walk
        title = self.query_one("#walk-title", Static)
        room_text = self.query_one("#walk-room", Static)
        keys = self.query_one("#walk-keys", Static)
        if walk is None:
            return
        self.query_one("#walk-note-field").display = self._open
        if not walk.rooms:
            title.update(Text("Learning walk", style="bold"))
            room_text.update(
                Text(
                    "No teacher has an active step to look for: a step agreed at a completed "
                    "debrief and not yet followed up by a drop-in."
                    + (
                        " (None with the coach, school or names asked for.)"
                        if self._narrowed
                        else ""
                    ),
                )
            )
            keys.update(Text("Esc back", style="dim"))
            self._show_list()
            return
        if not self._open:
            self._show_done(walk)
            return
        room = self.rooms[self.current]
        title.update(
            Text.assemble(
                ("Learning walk", "bold"), f" · room {self.current + 1} of {len(walk.rooms)}"
            )
        )
        recorded = walk.rooms[self.current]
        text = Text.assemble((one_line(room.room.teacher) or "(no teacher)", "bold"))
        if recorded.result is not None:
            text.append(f"  {MARKS[recorded.result]} {SEEN_WORDS[recorded.result]}", style="green")
        text.append("\nStep: ", style="bold")
        text.append(one_line(room.room.step))
        if room.room.element:
            text.append(f" #{one_line(room.room.element)}", style="bold")
        now = self.workspace.clock.now()
        text.append(
            f"\nagreed {room.room.agreed:%d %b} with {one_line(room.room.coach) or 'a coach'}"
            f" · {days_ago(room.last_visit, now)}",
            style="dim",
        )
        if room.last_result is not None:
            text.append(f"\nLast walk: {one_line(room.last_result.line())}", style="italic")
        room_text.update(text)
        keys.update(
            Text.assemble(
                ("s", "bold"),
                " seen  ",
                ("p", "bold"),
                " partly  ",
                ("n", "bold"),
                " not seen  ",
                ("Tab", "bold"),
                " note  ",
                ("→ ←", "bold"),
                " skip, back  ",
                ("Esc", "bold"),
                " end",
            )
        )
        self._show_list()
        self._tick()

    def _show_done(self, walk: Walk) -> None:
        counts = {result: 0 for result in SEEN_WORDS}
        for room in walk.rooms:
            if room.result is not None:
                counts[room.result] += 1
        done = sum(counts.values())
        self.query_one("#walk-title", Static).update(Text("Learning walk · done", style="bold"))
        self.query_one("#walk-timer", Static).update("")
        summary = Text.assemble((f"{plural(done, 'room')} of {len(walk.rooms)} recorded: ", "bold"))
        summary.append(
            f"{counts['seen']} seen, {counts['partly']} partly, {counts['not_seen']} not seen."
        )
        if self.saved_path:
            summary.append(f"\nSaved in walks/{self.saved_path}.", style="dim")
        self.query_one("#walk-room", Static).update(summary)
        self.query_one("#walk-keys", Static).update(Text("Esc back", style="dim"))
        self._show_list()

    def _show_list(self) -> None:
        walk = self.walk
        if walk is None or not walk.rooms:
            self.query_one("#walk-rooms", Static).update("")
            return
        start = max(0, min(self.current - 2, len(walk.rooms) - LIST_ROWS))
        text = Text.assemble(("Rooms, longest since visited first", "bold underline"))
        for number, room in enumerate(walk.rooms[start : start + LIST_ROWS], start=start):
            here = number == self.current and self._open
            text.append("\n▶ " if here else "\n  ", style="bold")
            text.append(f"{MARKS[room.result]} ")
            name = shortened(one_line(room.teacher), 28)
            text.append(f"{name:<28}", style="bold" if here else "")
            if room.result is not None:
                text.append(f" {SEEN_WORDS[room.result]}")
                if room.note:
                    text.append(f" · {shortened(one_line(room.note), 30)}", style="dim")
        more = len(walk.rooms) - (start + LIST_ROWS)
        if more > 0:
            text.append(f"\n  … and {plural(more, 'more room')}", style="dim")
        self.query_one("#walk-rooms", Static).update(text)

    def _tick(self) -> None:
        if self._room_started is None or not self._open or self.walk is None:
            return
        elapsed = (self.workspace.clock.now() - self._room_started).total_seconds()
        self.query_one("#walk-timer", Static).update(countdown(elapsed))

    @property
    def _open(self) -> bool:
        """Whether the walk is on: a room is shown, not the end."""
        walk = self.walk
        return walk is not None and bool(walk.rooms) and walk.ended_at is None

    @property
    def _narrowed(self) -> bool:
        return bool(self._coach or self._profile or self._names)

    # Recording

    def action_record(self, result: Seen) -> None:
        """Record what was seen in this room, with the note, and go on to the next."""
        walk = self.walk
        if walk is None or not self._open:
            return
        note = self.query_one("#walk-note", Input).value
        self.walk = walk.recorded(self.current, result, note, self.workspace.clock.now())
        self._save()
        following = [
            n for n, room in enumerate(self.walk.rooms) if n > self.current and room.result is None
        ]
        if following:
            self._show_room(following[0])
        elif self.current + 1 < len(self.walk.rooms):
            self._show_room(self.current + 1)
        else:
            self._finish()

    def _finish(self) -> None:
        walk = self.walk
        if walk is None:
            return
        self.walk = walk.model_copy(update={"ended_at": self.workspace.clock.now()})
        if any(room.result is not None for room in self.walk.rooms):
            self._save()
        self.set_focus(None)
        self._show()

    def _save(self) -> None:
        if self.walk is None:
            return
        self._revision += 1
        self._status(Text("● saving", style="yellow"))
        self._write(self.walk, self._revision)

    @work(thread=True, exit_on_error=False, group="walk-save")
    def _write(self, walk: Walk, revision: int) -> None:
        assert self._store is not None
        try:
            path = self._store.save(walk, revision)
        except OSError as error:
            message = f"⚠ NOT SAVED: {error.strerror or error}; the next result tries again"
            self.app.call_from_thread(self._status, Text(message, style="bold red"))
            return
        self.app.call_from_thread(self._written, path.name, revision)

    def _written(self, name: str, revision: int) -> None:
        self.saved_path = name
        if revision == self._revision:
            self._status(Text("✓ saved", style="green"))
        if not self._open:
            self._show()

    def _status(self, text: Text) -> None:
        self.query_one("#walk-status", Static).update(text)

    # Moving about

    def action_next(self) -> None:
        """The next room, leaving this one as it is."""
        if self.walk is not None and self._open and self.current + 1 < len(self.walk.rooms):
            self._show_room(self.current + 1)

    def action_previous(self) -> None:
        """The room before, to record it again."""
        if self._open and self.current > 0:
            self._show_room(self.current - 1)

    @on(Input.Submitted, "#walk-note")
    def _note_kept(self) -> None:
        self.set_focus(None)
        self._status(Text("Note kept: s, p or n records the room with it.", style="dim"))

    def action_end(self) -> None:
        """Leave the note field; else end the walk; else go back."""
        if isinstance(self.focused, Input):
            self.set_focus(None)
            return
        walk = self.walk
        if walk is not None and self._open and any(r.result is not None for r in walk.rooms):
            self._finish()
            return
        self.app.pop_screen()

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                "Learning walk",
                self.ACTIONS,
                [("Tab", "Type a note for this room"), ("Enter", "In the note: keep it")],
            )
        )

    ACTIONS = screen_commands(
        "walk",
        Command("s", action(action_record, "seen"), "Seen", "The step is happening: seen"),
        Command("p", action(action_record, "partly"), "Partly", "The step is partly seen"),
        Command("n", action(action_record, "not_seen"), "Not seen", "The step is not seen"),
        Command("right", action(action_next), "Skip", "The next room, this one left as it is"),
        Command("left", action(action_previous), "Back", "The room before", show=False),
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command("escape", action(action_end), "End", "End the walk (each result is saved)"),
    )
    BINDINGS = bindings(ACTIONS)
