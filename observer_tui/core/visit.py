"""The copy of a drop-in to read: what was agreed first, then what was seen, then the talk.

One layout, made of `Section`s, gives both the Markdown export and the HTML page
(core/visit_html.py). It shows what it is given: the teacher's copy is filtered
(exports.teacher_copy) before it gets here, and a coach-only item left in (the coach's own
copy) is marked as such. Every string from a file goes through `md_text`, so a note's
`*stars*`, backticks or `<b>` read as typed, never as formatting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from observer_tui.core.debrief import Citation, Rating, Stage
from observer_tui.core.kinds import NoteKind
from observer_tui.core.numbers import whole_number
from observer_tui.core.rubric import RatingScale, Rubric
from observer_tui.core.session import Note, Session
from observer_tui.core.timer import clock_text
from observer_tui.core.visible import visible

MMSS = (
    "Times such as 04:05 are minutes and seconds from the start of the observation "
    "(04:05 is 4 minutes 5 seconds in), pauses left out."
)
"""What mm:ss means, said once in every copy."""

# Characters that can start formatting anywhere in a line: escaped wherever they stand.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What starts a block at the beginning of a line: a list, a heading underline, a quote.
_LINE_START = re.compile(r"^([-+=>])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_text(text: str, *, one_line: bool = True) -> str:
    """File text as Markdown that shows exactly that text: control characters as symbols
    (core/visible.py), on one line unless not `one_line`, every formatting character
    backslash-escaped, and no line read as a list, heading or code block."""
    if one_line:
        # Placed after a prefix (a label, a list marker), never at a line's start.
        return _INLINE.sub(r"\\\1", visible(text, one_line=True).lstrip(" "))
    lines = visible(text).split("\n")
    return "\n".join(_block_safe(_INLINE.sub(r"\\\1", line.lstrip(" "))) for line in lines)


def _block_safe(line: str) -> str:
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", line))


def _quote(text: str) -> str:
    """Text as a Markdown block quote, every line kept: a line followed by another ends in
    two spaces, a hard break, so it is not run into the next."""
    lines = md_text(text, one_line=False).split("\n")
    after = [*lines[1:], ""]
    return "\n".join(
        (f"> {line}" + ("  " if after[n] else "")) if line else ">" for n, line in enumerate(lines)
    )


@dataclass(frozen=True)
class Section:
    """One part of the copy: a heading (none for the header) and its Markdown body."""

    key: str
    """What it is, for the HTML page's styles: 'header', 'step', 'seen'..."""
    title: str
    body: str


class Names:
    """Element names and scale labels: from the session's copies of its elements, then the
    rubric if it is installed; codes alone when neither knows."""

    def __init__(self, session: Session, rubric: Rubric | None) -> None:
        self.session = session
        self.rubric = rubric

    def element(self, code: str) -> str:
        """'CFU Checks for understanding', or 'CFU' if no name is known."""
        copy = self.session.elements.get(code)
        element = self.rubric.find(code) if self.rubric and copy is None else None
        name = copy.name if copy else (element.name if element else "")
        return f"{code} {name}" if name else code

    def look_for(self, code: str, number: int) -> str:
        """The text of an element's look-for (1-based), '' if unknown."""
        element = self.rubric.find(code) if self.rubric else None
        if element is None or not 0 < number <= len(element.look_fors):
            return ""
        return element.look_fors[number - 1]

    def scale(self, scale_id: str) -> RatingScale | None:
        if self.rubric is None:
            return None
        return next((s for s in self.rubric.scales if s.id == scale_id), None)

    def rating(self, rating: Rating) -> str:
        """'4 of 5 – Medium-high' on a scale of numbers, 'Medium (M)' on one of letters;
        without the rubric, the value and the scale's id."""
        scale = self.scale(rating.scale)
        level = (
            next((lv for lv in scale.levels if lv.value == rating.value), None) if scale else None
        )
        if scale is None or level is None:
            return f"{rating.value} (on the {rating.scale} scale)"
        numbers = [whole_number(lv.value) for lv in scale.levels]
        if all(n is not None for n in numbers):
            top = max(n for n in numbers if n is not None)
            return f"{rating.value} of {top}" + (f" – {level.label}" if level.label else "")
        return f"{level.label} ({rating.value})" if level.label else rating.value


