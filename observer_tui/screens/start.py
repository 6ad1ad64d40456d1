"""The start screen: set up a new drop-in."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static

from observer_tui.commands import FORM_TAB_KEYS, Command, action, bindings, screen_commands
from observer_tui.core.goals import active_goal
from observer_tui.core.index import SessionSummary
from observer_tui.core.profiles import Profile, ProfileEntry
from observer_tui.core.requests import (
    ObservationPlan,
    check_focus,
    check_minutes,
    previous_step,
    remembered_profile,
)
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import RubricLibrary
from observer_tui.core.session import Cadence, PreviousStep
from observer_tui.core.walks import WalkResult, load_walks, walk_results
from observer_tui.core.workspace import Change, RubricsChanged, SessionsChanged
from observer_tui.messages import ObservationRequested
from observer_tui.screens.base import HouseScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.rubrics import RubricsScreen
from observer_tui.widgets.fields import SafeInput
from observer_tui.widgets.last_step import active_goal_text, previous_step_text
from observer_tui.widgets.shown import one_line

CADENCES = [("every week", "weekly"), ("every fortnight", "fortnightly")]
"""How often the teacher is seen: the caseload's "due this week" counts from it."""


class StartScreen(HouseScreen[None]):
    """A short form; Enter in any field starts observing."""

    def __init__(self) -> None:
        super().__init__()
        self._profiles: dict[str, Profile] = {}
        self._previous: PreviousStep | None = None
        self._cadence_given = "weekly"
        """The cadence the form last put in its field: another there is the coach's choice,
        which the teacher's last cadence then leaves be."""
        """The last step agreed with the teacher typed, if any."""
        self._asked = 0
        """Counts look-ups of the teacher typed, so an older answer never replaces a newer."""
        self._walks: dict[str, list[WalkResult]] = {}
        """Each teacher's learning-walk results, read once the form opens."""

    def compose(self) -> ComposeResult:
        library = self.workspace.rubrics
        rubric = library.default()
        # Scrolls: with a school, a last step and its walk shown, the form is taller than 24.
        with VerticalScroll(id="start-form"):
            yield Static(Text("New drop-in", style="bold"), classes="screen-title")
            with Horizontal(classes="field"):
                yield Label("Teacher")
                yield SafeInput(placeholder="name", id="teacher", compact=True)
            yield Static(id="previous-step", classes="field-hint")
            yield Static(id="teacher-goal", classes="field-hint")
            with Horizontal(classes="field"):
                yield Label("Class")
                yield SafeInput(
                    placeholder="class, subject or lesson",
                    id="class-name",
                    compact=True,
                )
            with Horizontal(classes="field", id="school-field"):
                yield Label("School")
                yield Select[str]([], prompt="no school profile", id="profile", compact=True)
            with Horizontal(classes="field"):
                yield Label("Rubric")
                yield Select(
                    [(r.name, r.id) for r in library.rubrics.values()],
                    value=rubric.id,
                    allow_blank=False,
                    id="rubric",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Focus")
                yield SafeInput(
                    placeholder="one or two codes, e.g. CFU FB",
                    id="focus",
                    compact=True,
                )
            yield Static(id="focus-hint", classes="field-hint")
            with Horizontal(classes="field"):
                yield Label("Minutes")
                yield SafeInput(
                    placeholder=str(rubric.observation.duration_minutes),
                    id="minutes",
                    type="integer",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Seen")
                yield Select(
                    CADENCES, value="weekly", allow_blank=False, id="cadence", compact=True
                )
            # Last: the check-in is optional, and the fields before keep their Tab order.
            with Horizontal(classes="field"):
                yield Label("Asked")
                yield SafeInput(
                    placeholder="what the teacher asked you to look at (optional)",
                    id="asked",
                    compact=True,
                )
            yield Static(id="start-error", classes="error")
            yield Button("Start observing (Enter)", variant="primary", id="start", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show_rubric_hints()
        self._profiles_changed(self.workspace.profiles)
        self._suggest_teachers()
        self._read_walks()
        self.query_one("#teacher", Input).focus()

    def folder_changed(self, change: Change | None) -> None:
        if isinstance(change, RubricsChanged) or change is None:
            self._library_changed(self.workspace.rubrics)
            self._profiles_changed(self.workspace.profiles)
        if isinstance(change, SessionsChanged) or change is None:
            self._suggest_teachers()
            self._read_walks()
            if self.query_one("#teacher", Input).value:
                self._prepare()  # a session of this teacher may have arrived since

    def _library_changed(self, library: RubricLibrary) -> None:
        select = self.query_one("#rubric", Select)
        chosen = str(select.value)
        select.set_options([(Text(one_line(r.name)), r.id) for r in library.rubrics.values()])
        select.value = chosen if chosen in library.rubrics else library.default().id

    def _profiles_changed(self, entries: list[ProfileEntry]) -> None:
        profiles = [entry.profile for entry in entries if entry.profile is not None]
        self._profiles = {profile.id: profile for profile in profiles}
        select = self.query_one("#profile", Select)
        chosen = select.value
        select.set_options([(Text(one_line(profile.name)), profile.id) for profile in profiles])
        if chosen in self._profiles:
            select.value = chosen
        self.query_one("#school-field").display = bool(profiles)

    @property
    def _profile(self) -> Profile | None:
        value = self.query_one("#profile", Select).value
        return self._profiles.get(value) if isinstance(value, str) else None

    @on(Input.Changed, "#teacher")
    def _prepare(self) -> None:
        """Pick the school this teacher was last seen at and bring up their last step."""
        self._asked += 1
        self._look_up(self._asked, self.query_one("#teacher", Input).value)

    @work(thread=True, exit_on_error=False, group="teacher")
    def _look_up(self, asked: int, teacher: str) -> None:
        index = self.workspace.index
        sessions = index.teacher(teacher) if teacher.strip() else []
        cadence = index.cadence(teacher)
        self.app.call_from_thread(self._prepared, asked, teacher, sessions, cadence)

    def _prepared(
        self, asked: int, teacher: str, sessions: list[SessionSummary], cadence: str
    ) -> None:
        if asked != self._asked:
            return
        # The teacher's cadence as last set, unless the coach has chosen one for this visit.
        select = self.query_one("#cadence", Select)
        if select.value == self._cadence_given:
            select.value = self._cadence_given = cadence
        remembered = remembered_profile(sessions, teacher)
        if remembered in self._profiles:
            self.query_one("#profile", Select).value = remembered
        self._previous = previous_step(sessions, teacher)
        self._show_walk()
        story = active_goal(sessions, teacher)
        goal = self.query_one("#teacher-goal", Static)
        goal.update(active_goal_text(story))
        goal.display = story is not None
        focus = self.query_one("#focus", Input)
        element = self._previous.element if self._previous else None
        if element and not focus.value and self._rubric.find(element) is not None:
            focus.value = element

    @work(thread=True, exit_on_error=False, group="walks")
    def _read_walks(self) -> None:
        # Read once, not per key typed in the name: a team's folder may hold thousands.
        walks = walk_results(load_walks(self.workspace.data.walks)[0])
        self.app.call_from_thread(self._walks_read, walks)

    def _walks_read(self, walks: dict[str, list[WalkResult]]) -> None:
        self._walks = walks
        self._show_walk()

    def _show_walk(self) -> None:
        """The last step, and what the newest learning walk saw of it under it."""
        previous = self._previous
        teacher = self.query_one("#teacher", Input).value.strip().casefold()
        found = [
            r
            for r in self._walks.get(teacher, [])
            if previous is not None and r.session_id == previous.session_id
        ]
        text = previous_step_text(previous)
        if found:  # under the step, in the same hint: the form has no row to spare
            text.append("\n")
            text.append(one_line(found[0].line()), style="italic")
        shown = self.query_one("#previous-step", Static)
        shown.update(text)
        shown.display = previous is not None

    @on(Select.Changed, "#profile")
    def _use_profile(self) -> None:
        profile = self._profile
        if profile is not None and profile.rubric in self.workspace.rubrics.rubrics:
            self.query_one("#rubric", Select).value = profile.rubric
        self._show_rubric_hints()

    @work(thread=True, exit_on_error=False, group="teachers")
    def _suggest_teachers(self) -> None:
        teachers = self.workspace.index.teachers()
        self.app.call_from_thread(self._suggest, teachers)

    def _suggest(self, teachers: list[str]) -> None:
        self.query_one("#teacher", Input).suggester = SuggestFromList(
            teachers, case_sensitive=False
        )

    @property
    def _rubric(self) -> Rubric:
        rubric_id = self.query_one("#rubric", Select).value
        library = self.workspace.rubrics
        return library.get(str(rubric_id)) or library.default()

    @on(Select.Changed, "#rubric")
    def _show_rubric_hints(self) -> None:
        rubric = self._rubric
        codes = " ".join(element.code for _, element in rubric.all_elements())
        self.query_one("#focus-hint", Static).update(Text(f"Codes: {codes}", style="dim"))
        minutes = check_minutes(None, rubric, self._profile_for(rubric))
        self.query_one("#minutes", Input).placeholder = str(minutes)

    def _profile_for(self, rubric: Rubric) -> Profile | None:
        """The chosen school's profile, if it is for this rubric."""
        profile = self._profile
        return profile if profile is not None and profile.rubric == rubric.id else None

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Check the form and start observing, or say what to fix."""
        rubric = self._rubric
        error = self.query_one("#start-error", Static)
        profile = self._profile_for(rubric)
        focus_input = self.query_one("#focus", Input)
        minutes_input = self.query_one("#minutes", Input)
        try:
            focus = check_focus(rubric, focus_input.value.replace(",", " ").split())
        except ValueError as problem:
            error.update(Text(str(problem)))
            focus_input.focus()
            self.call_after_refresh(error.scroll_visible, animate=False)
            return
        try:
            minutes = check_minutes(minutes_input.value.strip(), rubric, profile)
        except ValueError as problem:
            error.update(Text(str(problem)))
            minutes_input.focus()
            self.call_after_refresh(error.scroll_visible, animate=False)
            return
        error.update("")
        plan = ObservationPlan(
            teacher=self.query_one("#teacher", Input).value.strip(),
            class_name=self.query_one("#class-name", Input).value.strip(),
            rubric=rubric,
            focus=focus,
            minutes=minutes,
            profile=profile,
            previous=self._previous,
            cadence=cast(Cadence, self.query_one("#cadence", Select).value),
            asked=" ".join(self.query_one("#asked", Input).value.split()),
        )
        self.post_message(ObservationRequested(plan))

    def action_rubrics(self) -> None:
        self.app.push_screen(RubricsScreen())

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                "Start",
                self.ACTIONS,
                [
                    ("Enter", "Start observing from any field"),
                    ("→", "Accept the suggested teacher"),
                ],
            )
        )

    ACTIONS = screen_commands(
        "start",
        Command("ctrl+s", action(action_start), "Start", "Start observing with these details"),
        Command(
            "ctrl+r,f6",
            action(action_rubrics),
            "Rubrics",
            "Rubrics and school profiles: browse, check, import",
        ),
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command("escape", action(action_back), "Back", "Back to the session list"),
    )
    BINDINGS = [*bindings(ACTIONS), *FORM_TAB_KEYS]
