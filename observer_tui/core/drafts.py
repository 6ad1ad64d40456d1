"""Reading what the coach typed: a kind prefix, the note's text and its #tags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from observer_tui.core.kinds import PREFIX_KINDS, NoteKind

if TYPE_CHECKING:
    from observer_tui.core.rubric import Element, Rubric
    from observer_tui.core.session import Note

TAG_TOKEN = re.compile(r"(^|\s+)#(\S*)")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""


@dataclass
class Draft:
    """A note as typed, read against the rubric."""

    kind: NoteKind
    """From a leading '+', '-', '?' or '!' followed by a space."""
    text: str
    """The text with the prefix and the recognised tags taken out."""
    tags: list[str] = field(default_factory=list)
    """Recognised codes, as the rubric spells them, in order, without repeats."""
    unknown: list[str] = field(default_factory=list)
    """'#words' that match no code; they stay in the text."""


def match_tag(token: str, rubric: Rubric) -> Element | None:
    """The element a '#token' names: exact code (any case), else without trailing punctuation."""
    candidate = token
    while candidate:
        element = rubric.find(candidate)
        if element is not None:
            return element
        if candidate[-1] not in TRAILING_PUNCTUATION:
            return None
        candidate = candidate[:-1]
    return None


def read_draft(typed: str, rubric: Rubric, kind: NoteKind = NoteKind.PLAIN) -> Draft:
    """Split typed text into kind, text and tags. A prefix overrides the given kind."""
    body = typed.strip()
    if len(body) >= 2 and body[0] in PREFIX_KINDS and body[1] == " ":
        kind, body = PREFIX_KINDS[body[0]], body[2:].lstrip()
    elif body in PREFIX_KINDS:
        kind, body = PREFIX_KINDS[body], ""
    tags: list[str] = []
    unknown: list[str] = []

    def take(match: re.Match[str]) -> str:
        lead, token = match.groups()
        element = match_tag(token, rubric)
        if element is None:
            if token:
                unknown.append("#" + token)
            return match.group(0)
        if element.code not in tags:
            tags.append(element.code)
        # The tag goes with the space before it; punctuation after it stays with the text.
        return ("\n" if "\n" in lead else "") + token[len(element.code) :]

    text = TAG_TOKEN.sub(take, body)
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    return Draft(kind=kind, text=text, tags=tags, unknown=unknown)


def compose(note: Note) -> str:
    """A note written back as the coach would type it, for editing."""
    parts = [note.kind.prefix] if note.kind.prefix else []
    parts += [note.text] if note.text else []
    parts += [f"#{tag}" for tag in note.tags]
    return " ".join(parts)


@dataclass(frozen=True)
class Completion:
    """A rubric code offered for the '#word' being typed."""

    code: str
    name: str


def current_tag_word(typed: str) -> str | None:
    """The '#word' at the end of the draft, without '#', if the coach is typing one."""
    match = re.search(r"(?<!\S)#(\S*)$", typed)
    return match.group(1) if match else None


def completions(word: str, rubric: Rubric, limit: int = 6) -> list[Completion]:
    """Codes that start with `word` (or whose part after an area's qualifier does, so
    'AnQ' offers 'S.AnQ' and 'I.AnQ'), then elements whose name contains it, ignoring case."""
    folded = word.casefold()
    by_code: list[Completion] = []
    by_name: list[Completion] = []
    for _, element in rubric.all_elements():
        entry = Completion(element.code, element.name)
        code = element.code.casefold()
        if code.startswith(folded) or (folded and code.partition(".")[2].startswith(folded)):
            by_code.append(entry)
        elif folded and folded in element.name.casefold():
            by_name.append(entry)
    return (by_code + by_name)[:limit]


def complete(typed: str, code: str) -> str:
    """The draft with its trailing '#word' replaced by '#code '."""
    word = current_tag_word(typed)
    stem = typed[: len(typed) - len(word)] if word is not None else typed + " #"
    return f"{stem}{code} "


@dataclass(frozen=True)
class TabCycle:
    """Repeated Tab on one '#word': the candidates the hint showed, and the one put in."""

    typed: str
    """The draft before the first Tab."""
    found: tuple[Completion, ...]
    index: int = 0

    @property
    def draft(self) -> str:
        """The draft with the current candidate put in."""
        return complete(self.typed, self.found[self.index].code)

    def hint(self) -> str:
        """'#CT Critical thinking (2 of 3) · Tab → #PBE … #CFU …': the one put in, then
        what the next Tabs bring, in order."""
        current = self.found[self.index]
        line = f"#{current.code} {current.name}"
        if len(self.found) == 1:
            return line
        after = self.found[self.index + 1 :] + self.found[: self.index]
        rest = "  ".join(f"#{c.code} {c.name}" for c in after)
        return f"{line} ({self.index + 1} of {len(self.found)}) · Tab → {rest}"


def tab(typed: str, rubric: Rubric, cycle: TabCycle | None = None) -> TabCycle | None:
    """What Tab does to the draft: complete the '#word' being typed with the first
    candidate the hint shows; pressed again on the draft it made, the next one, round."""
    if cycle is not None and typed == cycle.draft:
        return replace(cycle, index=(cycle.index + 1) % len(cycle.found))
    word = current_tag_word(typed)
    if word is None:
        return None
    found = completions(word, rubric)
    return TabCycle(typed, tuple(found)) if found else None


def unknown_warning(draft: Draft, rubric: Rubric) -> str | None:
    """What to tell the coach about '#words' that are not codes, or None if all are."""
    if not draft.unknown:
        return None
    if len(draft.unknown) == 1:
        from observer_tui.core.intervals import code_candidates

        word = draft.unknown[0]
        codes = [element.code for _, element in rubric.all_elements()]
        areas = {element.code: area for area, element in rubric.all_elements()}
        found = code_candidates(word[1:], codes)
        if len(found) > 1:
            which = " or ".join(f"#{code} ({areas[code]})" for code in found)
            return f"{word} is in {len(found)} areas: {which}? Tab completes."
    words = ", ".join(draft.unknown)
    return (
        f"Not a code in {rubric.name}: {words}. Fix it (Tab completes), "
        "or press Enter again to keep it as plain text."
    )


def hint(typed: str, rubric: Rubric) -> tuple[str, str]:
    """A line to show under the draft as it is typed, and its level: 'hint' or 'warning'."""
    word = current_tag_word(typed)
    if word is not None:
        found = completions(word, rubric)
        if not found:
            return f"No code or name in {rubric.name} matches '{word}'", "warning"
        return "Tab → " + "  ".join(f"#{c.code} {c.name}" for c in found), "hint"
    draft = read_draft(typed, rubric)
    warning = unknown_warning(draft, rubric)
    if warning:
        return warning, "warning"
    if not typed.strip():
        return "", "hint"
    return f"{draft.kind.label} {' '.join(f'#{t}' for t in draft.tags)}".strip(), "hint"