def observed_seconds(session: Session) -> float:
    """Time observed, pauses left out: to the end, or to the last note or snapshot of an
    observation never ended."""
    if session.ended_at is not None:
        return session.elapsed(session.ended_at)
    offsets = [n.offset for n in session.notes] + [s.offset for s in session.snapshots]
    return max(offsets, default=0.0)


@dataclass(frozen=True)
class Span:
    """A stretch of the drop-in (a minute, or a few): what happened in it."""

    start: float
    """Seconds from the start, pauses left out."""
    end: float
    notes: Mapping[NoteKind, int]
    """Notes of each kind begun in it (kinds with none left out)."""
    snapshots: int
    """Snapshots taken in it."""
    due: bool
    """Whether a snapshot was due in some of it."""
    paused: bool
    """Whether the observation was paused in it."""


@dataclass(frozen=True)
class Timeline:
    """The drop-in along its minutes, pauses left out: drawn as an SVG on the teacher's
    HTML copy (core/visit_html.py) and as a strip of characters on the summary screen."""

    end: float
    """Seconds shown: the time observed, at least a minute."""
    notes: tuple[tuple[NoteKind, float], ...]
    """Each note's kind and offset, in the session's order."""
    kinds: tuple[NoteKind, ...]
    """The kinds used, in the kinds' order: one row each."""
    snapshots: tuple[float, ...]
    """When each snapshot was taken."""
    due: tuple[tuple[float, float], ...]
    """When snapshots were due (from, to), in seconds."""
    pauses: tuple[float, ...]
    """When each pause began."""

    @property
    def has_snapshots(self) -> bool:
        """Whether there is a snapshot row: snapshots taken or due."""
        return bool(self.snapshots or self.due)

    def spans(self, minutes: int = 1) -> list[Span]:
        """The drop-in cut into spans of `minutes` each, from the start to the end."""
        size = 60.0 * minutes
        count = max(math.ceil(self.end / size), 1)

        def slot(seconds: float) -> int:
            return min(max(int(seconds // size), 0), count - 1)

        notes: list[Counter[NoteKind]] = [Counter() for _ in range(count)]
        for kind, offset in self.notes:
            notes[slot(offset)][kind] += 1
        taken = Counter(slot(offset) for offset in self.snapshots)
        paused = {slot(offset) for offset in self.pauses}
        return [
            Span(
                start=n * size,
                end=min((n + 1) * size, self.end),
                notes=dict(notes[n]),
                snapshots=taken[n],
                due=any(a < (n + 1) * size and b > n * size for a, b in self.due),
                paused=n in paused,
            )
            for n in range(count)
        ]


def timeline(session: Session) -> Timeline:
    """The session's timeline: its notes, snapshots and pauses along the time observed."""
    spec = session.snapshot_spec
    marks = spec.marks if spec is not None else ()
    return Timeline(
        end=max(observed_seconds(session), 60.0),
        notes=tuple((note.kind, note.offset) for note in session.notes),
        kinds=tuple(k for k in NoteKind if any(n.kind is k for n in session.notes)),
        snapshots=tuple(s.offset for s in session.snapshots),
        due=tuple((m.start_minute * 60, m.end_minute * 60) for m in marks),
        pauses=tuple(session.elapsed(p.started_at) for p in session.pauses),
    )


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def _cited(citations: Sequence[Citation]) -> str:
    shown = ", ".join(clock_text(c.offset) for c in citations)
    return f"\n\n*Evidence: notes at {shown}*" if shown else ""


def _day(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _header(session: Session, names: Names) -> Section:
    teacher = md_text(session.teacher) or "teacher not given"
    observed = observed_seconds(session)
    time = f"{clock_text(observed)} ({_minutes(observed)}) of {session.planned_minutes} min planned"
    if session.ended_at is None:
        time += ", not ended"
    facts = [
        ("Teacher", teacher),
        ("Class", md_text(session.class_name) or "not given"),
        ("Coach", md_text(session.coach) or "not given"),
        ("Date", f"{_day(session.started_at)}, {session.started_at:%H:%M}"),
        ("Time observed", time),
        ("Rubric", f"{md_text(session.rubric.name)}, version {md_text(session.rubric.version)}"),
    ]
    if session.focus:
        facts.append(("Focus", ", ".join(md_text(names.element(c)) for c in session.focus)))
    body = "\n".join(f"- **{label}:** {value}" for label, value in facts)
    return Section("header", f"Lesson visit: {teacher}", f"{body}\n\n{MMSS}")


def _step(session: Session, names: Names) -> Section | None:
    debrief = session.debrief
    step, goal = debrief.step, debrief.goal
    parts = []
    if (aim := debrief.teacher_goal) is not None and aim.title.strip():
        codes = ", ".join(md_text(names.element(code)) for code in aim.elements)
        state = "" if aim.state == "active" else f", {md_text(aim.state)}"
        about = f" ({codes}{state})" if codes or state else ""
        parts.append(f"**Your goal:** {md_text(aim.title)}{about}")
    if step.text:
        element = f" ({md_text(names.element(step.element))})" if step.element else ""
        parts.append(f"**{md_text(step.text)}**{element}")
        if step.model:
            parts += ["What it looks like done well:", _quote(step.model)]
    if goal.when or goal.how:
        parts.append(f"- **When** {md_text(goal.when)}\n- **How** {md_text(goal.how)}")
    if debrief.follow_up:
        parts.append(
            f"**Next drop-in:** {_day(datetime.combine(debrief.follow_up, datetime.min.time()))}"
        )
    return Section("step", "Your next step", "\n\n".join(parts)) if parts else None


def _praise(session: Session) -> Section | None:
    praise = session.debrief.answer(Stage.NEXT_STEP)
    if not praise.text:
        return None
    title = "Praise" + (" (coach-only)" if praise.private else "")
    return Section("praise", title, _quote(praise.text) + _cited(praise.citations))


def _review(session: Session, names: Names) -> Section | None:
    previous = session.previous
    if previous is None:
        return None
    element = f" ({md_text(names.element(previous.element))})" if previous.element else ""
    lines = [f"**{md_text(previous.step)}**{element}, agreed on {_day(previous.at)}"]
    review = session.debrief.step_review
    lines.append(_quote(review) if review.strip() else "*Not talked about at this debrief.*")
    return Section("review", "Last time's step", "\n\n".join(lines))


def _note_line(note: Note, names: Names, others: Sequence[str]) -> str:
    kind = "" if note.kind.value == "plain" else f" *{note.kind.label}*"
    # A note's own line breaks read as ' / ' in a list of notes.
    text = md_text(re.sub(r"\r\n|[\n\u2028\u2029]", " / ", note.text)) or "*(no text)*"
    also = f" (also {', '.join(md_text(names.element(c)) for c in others)})" if others else ""
    private = " **(coach-only)**" if note.private else ""
    return f"- **{clock_text(note.offset)}**{kind} {text}{also}{private}"


def _seen(session: Session, names: Names) -> Section:
    """Notes under the element each was first tagged with (the focus first), each note once;
    untagged notes last."""
    if not session.notes:
        return Section("seen", "What was seen", "No notes.")
    order = list(session.focus) + [t for n in session.notes for t in n.tags[:1]]
    groups: dict[str, list[Note]] = {code: [] for code in dict.fromkeys(order)}
    untagged: list[Note] = []
    for note in session.notes:
        (groups[note.tags[0]] if note.tags else untagged).append(note)
    parts = []
    for code, notes in groups.items():
        if notes:
            lines = [_note_line(n, names, n.tags[1:]) for n in notes]
            parts.append(f"### {md_text(names.element(code))}\n\n" + "\n".join(lines))
    if untagged:
        lines = [_note_line(n, names, ()) for n in untagged]
        parts.append("### Not tagged with an element\n\n" + "\n".join(lines))
    return Section("seen", "What was seen", "\n\n".join(parts))


def _snapshots(session: Session) -> Section | None:
    spec = session.snapshot_spec
    if spec is None or not session.snapshots:
        return None
    labels = {f.id: {o.value: o.label for o in f.options} for f in spec.fields}
    heading = ["Time", *(md_text(f.label) for f in spec.fields)]
    rows = [
        [
            clock_text(s.offset),
            *(
                md_text(labels[f.id].get(s.values.get(f.id, ""), s.values.get(f.id, "")) or "–")
                for f in spec.fields
            ),
        ]
        for s in session.snapshots
    ]
    table = [heading, ["---"] * len(heading), *rows]
    intro = "A few seconds' scan of the whole room, at these times:"
    return Section(
        "snapshots",
        "Snapshots",
        intro + "\n\n" + "\n".join("| " + " | ".join(r) + " |" for r in table),
    )


def _ratings(session: Session, names: Names) -> Section | None:
    ratings = [r for r in session.debrief.ratings if r.value]
    if not ratings:
        return None
    lines = []
    for rating in ratings:
        what = md_text(names.element(rating.code))
        if rating.look_for is not None:
            look_for = names.look_for(rating.code, rating.look_for)
            what += f", look-for {rating.look_for}" + (
                f" ({md_text(look_for)})" if look_for else ""
            )
        evidence = _cited(rating.citations).strip().replace("\n", " ")
        evidence = f"  \n  {evidence}" if evidence else ""
        lines.append(f"- **{what}:** {md_text(names.rating(rating))}{evidence}")
    return Section("ratings", "Ratings", "\n".join(lines))


def _debrief(session: Session) -> Section | None:
    debrief = session.debrief
    parts = []
    for stage in (Stage.DESCRIBE, Stage.EVALUATE, Stage.ANALYSE):
        answer = debrief.answer(stage)
        if answer.text:
            title = stage.heading + (" (coach-only)" if answer.private else "")
            parts.append(f"### {title}\n\n{_quote(answer.text)}{_cited(answer.citations)}")
    rounds = [r for r in debrief.rehearsal if r.tried or r.feedback]
    if rounds:
        lines = [
            f"{n}. Tried: {md_text(r.tried)} · Feedback: {md_text(r.feedback)}"
            for n, r in enumerate(rounds, start=1)
        ]
        parts.append("### Rehearsal\n\n" + "\n".join(lines))
    return Section("debrief", "What we talked about", "\n\n".join(parts)) if parts else None


def visit_sections(session: Session, rubric: Rubric | None) -> list[Section]:
    """The copy's sections in reading order: header; the step, goal and follow-up; praise;
    last time's step; what was seen; snapshots; ratings; the debrief's answers."""
    names = Names(session, rubric)
    sections = [
        _header(session, names),
        _step(session, names),
        _praise(session),
        _review(session, names),
        _seen(session, names),
        _snapshots(session),
        _ratings(session, names),
        _debrief(session),
    ]
    return [s for s in sections if s is not None]


def visit_markdown(session: Session, rubric: Rubric | None) -> str:
    """The copy as one Markdown document."""
    parts = []
    for section in visit_sections(session, rubric):
        level = "#" if section.key == "header" else "##"
        parts.append(f"{level} {section.title}\n\n{section.body}")
    return "\n\n".join(parts) + "\n"
