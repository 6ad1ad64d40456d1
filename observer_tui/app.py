"""The app: wires the data folder, rubrics, clock and writer, and opens the first screen.

`observer-tui observe` must take typing at once, so this module and the observation screen
import nothing that loads pydantic or orjson (tests/unit/test_import_hygiene.py): the models,
the rubric files and the session index are imported in the methods that use them, which
run after the first paint.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen

from observer_tui.commands import Command
from observer_tui.core.clock import Clock, SystemClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.requests import ObservationPlan, ObserveRequest, plan_observation
from observer_tui.core.storage import SaveResult, SessionStore, SessionWriter, move_to_trash
from observer_tui.messages import ObservationRequested, ResumeRequested, SessionChanged
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.observation import ObservationScreen, Opening

if TYPE_CHECKING:
    from observer_tui.core.legacy_index import LibraryScan, SessionSummary, TextLine
    from observer_tui.core.observation import Observation
    from observer_tui.core.profiles import ProfileEntry
    from observer_tui.core.rubrics import RubricLibrary
    from observer_tui.core.session import Session


class ObserverApp(App[None]):
    """observer-tui: lesson drop-ins, tagged against a rubric."""

    CSS_PATH = "app.tcss"
    TITLE = "observer-tui"
    ENABLE_COMMAND_PALETTE = True

    save_result: reactive[SaveResult | None] = reactive(None, always_update=True)
    """The writer's latest report; screens watch it to show what is on disk."""
    sessions: reactive[list[SessionSummary]] = reactive(list, always_update=True)
    """A summary of every readable session, newest first, once loaded."""
    scanned: reactive[bool] = reactive(False)
    """Whether `sessions` holds the whole folder yet."""
    scan_progress: reactive[tuple[int, int] | None] = reactive(None)
    """While session files are read (no cache yet): files read so far, and in all."""
    texts: reactive[dict[str, tuple[TextLine, ...]] | None] = reactive(None, always_update=True)
    """Every session's searchable lines by id; read only once a search or filter asks."""
    library: reactive[RubricLibrary | None] = reactive(None, always_update=True)
    """The rubric files, valid or not; read again after an import. None only while `observe`
    reads them: every screen but that first observation opens after."""
    profiles: reactive[list[ProfileEntry]] = reactive(list, always_update=True)
    """The school profile files, valid or not."""

    def __init__(
        self,
        data: DataFolder,
        library: RubricLibrary | None = None,
        *,
        profiles: list[ProfileEntry] | None = None,
        clock: Clock | None = None,
        coach: str = "",
        plan: ObservationPlan | None = None,
        request: ObserveRequest | None = None,
        warnings: Iterable[str] = (),
        retry_seconds: float = 3.0,
        cache: Path | None = None,
    ) -> None:
        if library is None and request is None:
            raise ValueError("give the rubric library, or an `observe` request that reads it")
        super().__init__()
        self.data = data
        self.set_reactive(ObserverApp.library, library)
        self.set_reactive(ObserverApp.profiles, profiles or [])
        self.clock: Clock = clock or SystemClock()
        self.coach = coach
        self.store = SessionStore(data.sessions)
        self.cache = cache
        self._live: dict[str, Session] = {}
        """Sessions opened or changed in this run: newer than their files while saving."""
        self._stale: set[str] = set()
        """Live sessions whose summary is out of date."""
        self._scan: LibraryScan | None = None
        self._texts_wanted = False
        self._texts_loading = False
        self._deleted_ids: set[str] = set()
        """Sessions moved to the trash in this run, which a scan begun before may still list."""
        self.writer = SessionWriter(self.store, self._report_save, retry_seconds)
        self._plan = plan
        """A checked drop-in to open on (tests, the bench); `request` is what `observe` asks."""
        self._request = request
        self._opening: ObservationScreen | None = None
        """The first screen while `observe` reads the rubrics; begun once they are read."""
        self._opened_at = self.clock.now()
        self._warnings = list(warnings)

    def get_default_screen(self) -> Screen[None]:
        if self._request is not None:
            request = self._request
            self._opening = ObservationScreen(Opening(request.teacher, request.context, self.clock))
            return self._opening
        if self._plan is not None:
            return ObservationScreen(self._new_observation(self._plan))
        # Imported here, like the debrief and summary screens: `observe` starts without them.
        from observer_tui.screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        # Textual cannot switch away from a first screen that was not pushed (Textualize/
        # textual#2650): give it the empty result callback a push would have given it.
        self.screen._push_result_callback(self, None)
        for warning in self._warnings:
            self.notify(warning, title="Skipped", severity="warning", timeout=12, markup=False)
        if self._request is not None:
            # The observation screen takes typing first; the files are read once it is up.
            self.call_after_refresh(self._prepare, self._request)
            return
        if self.library is not None:
            self._warn_about_files(self.library, self.profiles)
        self._load_sessions()

    @work(thread=True, exit_on_error=False)
    def _prepare(self, request: ObserveRequest) -> None:
        """Read what `observe` needs while the coach already types: rubrics, profiles, and
        the teacher's past sessions (for their school, last step and spelling)."""
        from observer_tui.core.legacy_index import scan_library
        from observer_tui.core.profiles import load_profiles
        from observer_tui.core.rubrics import load_library

        try:
            library = load_library(self.data.rubrics)
            if not library.rubrics:
                raise ValueError("no valid rubric found")
            profiles = load_profiles(self.data.profiles, library.rubrics)
            known = scan_library(self.data.sessions, self.cache) if request.teacher else None
            plan, warnings = plan_observation(
                request, library, profiles, known.summaries if known else []
            )
            observation = self._new_observation(plan, self._opened_at)
        except Exception as error:  # whatever it is, the coach hears of it and keeps the text
            self.call_from_thread(self._not_prepared, error)
            return
        self.call_from_thread(self._prepared, library, profiles, observation, warnings)
        scan = known or scan_library(self.data.sessions, self.cache)
        self.call_from_thread(self._sessions_loaded, scan)

    def _prepared(
        self,
        library: RubricLibrary,
        profiles: list[ProfileEntry],
        observation: Observation,
        warnings: list[str],
    ) -> None:
        self._rubrics_loaded(library, profiles)
        self._warn_about_files(library, profiles)
        for warning in warnings:
            self.notify(warning, title="observe", severity="warning", timeout=12, markup=False)
        if self._opening is not None:
            self._opening.begin(observation)
            self._opening = None

    def _not_prepared(self, error: Exception) -> None:
        """`observe` cannot start: leave with the reason, and whatever was typed, on screen."""
        typed = self._opening.typed_notes() if self._opening is not None else []
        kept = "".join(f"\n  {text}" for text in typed)
        message = f"observer-tui: cannot start the drop-in: {error}"
        if kept:
            message += f"\nNot saved, as you typed it:{kept}"
        self.exit(return_code=2, message=message)

    def _warn_about_files(self, library: RubricLibrary, profiles: list[ProfileEntry]) -> None:
        from observer_tui.core.rubrics import plural

        broken = len(library.problems) + sum(1 for entry in profiles if entry.problems)
        if broken:
            self.notify(
                f"Skipped {plural(broken, 'rubric or profile file')} with problems: "
                "F6 in the session list shows which and why.",
                title="Skipped",
                severity="warning",
                timeout=12,
                markup=False,
            )

    @work(thread=True, exit_on_error=False)
    def _load_sessions(self) -> None:
        from observer_tui.core.legacy_index import first_page, scan_library

        if self.cache is not None:
            page = first_page(self.data.sessions, self.cache)
            if page:
                shown = threading.Event()
                self.call_from_thread(self._first_page_loaded, page, shown)
                # Reading the whole cache holds the interpreter for a moment: let the
                # first page reach the screen before that.
                shown.wait(timeout=1)
        scan = scan_library(self.data.sessions, self.cache, self._report_progress)
        self.call_from_thread(self._sessions_loaded, scan)

    def _report_progress(self, done: int, total: int) -> None:
        """Runs on the scanning thread."""
        self.call_from_thread(setattr, self, "scan_progress", (done, total))

    def _with_live(self, loaded: list[SessionSummary]) -> list[SessionSummary]:
        """Loaded summaries, but the current one for each session changed in this run."""
        from observer_tui.core.legacy_index import replaced

        kept = [s for s in loaded if s.id not in self._deleted_ids]
        return replaced(kept, [s for s in self.sessions if s.id in self._live])

    def _first_page_loaded(self, page: list[SessionSummary], shown: threading.Event) -> None:
        if not self.scanned:
            self.sessions = self._with_live(page)
        self.call_after_refresh(shown.set)

    def _sessions_loaded(self, scan: LibraryScan) -> None:
        self._scan = scan
        for problem in scan.problems:
            self.notify(
                str(problem),
                title="Session file skipped",
                severity="warning",
                timeout=12,
                markup=False,
            )
        self.scanned = True
        self.sessions = self._with_live(scan.summaries)
        if self._texts_wanted or scan.changed:
            # After a change the text cache is brought up to date now, while the coach
            # reads the list, rather than at the first search.
            self._load_texts(scan)
        self._offer_resume()

    def want_texts(self) -> None:
        """Read every session's lines for search, once, in the background."""
        if self._texts_wanted:
            return
        self._texts_wanted = True
        if self._scan is not None and self.texts is None:
            self._load_texts(self._scan)

    def _load_texts(self, scan: LibraryScan) -> None:
        if not self._texts_loading:
            self._texts_loading = True
            self._read_texts(scan)

    @work(thread=True, exit_on_error=False)
    def _read_texts(self, scan: LibraryScan) -> None:
        from observer_tui.core.legacy_index import load_texts

        texts = load_texts(self.data.sessions, self.cache, scan)
        scan.texts.clear()
        self.call_from_thread(self._texts_loaded, texts)

    def _texts_loaded(self, texts: dict[str, tuple[TextLine, ...]]) -> None:
        from observer_tui.core.legacy_index import session_lines

        self._texts_loading = False
        known = {summary.id for summary in self.sessions}
        for session_id in set(texts) - known:
            del texts[session_id]  # deleted meanwhile
        for session_id, session in self._live.items():
            texts[session_id] = session_lines(session)
        self.texts = texts

    @work
    async def _offer_resume(self) -> None:
        from observer_tui.screens.library import LibraryScreen

        unfinished = [s for s in self.sessions if s.status == "observing"]
        if not unfinished or not isinstance(self.screen, LibraryScreen):
            return
        session = unfinished[0]
        who = session.teacher or "an unnamed teacher"
        started = session.started_at.astimezone().strftime("%a %d %b %H:%M")
        question = (
            f"The observation of {who} started {started} was not ended "
            f"({session.notes} notes). Resume it?"
        )
        if await self.push_screen_wait(ConfirmScreen("Resume observation", question, "Resume")):
            self.post_message(ResumeRequested(session.id))

    @work(thread=True, exclusive=True, group="rubrics", exit_on_error=False)
    def reload_rubrics(self) -> None:
        """Read the rubric and profile files again (after an import or an edit)."""
        from observer_tui.core.profiles import load_profiles
        from observer_tui.core.rubrics import load_library

        library = load_library(self.data.rubrics)
        profiles = load_profiles(self.data.profiles, library.rubrics)
        self.call_from_thread(self._rubrics_loaded, library, profiles)

    def _rubrics_loaded(self, library: RubricLibrary, profiles: list[ProfileEntry]) -> None:
        self.library = library
        self.profiles = profiles

    def _report_save(self, result: SaveResult) -> None:
        """Runs on the writer thread: hand the result to the event loop."""
        self.call_from_thread(setattr, self, "save_result", result)

    def _new_observation(self, plan: ObservationPlan, at: datetime | None = None) -> Observation:
        """A new session for the plan, begun `at` (default: now)."""
        from observer_tui.core.observation import Observation
        from observer_tui.core.session import new_session

        session = new_session(
            teacher=plan.teacher,
            context=plan.context,
            coach=self.coach,
            rubric=plan.rubric,
            focus=plan.focus,
            planned_minutes=plan.minutes,
            at=at or self.clock.now(),
            profile=plan.profile,
            previous=plan.previous,
        )
        return Observation(session, plan.rubric, self.clock)

    @on(ObservationRequested)
    def _start_observation(self, message: ObservationRequested) -> None:
        self.push_screen(ObservationScreen(self._new_observation(message.plan)))

    @on(ResumeRequested)
    def _resume(self, message: ResumeRequested) -> None:
        live = self._live.get(message.session_id)
        if live is not None:
            self._open(live)
            return
        summary = next((s for s in self.sessions if s.id == message.session_id), None)
        if summary is not None:
            self._read_and_open(self.data.sessions / summary.file)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _read_and_open(self, path: Path) -> None:
        try:
            session = self.store.read(path)
        except (ValueError, OSError) as error:
            message = f"Cannot open {path}: {error}"
            self.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.call_from_thread(self._open, session)

    def _open(self, session: Session) -> None:
        """The screen where the session left off: observation, debrief or summary."""
        from observer_tui.core.debriefing import Debriefing
        from observer_tui.core.observation import Observation
        from observer_tui.screens.debrief import DebriefScreen
        from observer_tui.screens.summary import SummaryScreen

        library = self.rubric_library
        self._live[session.id] = session
        rubric = library.get(session.rubric.id)
        if session.debrief.status == "complete":
            self.push_screen(SummaryScreen(session))
            return
        change = library.change_since(session.rubric.id, session.rubric.version)
        if change:
            self.notify(change, title="Rubric", severity="warning", markup=False, timeout=8)
        if session.status == "observed":
            self.push_screen(DebriefScreen(Debriefing(session, self.clock), rubric))
            return
        if rubric is None:
            rubric = library.default()
            self.notify(f"New tags come from {rubric.name}.", severity="warning", markup=False)
        self.push_screen(ObservationScreen(Observation(session, rubric, self.clock)))

    @work(thread=True, exit_on_error=False)
    def delete_session(self, summary: SessionSummary) -> None:
        """Move a session's file to the trash folder and drop it from the list."""
        try:
            moved = move_to_trash(self.data.sessions / summary.file, self.data.trash)
        except OSError as error:
            message = f"Could not move {summary.file} to the trash: {error.strerror or error}"
            self.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.call_from_thread(self._deleted, summary.id, moved)

    def _deleted(self, session_id: str, moved: Path) -> None:
        self._live.pop(session_id, None)
        self._deleted_ids.add(session_id)
        self.sessions = [s for s in self.sessions if s.id != session_id]
        self.notify(f"Moved to the trash: {moved}", markup=False)

    @on(SessionChanged)
    def _save(self, message: SessionChanged) -> None:
        self.writer.submit(message.session, message.revision)
        self._live[message.session.id] = message.session
        if not self._stale:
            # Summaries follow a moment later: keystrokes never wait for them.
            self.set_timer(0.3, self._refresh_summaries)
        self._stale.add(message.session.id)

    def _refresh_summaries(self) -> None:
        from observer_tui.core.legacy_index import SessionSummary, replaced, session_lines

        fresh = [SessionSummary.of(self._live[id_], f"{id_}.json") for id_ in self._stale]
        if self.texts is not None:
            # A new dict, never the one a search thread may be reading.
            fresh_lines = {id_: session_lines(self._live[id_]) for id_ in self._stale}
            self.set_reactive(ObserverApp.texts, {**self.texts, **fresh_lines})
        self._stale.clear()
        self.sessions = replaced(self.sessions, fresh)

    @property
    def rubric_library(self) -> RubricLibrary:
        """`library` for the screens that open once it is read (all but the first)."""
        if self.library is None:
            raise RuntimeError("the rubric files have not been read yet")
        return self.library

    async def action_quit(self) -> None:
        """Quit, but ask first if that would lose notes: the last save failed, or notes were
        typed while `observe` still reads the rubric."""
        result = self.save_result
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
        else:
            self.exit()
            return
        self.push_screen(
            ConfirmScreen("Changes not saved", question, "Quit", "Keep"),
            lambda quit_anyway: self.exit() if quit_anyway else None,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands: tuple[Command, ...] = getattr(screen, "ACTIONS", ())
        for command in commands:
            if screen.check_action(command.action, ()):
                yield SystemCommand(
                    command.title,
                    f"{command.help} ({command.key_display})",
                    partial(screen.run_action, command.action),
                )

    async def on_unmount(self) -> None:
        self.writer.close(timeout=10)
