"""The app: holds the workspace, turns its changes into messages, and opens the first screen.

`observer-tui observe` must take typing at once, so this module and the observation screen
import nothing that loads pydantic or orjson (tests/unit/test_import_hygiene.py): the models,
the rubric files and the session index are read on worker threads after the first paint.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from observer_tui.commands import ScreenCommands
from observer_tui.core.requests import (
    ObservationPlan,
    ObserveRequest,
    WalkRequest,
    plan_observation,
)
from observer_tui.core.visible import visible
from observer_tui.core.workspace import Indexed, Merged, RubricsChanged, Saved, Workspace
from observer_tui.messages import (
    GoHome,
    ObservationRequested,
    OpenSession,
    SessionChanged,
    ShowSession,
    WorkspaceChanged,
)
from observer_tui.router import Router
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.observation import ObservationScreen, Opening

if TYPE_CHECKING:
    from datetime import datetime

    from observer_tui.core.index import SessionSummary
    from observer_tui.core.observation import Observation
    from observer_tui.core.presence import Holder
    from observer_tui.core.rubrics import RubricLibrary
    from observer_tui.core.session import Session
    from observer_tui.core.storage import SaveResult
    from observer_tui.core.workspace import Change
    from observer_tui.keymap import KeymapFile

FOLDER_CHECK_SECONDS = 2.0
"""How often the sessions folder is checked for files a sync tool added, renamed or removed."""
FULL_CHECK_SECONDS = 30.0
"""How often every file is checked, whatever the folder says (a sync tool may write in place)."""
SKIPPED_SHOWN = 2
"""Skipped session files told one by one; more are counted in one notice."""


class ObserverApp(App[None]):
    """observer-tui: lesson drop-ins, tagged against a rubric."""

    CSS_PATH = "app.tcss"
    TITLE = "observer-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {ScreenCommands}

    def __init__(
        self,
        workspace: Workspace,
        start: ObserveRequest | ObservationPlan | WalkRequest | None = None,
        *,
        warnings: Iterable[str] = (),
        keymap_file: Path | None = None,
    ) -> None:
        """Open on the session list, or straight on a drop-in: an `observe` request (read
        after the first paint), a checked plan (tests and benchmarks) or a learning walk
        (on top of the session list, where Escape from it goes). The coach's
        keymap file, if any, is read after the first paint too."""
        super().__init__()
        self.workspace = workspace
        self.keymap: dict[str, str] = {}
        """The keys the coach's keymap file sets, by binding id (help shows them)."""
        self._keymap_file = keymap_file
        self.router = Router(self, workspace)
        self._start = start
        self._warnings = list(warnings)
        self._opening: ObservationScreen | None = None
        """The first screen while `observe` reads the rubrics; begun once they are read."""
        self._opened_at = workspace.clock.now()
        self._last_save: SaveResult | None = None
        self._checks = 0
        """Folder checks so far (every 15th checks every file)."""
        self._full_check_due = False
        self._folder_checked = False
        """Whether `observe` has made its first check of the folder (after the first save)."""
        self._reported: set[str] = set()
        """Skipped files already told of in this run (each refresh lists them all again)."""
        workspace.listen(self._heard)

    def _heard(self, change: Change) -> None:
        """The workspace's listener: on any thread, so through the message queue."""
        self.post_message(WorkspaceChanged(change))

    def get_default_screen(self) -> Screen[None]:
        if isinstance(self._start, ObserveRequest):
            request, clock = self._start, self.workspace.clock
            opening = Opening(
                request.teacher, request.class_name, clock, self._opened_at, request.minutes
            )
            self._opening = ObservationScreen(opening)
            return self._opening
        if isinstance(self._start, ObservationPlan):
            return ObservationScreen(self._new_observation(self._start))
        # Imported here, like the debrief and summary screens: `observe` starts without them.
        from observer_tui.screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        # Textual cannot switch away from a first screen that was not pushed (Textualize/
        # textual#2650): give it the empty result callback a push would have given it.
        self.screen._push_result_callback(self, None)
        self.screen_change_signal.subscribe(self, self._place_toasts, immediate=True)
        for warning in self._warnings:
            self.notify(warning, title="Data folder", severity="warning", timeout=12, markup=False)
        if isinstance(self._start, ObserveRequest):
            # The observation screen takes typing first; the files are read once it is up.
            self.call_after_refresh(self._prepare, self._start)
            self.call_after_refresh(self._open_index)
        else:
            if self.workspace.library is not None:  # read before the app started
                self._warn_about_files(self.workspace.library)
            self._read_folder()
            if isinstance(self._start, WalkRequest):
                from observer_tui.screens.walk import WalkScreen

                walk = self._start
                self.push_screen(
                    WalkScreen(coach=walk.coach, profile=walk.profile, names=walk.names)
                )
        self.set_interval(FOLDER_CHECK_SECONDS, self._check_folder)
        if not isinstance(self._start, ObserveRequest):
            self._after_first_save()
        # else once the new session is on disk (`_changed`): checking the keys imports every
        # screen, and both that and the folder's check would hold up the first save.

    def _place_toasts(self, screen: Screen[object]) -> None:
        """A dialog drawn over the observation screen puts its toasts where that screen
        does (app.tcss), so a toast never covers the note input showing beneath it."""
        stack = self.screen_stack
        if not isinstance(screen, ModalScreen) or screen not in stack[1:]:
            return
        below = stack[stack.index(screen) - 1]
        over = isinstance(below, ObservationScreen) or below.has_class("-over-observation")
        screen.set_class(over, "-over-observation")

    def _after_first_save(self) -> None:
        """The coach's keys, and for `observe` the folder's first check: once."""
        keymap_file, self._keymap_file = self._keymap_file, None
        if keymap_file is not None:
            self._read_keymap(keymap_file)
        if isinstance(self._start, ObserveRequest) and not self._folder_checked:
            self._folder_checked = True
            self._read_folder()

    @work(thread=True, exit_on_error=False)
    def _read_keymap(self, path: Path) -> None:
        """The coach's keys: checked against every screen's commands, which this imports,
        so it waits for a worker."""
        from observer_tui.keymap import all_commands, read_keymap

        self.call_from_thread(self._use_keymap, read_keymap(path, all_commands()))

    def _use_keymap(self, keymap: KeymapFile) -> None:
        self.keymap = keymap.keys
        self.set_keymap(keymap.keys)
        if warning := keymap.warning():
            self.notify(warning, title="Keys", severity="warning", timeout=20, markup=False)

    # Reading the data folder, off the event loop

    @work(thread=True, exit_on_error=False)
    def _open_index(self) -> None:
        """Open the session index while `_prepare` reads the rubrics: much of opening it is
        the disk, which waits beside the models loading rather than after them."""
        with contextlib.suppress(Exception):  # `_prepare` meets the same error, and says so
            _ = self.workspace.index

    @work(thread=True, exit_on_error=False)
    def _prepare(self, request: ObserveRequest) -> None:
        """Read what `observe` needs while the coach already types: rubrics, profiles, and
        the teacher's past sessions (for their school, last step and spelling)."""
        workspace = self.workspace
        try:
            library = workspace.read_rubrics()
            if not library.rubrics:
                raise ValueError("no valid rubric found")
            known = []
            if request.teacher:
                if not workspace.index.count():
                    workspace.refresh()  # a first run: the index is still empty
                known = workspace.index.teacher(request.teacher)
            plan, warnings = plan_observation(request, library, workspace.profiles, known)
            observation = self._new_observation(plan, self._opened_at)
        except Exception as error:  # whatever it is, the coach hears of it and keeps the text
            self.call_from_thread(self._not_prepared, error)
            return
        self.call_from_thread(self._prepared, observation, warnings)
        # The folder's first check waits for the new session's first save (`_changed`).

    def _prepared(self, observation: Observation, warnings: list[str]) -> None:
        for warning in warnings:
            self.notify(warning, title="observe", severity="warning", timeout=12, markup=False)
        if self._opening is not None:
            self._opening.begin(observation)
            self._opening = None

    def _not_prepared(self, error: Exception) -> None:
        """`observe` cannot start: leave with the reason, and whatever was typed, on screen."""
        typed = self._opening.typed_notes() if self._opening is not None else []
        kept = "".join(f"\n  {visible(text, one_line=True)}" for text in typed)
        message = f"observer-tui: cannot start the drop-in: {visible(str(error))}"
        if kept:
            message += f"\nNot saved, as you typed it:{kept}"
        self.exit(return_code=2, message=message)

    @work(thread=True, exit_on_error=False, group="folder")
    def _read_folder(self) -> None:
        """The rubrics if not read yet, then the index brought up to date with the files
        (every file is checked by the full check a little later)."""
        if self.workspace.library is None:
            self.workspace.read_rubrics()
        self.workspace.refresh_if_changed()

    def _check_folder(self) -> None:
        """Every two seconds: the folder's time; every 30 seconds, every file. A check due
        while the last one still runs waits for the next tick, a full one included."""
        self._checks += 1
        if self._checks % round(FULL_CHECK_SECONDS / FOLDER_CHECK_SECONDS) == 0:
            self._full_check_due = True
        if any(w.group == "folder" and not w.is_finished for w in self.workers):
            return
        full, self._full_check_due = self._full_check_due, False
        self._refresh_folder(full)

    @work(thread=True, exit_on_error=False, group="folder")
    def _refresh_folder(self, full: bool) -> None:
        if full:
            self.workspace.refresh()
        else:
            self.workspace.refresh_if_changed()
        # The markers of the sessions open here, written again when due (once a minute).
        self.workspace.presence.renew(self.workspace.clock.now())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, whatever file or error its text came from, with control characters
        shown as symbols (core/visible.py): screens notify through here too."""
        super().notify(
            visible(message),
            title=visible(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background job that failed says so, instead of leaving the screen waiting."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}",
                title="Something went wrong in the background",
                severity="error",
                timeout=20,
                markup=False,
            )

    # What changed, down to the screens

    @on(WorkspaceChanged)
    def _changed(self, message: WorkspaceChanged) -> None:
        change = message.change
        if isinstance(change, Saved):
            self._last_save = change.result
            # Once the screen shows it saved: the work this starts would hold up that frame.
            self.call_after_refresh(self._after_first_save)
        elif isinstance(change, RubricsChanged):
            self._warn_about_files(change.library)
        elif isinstance(change, Merged):
            self.notify(visible(change.message), title="Shared folder", timeout=12, markup=False)
        elif isinstance(change, Indexed):
            fresh = [p for p in change.problems if str(p) not in self._reported]
            self._reported.update(str(p) for p in fresh)
            # A few in full; a team folder with many bad files must not bury the screen.
            for problem in fresh[:SKIPPED_SHOWN]:
                self.notify(
                    visible(str(problem)),
                    title="Session file skipped",
                    severity="warning",
                    timeout=12,
                    markup=False,
                )
            if len(fresh) > SKIPPED_SHOWN:
                from observer_tui.core.numbers import plural

                more = plural(len(fresh) - SKIPPED_SHOWN, "more session file")
                self.notify(
                    f"And {more} skipped: observer-tui sessions list names each and why.",
                    title="Session files skipped",
                    severity="warning",
                    timeout=12,
                    markup=False,
                )
            if change.first:
                self._offer_resume()
        for screen in self.screen_stack:
            screen.post_message(WorkspaceChanged(change))

    def _warn_about_files(self, library: RubricLibrary) -> None:
        from observer_tui.core.numbers import plural

        profiles = self.workspace.profiles
        broken = len(library.problems) + sum(1 for entry in profiles if entry.problems)
        if broken:
            self.notify(
                f"Skipped {plural(broken, 'rubric or profile file')} with problems: "
                "Ctrl+R (F6) in the session list shows which and why.",
                title="Skipped",
                severity="warning",
                timeout=12,
                markup=False,
            )

    @work(exit_on_error=False)
    async def _offer_resume(self) -> None:
        if isinstance(self.screen, ObservationScreen):
            # Only the session list offers it; importing that here would hold up the event
            # loop while `observe` makes its new session (its first refresh ends here too).
            return
        from observer_tui.screens.library import LibraryScreen

        if not isinstance(self.screen, LibraryScreen):
            return

        def abandoned() -> list[SessionSummary]:
            # One that is open in another window is not waiting for this coach to resume it.
            workspace = self.workspace
            return [s for s in workspace.index.unfinished() if not workspace.holders(s.id)]

        unfinished = await asyncio.to_thread(abandoned)
        if not unfinished or not isinstance(self.screen, LibraryScreen):
            return
        from observer_tui.core.numbers import plural

        session = unfinished[0]
        who = visible(session.teacher, one_line=True) or "an unnamed teacher"
        started = session.started_at.astimezone().strftime("%a %d %b %H:%M")
        question = (
            f"The observation of {who} started {started} was not ended "
            f"({plural(session.notes, 'note')}). Resume it?"
        )
        if await self.push_screen_wait(ConfirmScreen("Resume observation", question, "Resume")):
            self.post_message(OpenSession(session.id))

    # Sessions: new, opened, saved

    def _new_observation(self, plan: ObservationPlan, at: datetime | None = None) -> Observation:
        """A new session for the plan, begun `at` (default: now)."""
        from observer_tui.core.observation import Observation
        from observer_tui.core.session import new_session

        workspace = self.workspace
        session = new_session(
            teacher=plan.teacher,
            class_name=plan.class_name,
            coach=workspace.coach,
            rubric=plan.rubric,
            focus=plan.focus,
            planned_minutes=plan.minutes,
            at=at or workspace.clock.now(),
            profile=plan.profile,
            previous=plan.previous,
            cadence=plan.cadence or workspace.index.cadence(plan.teacher),
            goal=plan.goal,
            asked=plan.asked,
        )
        return Observation(session, plan.rubric, workspace.clock)

    @on(ObservationRequested)
    def _start_observation(self, message: ObservationRequested) -> None:
        self.push_screen(ObservationScreen(self._new_observation(message.plan)))

    @on(OpenSession)
    def _open(self, message: OpenSession) -> None:
        self._read_and_open(message.session_id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _read_and_open(self, session_id: str) -> None:
        workspace = self.workspace
        try:
            session = workspace.open(session_id)
        except (ValueError, OSError) as error:
            message = f"Cannot open session {session_id}: {error}"
            self.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        holders = [] if session.debrief.status == "complete" else workspace.holders(session.id)
        if holders:
            self.call_from_thread(self._open_anyway, session, holders)
            return
        if session.debrief.status != "complete":
            workspace.hold(session.id)
        self.call_from_thread(self.router.open, session)

    def _open_anyway(self, session: Session, holders: list[Holder]) -> None:
        """Another window has the session open: ask before opening it here too."""
        who = session.teacher or "an unnamed teacher"
        where = "; ".join(visible(holder.describe()) for holder in holders)
        question = (
            f"The session with {visible(who)} is {where}. Open it here too? What both of "
            "you type is kept: each save merges the other's notes."
        )

        def answered(open_it: bool | None) -> None:
            if open_it:
                self._hold(session.id)
                self.router.open(session)

        self.push_screen(ConfirmScreen("Open elsewhere", question, "Open here too"), answered)

    @work(thread=True, exit_on_error=False)
    def _hold(self, session_id: str) -> None:
        self.workspace.hold(session_id)

    @work(thread=True, exit_on_error=False)
    def _let_go(self) -> None:
        self.workspace.presence.release()

    @on(ShowSession)
    def _show(self, message: ShowSession) -> None:
        self.router.show(message.session)

    @on(GoHome)
    def _home(self) -> None:
        self.router.home()
        self._let_go()  # home: no session is open in this window any more

    @on(SessionChanged)
    def _save(self, message: SessionChanged) -> None:
        self.workspace.save(message.session, message.revision)

    # Leaving

    async def action_quit(self) -> None:
        """Quit, but ask first if that would lose notes: the last save failed, or notes were
        typed while `observe` still reads the rubric."""
        result = self._last_save
        typed = self._opening.typed_notes() if self._opening is not None else []
        if result is not None and result.error is not None:
            question = (
                f"The latest changes are not on disk ({result.error}). "
                "Quit anyway and lose them? Cancel keeps them here and keeps retrying."
            )
        elif typed:
            question = (
                "What you typed is saved once the rubric is read, in a moment. "
                "Quit anyway and lose it? Cancel keeps it."
            )
        elif isinstance(self.screen, ObservationScreen) and self.screen.in_progress:
            self.screen.ask_to_leave()  # a drop-in is on: never leave it by accident
            return
        else:
            self.exit()
            return
        self.push_screen(
            ConfirmScreen("Changes not saved", question, "Quit", "Keep"),
            lambda quit_anyway: self.exit() if quit_anyway else None,
        )

    async def on_unmount(self) -> None:
        self.workspace.close(timeout=10)
