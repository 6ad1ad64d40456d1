"""The debrief: describe, evaluate, analyse, next step, with the notes at hand as evidence."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.select import InvalidSelectValueError

from observer_tui.commands import Command, action, bindings, key_of, screen_commands
from observer_tui.core.debrief import (
    DEFAULT_PROMPTS,
    RatingKey,
    Stage,
    citation_marker,
    without_lead_word,
)
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.kinds import NoteKind
from observer_tui.core.rubric import QUICK_TAGS, RatingScale, Rubric
from observer_tui.core.session import Note, Session
from observer_tui.core.storage import SaveResult
from observer_tui.core.summary import snapshot_lines
from observer_tui.core.timer import clock_text
from observer_tui.core.workspace import Change, SessionsChanged

if TYPE_CHECKING:
    from observer_tui.core.steps import StepChoice
from observer_tui.messages import GoHome, ShowSession
from observer_tui.screens.base import HouseScreen
from observer_tui.screens.confirm import ConfirmScreen
from observer_tui.screens.details import DetailsScreen
from observer_tui.screens.goal_state import GoalStateScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.notes import correct_notes
from observer_tui.screens.step_picker import StepPickerScreen
from observer_tui.widgets.fields import SafeInput, SafeTextArea
from observer_tui.widgets.notes_log import KIND_STYLES
from observer_tui.widgets.save_state import SaveState
from observer_tui.widgets.shown import one_line, shown

STAGES = list(Stage)
STAGE_FILTER = {
    Stage.DESCRIBE: None,
    Stage.EVALUATE: None,
    Stage.ANALYSE: NoteKind.SURPRISE,
    Stage.NEXT_STEP: NoteKind.STRENGTH,
}


def evidence_line(note: Note) -> Text:
    """A note in the evidence list: time, kind symbol, coach-only or not, tags, text."""
    symbol, style = KIND_STYLES[note.kind]
    line = Text.assemble((clock_text(note.offset), "bold"), " ", (symbol, style), " ")
    if note.private:
        line.append("coach-only ", style="bold yellow")
    if note.tags:
        line.append(" ".join(f"#{t}" for t in note.tags) + " ", style="bold blue")
    line.append(note.text)
    return shown(line)


class DebriefScreen(HouseScreen[None]):
    """Four stages, free to move between; every answer is saved as it is typed."""

    def __init__(self, debriefing: Debriefing, rubric: Rubric | None) -> None:
        super().__init__()
        self.debriefing = debriefing
        self.rubric = rubric
        self.stage = Stage.DESCRIBE
        self.filter: NoteKind | str | None = None
        self._rating_ids: dict[str, RatingKey] = {}
        """Select ids (rubric codes need not be valid ids) to what each one rates."""

    def _is_quick_tag(self, code: str) -> bool:
        """Quick tags (e.g. T for transitions) are not the framework's elements: nothing
        rates them and no step serves them."""
        if self.rubric is not None:
            return self.rubric.is_quick_tag(code)
        copy = self.debriefing.session.elements.get(code)
        return copy is not None and copy.area == QUICK_TAGS

    def _noted_elements(self) -> list[str]:
        """The session's elements (its focus, then what was tagged), quick tags left out."""
        return [c for c in self.debriefing.session.elements if not self._is_quick_tag(c)]

    def _step_elements(self) -> list[tuple[str, str]]:
        """(code, name) of what a step may serve: the noted elements first, then the rest
        of the rubric's."""
        elements = self.debriefing.session.elements
        choices = [(code, elements[code].name) for code in self._noted_elements()]
        if self.rubric is not None:
            noted = {code for code, _ in choices}
            choices += [
                (e.code, e.name)
                for domain in self.rubric.domains
                for e in domain.elements
                if e.code not in noted
            ]
        current = self.debriefing.debrief.step.element
        if current and current not in {code for code, _ in choices}:
            name = elements[current].name if current in elements else ""
            choices.insert(0, (current, name))  # kept from before, whatever it is
        return choices

    def _rating_targets(self) -> list[tuple[RatingKey, str, RatingScale]]:
        """What can be rated: each element on element scales, each look-for on behaviour ones."""
        if self.rubric is None:
            return []
        targets: list[tuple[RatingKey, str, RatingScale]] = []
        for scale in self.rubric.scales:
            for code in self._noted_elements():
                copy = self.debriefing.session.elements[code]
                element = self.rubric.find(code)
                if scale.applies_to == "element":
                    targets.append((RatingKey(code, scale.id), f"{code} {copy.name}", scale))
                elif element is not None:
                    for number, look_for in enumerate(element.look_fors, start=1):
                        key = RatingKey(code, scale.id, number)
                        targets.append((key, f"{code}·{number} {look_for}", scale))
        return targets

    def _prompts(self, stage: Stage) -> Text:
        custom = self.debriefing.session.debrief_prompts or (
            self.rubric.debrief_prompts if self.rubric else None
        )
        questions = (getattr(custom, stage.value) if custom else None) or DEFAULT_PROMPTS[stage]
        return Text("\n".join(f"• {one_line(q)}" for q in questions), style="italic")

    def _heading(self) -> Text:
        teacher = one_line(self.debriefing.session.teacher) or "(no teacher)"
        return shown(Text(f"Debrief · {teacher}", style="bold"))

    def compose(self) -> ComposeResult:
        session = self.debriefing.session
        with Horizontal(id="obs-top"):
            yield Static(self._heading(), id="who")
            yield SaveState(session.id, id="save-state")
        yield Static(id="stages")
        with Horizontal(id="debrief-main"):
            yield from self._stage_forms()
            with Vertical(id="evidence"):
                yield Static(id="evidence-title")
                yield OptionList(id="evidence-list")
        yield Static(id="status")
        yield Footer()

    def _stage_forms(self) -> ComposeResult:
        debrief = self.debriefing.debrief
        with ContentSwitcher(initial="stage-describe", id="stage-switcher"):
            for stage in (Stage.DESCRIBE, Stage.EVALUATE, Stage.ANALYSE):
                with VerticalScroll(id=f"stage-{stage.value}"):
                    previous = self.debriefing.session.previous
                    if stage is Stage.DESCRIBE and self.debriefing.session.asked:
                        yield Static(self._asked(), id="asked")
                    if stage is Stage.DESCRIBE and previous is not None:
                        yield Static(
                            Text.assemble(
                                ("Last time's step: ", "bold"),
                                previous.step,
                                " · how did it go?",
                            )
                        )
                        yield SafeTextArea(
                            debrief.step_review, id="step-review", classes="answer short"
                        )
                    yield Static(self._prompts(stage), classes="prompts")
                    if stage is Stage.DESCRIBE and self.debriefing.session.snapshots:
                        yield Static(self._snapshots(), id="snapshots")
                    yield SafeTextArea(
                        debrief.answer(stage).text, id=f"answer-{stage.value}", classes="answer"
                    )
                    if stage is Stage.EVALUATE:
                        yield from self._rating_rows()
                    yield from self._remark(stage)  # last: Tab from the answer goes on as before
            with VerticalScroll(id="stage-next_step"):
                yield Static(self._prompts(Stage.NEXT_STEP), classes="prompts")
                yield from self._teacher_goal()
                yield Label("Praise")
                yield SafeTextArea(
                    debrief.answer(Stage.NEXT_STEP).text,
                    id="answer-next_step",
                    classes="answer short",
                )
                yield Label(id="step-label")
                yield SafeInput(
                    debrief.step.text,
                    placeholder="e.g. ask three named pupils",
                    id="step-text",
                    compact=True,
                )
                yield Select(
                    [(Text(one_line(f"{c} {name}")), c) for c, name in self._step_elements()],
                    value=debrief.step.element or Select.NULL,
                    prompt="Element it serves",
                    id="step-element",
                    compact=True,
                )
                yield Label("Model: what it looks like done well")
                yield SafeTextArea(debrief.step.model, id="step-model", classes="answer short")
                yield Label("Rehearse it: the scenario")
                yield SafeTextArea(
                    debrief.step.scenario, id="step-scenario", classes="answer short"
                )
                yield Label("Rehearsal: tried, feedback (Enter logs it)")
                yield Static(id="rounds")
                with Horizontal(classes="round"):
                    yield SafeInput(placeholder="tried", id="round-tried", compact=True)
                    yield SafeInput(
                        placeholder="feedback",
                        id="round-feedback",
                        compact=True,
                    )
                # The words "When" and "How" stand outside the fields, so what the coach
                # types reads on from them (core/debrief.py strips them if typed anyway).
                yield Label("Plan: when / how")
                with Horizontal(classes="goal"):
                    yield Label("When")
                    yield SafeInput(
                        debrief.goal.when,
                        placeholder="e.g. I finish explaining",
                        id="goal-when",
                        compact=True,
                    )
                with Horizontal(classes="goal"):
                    yield Label("How")
                    yield SafeInput(
                        debrief.goal.how,
                        placeholder="e.g. I ask three named pupils",
                        id="goal-how",
                        compact=True,
                    )
                yield Label("Follow-up drop-in (YYYY-MM-DD)")
                follow_up = debrief.follow_up.isoformat() if debrief.follow_up else ""
                yield SafeInput(
                    follow_up,
                    placeholder="YYYY-MM-DD",
                    id="follow-up",
                    compact=True,
                )
                yield from self._remark(Stage.NEXT_STEP)

    def _teacher_goal(self) -> ComposeResult:
        """The teacher's goal over weeks, which the step builds toward: above the step, and
        named apart from the step's own when/how plan."""
        goal = self.debriefing.debrief.teacher_goal
        yield Label(id="goal-label")
        with Horizontal(classes="goal"):
            yield Label("Goal")
            yield SafeInput(
                goal.title if goal else "",
                placeholder="e.g. every pupil thinks hard in my explanations",
                id="goal-title",
                compact=True,
            )
        with Horizontal(classes="goal"):
            yield Label("Codes")
            yield SafeInput(
                " ".join(goal.elements) if goal else "",
                placeholder="the element(s) it is about, e.g. CFU",
                id="goal-elements",
                compact=True,
            )

    def _goal_label(self) -> Text:
        """'Goal (over weeks)', and under it where it came from and stands, and its key."""
        debrief, session = self.debriefing.debrief, self.debriefing.session
        goal = debrief.teacher_goal
        label = Text("Goal (over weeks): the steps build to it\n")
        key = key_of(self, "debrief.goal", True)
        if goal is None:
            closed = debrief.closed_goals[-1] if debrief.closed_goals else None
            said = f"{closed.state}: {one_line(closed.title)} · " if closed else ""
            label.append(f"{said}none yet: type one · {key} more", "dim")
            return shown(label)
        if goal.set_in == session.id:
            where = "new today"
        else:
            since = f" from {goal.set_at.astimezone():%d %b}" if goal.set_at else ""
            where = f"carried{since}"
        state = "" if goal.state == "active" else f" · {goal.state}"
        label.append(f"{where}{state} · {key} achieved/dropped", "dim")
        return shown(label)

    def _goal_codes(self, value: str) -> tuple[tuple[str, ...], list[str]]:
        """The codes typed for the goal, as the rubric spells them, and those it lacks
        (kept as typed: the goal may be of another framework's element)."""
        codes: list[str] = []
        unknown: list[str] = []
        for typed in value.replace(",", " ").split():
            typed = typed.lstrip("#")
            element = self.rubric.find(typed) if self.rubric is not None else None
            code = element.code if element is not None else typed
            if element is None and self.rubric is not None:
                unknown.append(typed)
            if code and code not in codes:
                codes.append(code)
        return tuple(codes), unknown

    @work(exclusive=True, group="goal")
    async def action_goal(self) -> None:
        """Mark the teacher's goal achieved or dropped (then type the next), or take back
        a goal closed by mistake."""
        debrief = self.debriefing.debrief
        current = debrief.teacher_goal
        closed = debrief.closed_goals[-1] if debrief.closed_goals else None
        if current is None and closed is None:
            self._status("No goal yet: type the teacher's goal under Goal (over weeks).")
            self.query_one("#goal-title", Input).focus()
            return
        focused = self.focused
        choice = await self.app.push_screen_wait(
            GoalStateScreen(
                (current.title or "(untitled goal)") if current else None,
                closed.title if closed and current is None else None,
            )
        )
        if focused is not None:
            focused.focus()
        if choice in ("achieved", "dropped"):
            goal = self.debriefing.close_goal(choice)
            title = one_line(goal.title) if goal else ""
            said = f"Marked “{title}” {choice}. Type the next goal, or leave it empty."
        elif choice == "reopen":
            goal = self.debriefing.reopen_goal()
            said = f"Working on “{one_line(goal.title) if goal else ''}” again."
        else:
            return
        self._show_goal(force=True)
        self.query_one("#goal-title", Input).focus()
        self._status(said)
        self._changed()

    def _show_goal(self, force: bool = False) -> None:
        """The goal's fields as the debrief holds them (the focused one too, if `force`)."""
        goal = self.debriefing.debrief.teacher_goal
        values = {
            "goal-title": goal.title if goal else "",
            "goal-elements": " ".join(goal.elements) if goal else "",
        }
        for field_id, value in values.items():
            field = self.query_one(f"#{field_id}", Input)
            typed = self._goal_codes(field.value)[0] if field_id == "goal-elements" else None
            same = typed == (goal.elements if goal else ()) if typed is not None else False
            if field.value != value and not same and (force or field is not self.focused):
                field.value = value
        self.query_one("#goal-label", Label).update(self._goal_label())

    def _remark(self, stage: Stage) -> ComposeResult:
        """A coach-only remark under each stage's answer: one private thought need not
        hide the whole answer from the teacher (F9 still does that, for the rare case)."""
        yield Label("Coach-only (not in the teacher's copy)", classes="remark-label")
        yield SafeTextArea(
            self.debriefing.debrief.answer(stage).coach_remark,
            id=f"remark-{stage.value}",
            classes="answer remark",
        )

    def _asked(self) -> Text:
        """The check-in: what the teacher asked the coach to look at, to describe first."""
        asked = one_line(self.debriefing.session.asked)
        return Text.assemble(("Check-in: you asked me to look at ", "bold"), asked)

    def _snapshots(self) -> Text:
        """The snapshots taken, which the Describe questions may ask about."""
        return shown(Text("\n".join(snapshot_lines(self.debriefing.session)), style="dim"))

    def _rating_rows(self) -> ComposeResult:
        ratings = {r.key: r.value for r in self.debriefing.debrief.ratings}
        shown_scale = None
        for number, (key, label, scale) in enumerate(self._rating_targets()):
            if scale is not shown_scale:
                shown_scale = scale
                yield Label(Text(one_line(f"{scale.name} (optional)")))
            self._rating_ids[f"rate-{number}"] = key
            with Horizontal(classes="rating"):
                yield Label(Text(one_line(label)), classes="rating-label")
                yield Select(
                    [
                        (Text(one_line(f"{lvl.value} {lvl.label}".strip())), lvl.value)
                        for lvl in scale.levels
                    ],
                    value=ratings.get(key, Select.NULL),
                    prompt="not rated",
                    id=f"rate-{number}",
                    compact=True,
                )

    def on_mount(self) -> None:
        self._show_stage()
        self._show_rounds()
        self.query_one("#step-label", Label).update(self._step_label())
        self.query_one("#goal-label", Label).update(self._goal_label())

    # Stages and evidence

    def _show_stage(self) -> None:
        self.query_one(ContentSwitcher).current = f"stage-{self.stage.value}"
        self._status("")  # what was said about the last stage is not about this one
        self._show_progress()
        self.filter = STAGE_FILTER[self.stage]
        if self.filter and not any(n.kind is self.filter for n in self.debriefing.session.notes):
            self.filter = None
        self._show_evidence()
        review = self.query("#step-review").results(TextArea)
        first = next(review, None) if self.stage is Stage.DESCRIBE else None
        (first or self.query(f"#answer-{self.stage.value}").first()).focus()

    def _show_progress(self) -> None:
        """The stage bar: answered stages ticked, the current one highlighted."""
        debrief = self.debriefing.debrief
        bar = Text(" ")
        for number, stage in enumerate(STAGES, start=1):
            done = bool(debrief.answer(stage).text)
            label = f" {number} {stage.heading}{' ✓' if done else ''} "
            bar.append(label, style="bold reverse" if stage is self.stage else "")
            if stage is not STAGES[-1]:
                bar.append(" › ", style="dim")
        if debrief.answer(self.stage).private:
            bar.append("  coach-only", style="bold yellow")
        self.query_one("#stages", Static).update(bar)

    def _show_evidence(self) -> None:
        notes = self.debriefing.session.notes
        if isinstance(self.filter, NoteKind):
            listed = [n for n in notes if n.kind is self.filter]
            title = f"Evidence: {self.filter.label} ({len(listed)})"
        elif isinstance(self.filter, str):
            listed = [n for n in notes if self.filter in n.tags]
            title = f"Evidence: #{self.filter} ({len(listed)})"
        else:
            listed = list(notes)
            title = f"Evidence: all notes ({len(listed)})"
        self.query_one("#evidence-title", Static).update(
            Text(f"{title} · {key_of(self, 'debrief.filter', True)}", style="bold")
        )
        evidence = self.query_one("#evidence-list", OptionList)
        evidence.clear_options()
        evidence.add_options(Option(evidence_line(n), id=n.id) for n in listed)
        if listed:
            evidence.highlighted = 0

    def action_stage(self, step: int) -> None:
        index = STAGES.index(self.stage) + step
        self.stage = STAGES[max(0, min(index, len(STAGES) - 1))]
        self._show_stage()
        self.refresh_bindings()  # the step bank's keys are the Next step stage's

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pick_step", "save_step", "goal"):
            return self.stage is Stage.NEXT_STEP
        return True

    # The action-step bank (screens/step_picker.py, core/steps.py)

    def _step_label(self) -> Text:
        """'Action step (one, bite-sized)', and under it the bank step it was picked from,
        or the keys of the bank (the footer has no room for them)."""
        label = Text("Action step (one, bite-sized)\n")
        used = self.debriefing.debrief.step.bank_step
        if used is not None:
            version = f" v{used.version}" if used.version else ""
            label.append(one_line(f"from the bank: {used.bank}/{used.id}{version}"), "dim")
        else:
            pick, save = (key_of(self, f"debrief.{name}", True) for name in ("steps", "save_step"))
            label.append(f"{pick}: from the bank · {save}: save to mine", "dim")
        return label

    def _step_codes(self) -> list[str]:
        """The elements the picker offers steps for: the teacher's goal's, then the one
        the step serves; else the session's focus."""
        debrief = self.debriefing.debrief
        goal = debrief.teacher_goal
        codes = [c for c in (goal.elements if goal else ()) if not self._is_quick_tag(c)]
        element = debrief.step.element
        if element and element not in codes:
            codes.append(element)
        return codes or [c for c in self.debriefing.session.focus if not self._is_quick_tag(c)]

    def _step_offer(self, codes: list[str]) -> tuple[list[StepChoice], list[StepChoice]]:
        """What the picker offers: the steps for `codes`, and every step of the rubric,
        each marked if this teacher worked on it (blocking: off the event loop)."""
        from observer_tui.core.steps import choices, load_steps, worked_on

        session = self.debriefing.session
        library = load_steps(self.workspace.data.steps, self.workspace.rubrics.rubrics)
        uses = []
        for summary in self.workspace.index.teacher(session.teacher):
            if summary.id == session.id:
                continue
            try:
                uses.append(self.workspace.read_file(summary.id).debrief.step.bank_step)
            except (OSError, ValueError):
                continue  # its problem is reported where sessions are listed
        worked = worked_on(uses)
        rubric = session.rubric.id
        return choices(library, rubric, codes, worked), choices(library, rubric, [], worked)

    @work(exclusive=True, group="steps")
    async def action_pick_step(self) -> None:
        """The bank's steps for the element; the one picked fills the step, its model and
        its rehearsal scenario, all still the coach's to change."""
        focused = self.focused
        codes = self._step_codes()
        offered, everything = await asyncio.to_thread(self._step_offer, codes)
        title = " ".join(codes) or "every element"
        choice = await self.app.push_screen_wait(StepPickerScreen(title, offered, everything))
        if focused is not None:
            focused.focus()
        if choice is None:
            return
        bank, step = choice.item.bank, choice.item.step
        current = self.debriefing.debrief.step.element
        element = current if current in step.elements else step.elements[0]
        self.debriefing.pick_step(
            text=step.title,
            model=step.model,
            scenario=step.rehearsal,
            element=element,
            bank_step=bank.use(step),
            rubric=self.rubric,
        )
        self._show_step()
        cues = f" Cues: {' · '.join(step.cues)}" if step.cues else ""
        self._status(one_line(f"Picked {bank.id}/{step.id}; change any of it to fit.{cues}"))
        self._changed()

    def _show_step(self) -> None:
        """The step's fields as the debrief holds them, focused or not (a pick is the
        coach's own latest change)."""
        step = self.debriefing.debrief.step
        self.query_one("#step-text", Input).value = step.text
        for area_id, text in (("#step-model", step.model), ("#step-scenario", step.scenario)):
            area = self.query_one(area_id, TextArea)
            if area.text != text:
                area.text = text
        with contextlib.suppress(InvalidSelectValueError):
            self.query_one("#step-element", Select).value = step.element or Select.NULL
        self.query_one("#step-label", Label).update(self._step_label())

    @work(exclusive=True, group="steps")
    async def action_save_step(self) -> None:
        """Save the step as written to the coach's own bank (steps/<coach>-<rubric>.json),
        and tie this session's step to it."""
        from observer_tui.core.csv_import import WriteFailed
        from observer_tui.core.rubrics import InvalidFile
        from observer_tui.core.steps import save_own_step

        session, step = self.debriefing.session, self.debriefing.debrief.step
        if not step.text.strip() or not step.element:
            self._status(
                "Write the step and choose the element it serves, then save it.", "warning"
            )
            return
        try:
            saved = await asyncio.to_thread(
                save_own_step,
                self.workspace.data.steps,
                self.workspace.rubrics.rubrics,
                coach=session.coach,
                rubric=session.rubric.id,
                title=step.text,
                element=step.element,
                model=step.model,
                rehearsal=step.scenario,
            )
        except InvalidFile as error:
            self._status(one_line(f"Not saved to your bank: {error}"), "error")
            return
        except (WriteFailed, OSError) as error:
            self._status(one_line(f"Not saved to your bank: {error.strerror or error}"), "error")
            return
        self.debriefing.pick_step(
            text=step.text,
            model=step.model,
            scenario=step.scenario,
            element=step.element,
            bank_step=saved.bank.use(saved.step),
            rubric=self.rubric,
        )
        self.query_one("#step-label", Label).update(self._step_label())
        verb = "Updated in" if saved.replaced else "Saved to"
        self._status(one_line(f"{verb} your bank {saved.bank.id} (version {saved.bank.version})."))
        self._changed()

    def action_filter(self) -> None:
        tags = sorted({tag for n in self.debriefing.session.notes for tag in n.tags})
        choices: list[NoteKind | str | None] = [None, *list(NoteKind)[1:], *tags]
        self.filter = choices[(choices.index(self.filter) + 1) % len(choices)]
        self._show_evidence()

    @on(OptionList.OptionSelected, "#evidence-list")
    def action_cite(self) -> None:
        option = self.query_one("#evidence-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        note = next(n for n in self.debriefing.session.notes if n.id == option.id)
        focused = (self.focused.id or "") if self.focused else ""
        if focused in self._rating_ids:
            key = self._rating_ids[focused]
            if self.debriefing.cite_rating(key, note):
                when = clock_text(note.offset)
                self._status(f"Cited the note at {when} for the {key.label} rating.")
                self._changed()
            else:
                self._status(f"Rate {key.label} first, then cite; a note is cited once.", "warning")
            return
        if self.debriefing.cite(self.stage, note):
            answer = self.query_one(f"#answer-{self.stage.value}", TextArea)
            spacer = " " if answer.text and not answer.text.endswith((" ", "\n")) else ""
            answer.insert(f"{spacer}{citation_marker(note.offset)} ", answer.document.end)
            self._status(f"Cited the note at {clock_text(note.offset)} in {self.stage.heading}.")
            self._changed()
        else:
            self._status(f"The note at {clock_text(note.offset)} is already cited here.")

    def action_private(self) -> None:
        private = not self.debriefing.debrief.answer(self.stage).private
        self.debriefing.set_private(self.stage, private)
        self._status(
            f"{self.stage.heading} is coach-only: left out of the teacher's copy."
            if private
            else f"{self.stage.heading} is shared with the teacher."
        )
        self._show_progress()
        self._changed()

    # Correcting what the drop-in recorded

    @work(exclusive=True, group="notes")
    async def action_notes(self) -> None:
        """The lesson's notes, to edit or make coach-only; the evidence follows at once."""
        focused = self.focused
        rubric = self.rubric or self.workspace.rubrics.default()
        await correct_notes(self.app, self.debriefing, rubric, self._note_changed)
        if focused is not None:
            focused.focus()

    def _note_changed(self, note: Note, said: str) -> None:
        evidence = self.query_one("#evidence-list", OptionList)
        highlighted = evidence.highlighted
        self._show_evidence()
        if highlighted is not None and highlighted < evidence.option_count:
            evidence.highlighted = highlighted
        self._status(said)
        self._changed()

    @work(exclusive=True, group="details")
    async def action_details(self) -> None:
        session = self.debriefing.session
        focused = self.focused
        details = await self.app.push_screen_wait(
            DetailsScreen(session.teacher, session.class_name)
        )
        if focused is not None:
            focused.focus()
        if details is None or not self.debriefing.set_details(*details):
            return
        self.query_one("#who", Static).update(self._heading())
        session = self.debriefing.session
        who = " · ".join(p for p in (session.teacher or "(no teacher)", session.class_name) if p)
        self._status(f"Now debriefing {one_line(who)}.")
        self._changed()

    # Saving as typed

    @on(TextArea.Changed, ".answer")
    def _answer_changed(self, event: TextArea.Changed) -> None:
        widget_id = event.text_area.id or ""
        text = event.text_area.text
        debrief = self.debriefing.debrief
        if widget_id == "step-model":
            if text != debrief.step.model:
                self.debriefing.set_step(model=text)
                self._changed()
            return
        if widget_id == "step-scenario":
            if text != debrief.step.scenario:
                self.debriefing.set_step(scenario=text)
                self._changed()
            return
        if widget_id == "step-review":
            if text != debrief.step_review:
                self.debriefing.review_step(text)
                self._changed()
            return
        if widget_id.startswith("remark-"):
            stage = Stage(widget_id.removeprefix("remark-"))
            if text != debrief.answer(stage).coach_remark:
                self.debriefing.set_remark(stage, text)
                self._changed()
            return
        stage = Stage(widget_id.removeprefix("answer-"))
        if text != debrief.answer(stage).text:
            self.debriefing.set_answer(stage, text)
            self._show_progress()
            self._changed()

    @on(Input.Changed, "#goal-title, #goal-elements")
    def _goal_changed(self, event: Input.Changed) -> None:
        goal = self.debriefing.debrief.teacher_goal
        if event.input.id == "goal-title":
            if event.value == (goal.title if goal else ""):
                return
            self.debriefing.set_teacher_goal(title=event.value)
        else:
            codes, unknown = self._goal_codes(event.value)
            if unknown and self.rubric is not None:
                missing = ", ".join(unknown)
                self._status(
                    one_line(f"Goal: no element {missing} in {self.rubric.name}; kept as typed."),
                    "warning",
                )
            if codes == (goal.elements if goal else ()):
                return
            self.debriefing.set_teacher_goal(elements=codes)
        self.query_one("#goal-label", Label).update(self._goal_label())
        self._changed()

    @on(Input.Changed, "#step-text, #goal-when, #goal-how, #follow-up")
    def _field_changed(self, event: Input.Changed) -> None:
        debrief = self.debriefing.debrief
        value = event.value
        match event.input.id:
            case "step-text" if value != debrief.step.text:
                self.debriefing.set_step(text=value)
                self.query_one("#step-label", Label).update(self._step_label())
            case "goal-when" if without_lead_word("when", value) != debrief.goal.when:
                self.debriefing.set_goal(when=value)
            case "goal-how" if without_lead_word("how", value) != debrief.goal.how:
                self.debriefing.set_goal(how=value)
            case "follow-up":
                try:
                    day = date.fromisoformat(value) if value.strip() else None
                except ValueError:
                    self._status(
                        "Follow-up: write the date as YYYY-MM-DD, e.g. 2026-12-01.", "warning"
                    )
                    return
                if day == debrief.follow_up:
                    return
                self.debriefing.set_follow_up(day)
            case _:
                return
        self._changed()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        value = "" if event.value is Select.NULL else str(event.value)
        select_id = event.select.id or ""
        if select_id == "step-element":
            if (value or None) != self.debriefing.debrief.step.element:
                self.debriefing.set_step_element(value or None, self.rubric)
                self._changed()
        elif select_id in self._rating_ids:
            key = self._rating_ids[select_id]
            current = {r.key: r.value for r in self.debriefing.debrief.ratings}
            if current.get(key, "") != value:
                self.debriefing.rate(key, value)
                self._changed()

    @on(Input.Submitted, "#round-feedback")
    def _log_round(self) -> None:
        tried = self.query_one("#round-tried", Input)
        feedback = self.query_one("#round-feedback", Input)
        if not tried.value.strip() and not feedback.value.strip():
            return
        self.debriefing.add_round(tried.value.strip(), feedback.value.strip())
        tried.value = feedback.value = ""
        tried.focus()
        self._show_rounds()
        self._changed()

    def _show_rounds(self) -> None:
        rounds = self.debriefing.debrief.rehearsal
        lines = [f"{i}. {r.tried} → {r.feedback}" for i, r in enumerate(rounds, start=1)]
        self.query_one("#rounds", Static).update(
            Text("\n".join(lines) or "No rounds yet.", style="dim" if not lines else "")
        )

    def _changed(self) -> None:
        self.post_message(
            self.query_one(SaveState).changed(self.debriefing.session, self.debriefing.revision)
        )

    def _status(self, text: str, kind: str = "") -> None:
        status = self.query_one("#status", Static)
        status.set_classes(kind)
        status.update(Text(text))

    def saved(self, result: SaveResult) -> None:
        self.query_one(SaveState).report(result)
        written = result.written
        if written is not None and written.notice and not written.in_trash:
            self.adopt(written.session)  # another laptop's work, merged into the file

    # Another laptop's work

    def folder_changed(self, change: Change | None) -> None:
        session_id = self.debriefing.session.id
        if (
            isinstance(change, SessionsChanged)
            and change.elsewhere
            and session_id in change.changed
        ):
            self.take_in(session_id)

    def adopt(self, session: Session) -> None:
        merged = self.debriefing.adopt(session)
        if merged is None:
            return
        self._show_values()
        self.notify(merged.describe(), title="Shared folder", timeout=8, markup=False)

    def _show_values(self) -> None:
        """Every field as the debrief now holds it, but the one being typed in (what the
        coach types there is the later change, and wins the merge)."""
        debrief = self.debriefing.debrief
        texts = {
            "step-review": debrief.step_review,
            "step-model": debrief.step.model,
            "step-scenario": debrief.step.scenario,
            **{f"answer-{stage.value}": debrief.answer(stage).text for stage in Stage},
            **{f"remark-{stage.value}": debrief.answer(stage).coach_remark for stage in Stage},
        }
        for area in self.query(TextArea).results():
            text = texts.get(area.id or "")
            if text is not None and area.text != text and area is not self.focused:
                area.text = text
                area.move_cursor(area.document.end)  # typing there goes on after it
        follow_up = debrief.follow_up.isoformat() if debrief.follow_up else ""
        fields = {
            "step-text": debrief.step.text,
            "goal-when": debrief.goal.when,
            "goal-how": debrief.goal.how,
            "follow-up": follow_up,
        }
        for field in self.query(Input).results():
            value = fields.get(field.id or "")
            if value is not None and field.value != value and field is not self.focused:
                field.value = value
        rated = {rating.key: rating.value for rating in debrief.ratings}
        choices = {
            "step-element": debrief.step.element,
            **{select_id: rated.get(key) for select_id, key in self._rating_ids.items()},
        }
        for select in self.query(Select).results():
            if (select.id or "") in choices and select is not self.focused:
                # A value this rubric copy does not offer (a newer rubric's) is not shown.
                with contextlib.suppress(InvalidSelectValueError):
                    select.value = choices[select.id or ""] or Select.NULL
        self._show_rounds()
        self._show_progress()
        self._show_evidence()
        self._show_goal()
        self.query_one("#step-label", Label).update(self._step_label())

    # Leaving

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen("Debrief", self.ACTIONS, [("Enter", "In the evidence list: cite the note")])
        )

    @work
    async def action_finish(self) -> None:
        # Asked, not refused: a coach may finish without a follow-up date, or come back.
        question = "Mark this debrief complete? You can still come back to it."
        if missing := self.debriefing.debrief.missing():
            question = f"Still missing: {', '.join(missing)}.\n\n{question}"
        if not await self.app.push_screen_wait(ConfirmScreen("Finish debrief", question, "Finish")):
            return
        self.debriefing.complete()
        self._changed()
        self.post_message(ShowSession(self.debriefing.session))

    def action_leave(self) -> None:
        self.post_message(GoHome())

    ACTIONS = screen_commands(
        "debrief",
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command("ctrl+b,f2", action(action_stage, -1), "Back", "Go to the previous stage"),
        Command("ctrl+n,f3", action(action_stage, 1), "Next", "Go to the next stage"),
        Command(
            "ctrl+r,f4",
            action(action_cite),
            "Cite",
            "Cite the highlighted evidence note in this answer (or the focused rating)",
        ),
        Command(
            "ctrl+s,f5",
            action(action_notes),
            "Notes",
            "Edit the lesson's notes or make them coach-only",
        ),
        Command(
            "ctrl+t,f7",
            action(action_details),
            "Details",
            "Set or fix the teacher's name and the class",
            show=False,
        ),
        Command(
            "ctrl+f,f8", action(action_filter), "Filter", "Show evidence of one kind or tag, or all"
        ),
        Command(
            "ctrl+o,f9",
            action(action_private),
            "Private",
            "Mark this stage's answer coach-only, or not",
            show=False,
        ),
        Command(
            "ctrl+backslash,f6",
            action(action_pick_step),
            "Steps",
            "Next step: pick the step from the action-step bank for its element",
            show=False,  # named beside the step itself (_step_label): the footer is full
        ),
        Command(
            "ctrl+right_square_bracket,f12",
            action(action_save_step),
            "Save step",
            "Next step: save the step as written to your own bank",
            show=False,
            leader="s",
        ),
        Command(
            "ctrl+underscore,f11",
            action(action_goal),
            "Goal",
            "Next step: mark the teacher's goal (over weeks) achieved or dropped",
            show=False,  # named beside the goal itself (_goal_label): the footer is full
            leader="g",
        ),
        Command("ctrl+l,f10", action(action_finish), "Finish", "Mark the debrief complete"),
        Command(
            "escape",
            action(action_leave),
            "Leave",
            "Back to the session list; all is saved",
            show=False,
        ),
    )
    BINDINGS = bindings(ACTIONS)
