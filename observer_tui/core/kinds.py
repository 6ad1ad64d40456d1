"""Note kinds (strength, growth area...) and the characters that type them. No pydantic here:
the observation screen needs these before the models load."""

from __future__ import annotations

from enum import StrEnum


class NoteKind(StrEnum):
    """What a note is, for the debrief."""

    PLAIN = "plain"
    STRENGTH = "strength"
    GROWTH = "growth"
    QUESTION = "question"
    SURPRISE = "surprise"

    @property
    def label(self) -> str:
        """The word the coach sees."""
        return KIND_LABELS[self]

    @property
    def prefix(self) -> str:
        """The character typed at the start of a note to give it this kind ('' for plain)."""
        return KIND_PREFIXES.get(self, "")


KIND_LABELS = {
    NoteKind.PLAIN: "note",
    NoteKind.STRENGTH: "strength",
    NoteKind.GROWTH: "growth area",
    NoteKind.QUESTION: "question",
    NoteKind.SURPRISE: "surprise",
}
KIND_PREFIXES = {
    NoteKind.STRENGTH: "+",
    NoteKind.GROWTH: "-",
    NoteKind.QUESTION: "?",
    NoteKind.SURPRISE: "!",
}
PREFIX_KINDS = {prefix: kind for kind, prefix in KIND_PREFIXES.items()}
