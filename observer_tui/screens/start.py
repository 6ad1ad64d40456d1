"""The start screen: set up a new drop-in."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static

from observer_tui.commands import Command, bindings
from observer_tui.core.legacy_index import SessionSummary
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
from observer_tui.core.session import PreviousStep
from observer_tui.messages import ObservationRequested
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.rubrics import RubricsScreen

if TYPE_CHECKING:
    from observer_tui.app import ObserverApp


def previous_step_text(previous: PreviousStep | None) -> Text:
    """'Last step (12 Nov): ask three named pupils #CFU · follow-up Thu 19 Nov'."""
    if previous is None:
        return Text("")
    text = Text.assemble((f"Last step ({previous.at.astimezone():%d %b}): ", "bold"), previous.step)
    if previous.element:
        text.append(f" #{previous.element}", style="bold")
    if previous.goal:
        text.append(f" · {previous.goal}")
    if previous.follow_up:
        text.append(f" · follow-up {date.fromisoformat(previous.follow_up):%a %d %b}")
    return text


class StartScreen(Screen[None]):
    """A short form; Enter in any field starts observing."""

    ACTIONS = (
        Command("ctrl+s", "start", "Start", "Start observing with these details"),
        Command("f6", "rubrics", "Rubrics", "Rubrics and school profiles: browse, check, import"),
        Command("f1", "help", "Help", "Show every key"),
        Command("escape", "back", "Back", "Back to the session list"),
    )
    BINDINGS = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self._profiles: dict[str, Profile] = {}
        self._previous: PreviousStep | None = None
        """The last step agreed with the teacher typed, if any."""

    @property
    def observer(self) -> ObserverApp:
        return cast("ObserverApp", self.app)

    def compose(self) -> ComposeResult:
        library = self.observer.rubric_library
        rubric = library.default()
        with Vertical(id="start-form"):
            yield Static(Text("New drop-in", style="bold"), classes="screen-title")
            with Horizontal(classes="field"):
                yield Label("Teacher")
                yield Input(placeholder="name", id="teacher", compact=True)
            yield Static(id="previous-step", classes="field-hint")
            with Horizontal(classes="field"):
                yield Label("Class")
                yield Input(placeholder="class, subject or lesson", id="context", compact=True)
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
                yield Input(placeholder="one or two codes, e.g. CFU FB", id="focus", compact=True)
            yield Static(id="focus-hint", classes="field-hint")
            with Horizontal(classes="field"):
                yield Label("Minutes")
                yield Input(
                    placeholder=str(rubric.observation.duration_minutes),
                    id="minutes",
                    type="integer",
                    compact=True,
                )
            yield Static(id="start-error", classes="error")
            yield Button("Start observing (Enter)", variant="primary", id="start", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show_rubric_hints()
        self.watch(self.observer, "sessions", self._sessions_changed)
        self.watch(self.observer, "library", self._library_changed, init=False)
        self.watch(self.observer, "profiles", self._profiles_changed)
        self.query_one("#teacher", Input).focus()

    def _library_changed(self, library: RubricLibrary) -> None:
        select = self.query_one("#rubric", Select)
        chosen = str(select.value)
        select.set_options([(r.name, r.id) for r in library.rubrics.values()])
        select.value = chosen if chosen in library.rubrics else library.default().id

    def _profiles_changed(self, entries: list[ProfileEntry]) -> None:
        profiles = [entry.profile for entry in entries if entry.profile is not None]
        self._profiles = {profile.id: profile for profile in profiles}
        select = self.query_one("#profile", Select)
        chosen = select.value
        select.set_options([(profile.name, profile.id) for profile in profiles])
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
        teacher = self.query_one("#teacher", Input).value
        remembered = remembered_profile(self.observer.sessions, teacher)
        if remembered in self._profiles:
            self.query_one("#profile", Select).value = remembered
        self._previous = previous_step(self.observer.sessions, teacher)
        shown = self.query_one("#previous-step", Static)
        shown.update(previous_step_text(self._previous))
        shown.display = self._previous is not None
        focus = self.query_one("#focus", Input)
        element = self._previous.element if self._previous else None
        if element and not focus.value and self._rubric.find(element) is not None:
            focus.value = element

    @on(Select.Changed, "#profile")
    def _use_profile(self) -> None:
        profile = self._profile
        if profile is not None and profile.rubric in self.observer.rubric_library.rubrics:
            self.query_one("#rubric", Select).value = profile.rubric
        self._show_rubric_hints()

    def _sessions_changed(self, sessions: list[SessionSummary]) -> None:
        teachers = sorted({s.teacher for s in sessions if s.teacher}, key=str.casefold)
        self.query_one("#teacher", Input).suggester = SuggestFromList(
            teachers, case_sensitive=False
        )
        if self.query_one("#teacher", Input).value:
            self._prepare()  # the whole list may have arrived since the name was typed

    @property
    def _rubric(self) -> Rubric:
        rubric_id = self.query_one("#rubric", Select).value
        return (
            self.observer.rubric_library.get(str(rubric_id))
            or self.observer.rubric_library.default()
        )

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
        try:
            focus = check_focus(
                rubric, self.query_one("#focus", Input).value.replace(",", " ").split()
            )
            profile = self._profile_for(rubric)
            minutes = check_minutes(
                self.query_one("#minutes", Input).value.strip(), rubric, profile
            )
        except ValueError as problem:
            error.update(Text(str(problem)))
            field = "#focus" if str(problem).startswith("focus") else "#minutes"
            self.query_one(field, Input).focus()
            return
        error.update("")
        plan = ObservationPlan(
            teacher=self.query_one("#teacher", Input).value.strip(),
            context=self.query_one("#context", Input).value.strip(),
            rubric=rubric,
            focus=focus,
            minutes=minutes,
            profile=profile,
            previous=self._previous,
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
