"""Figures for a session's summary: notes per element and kind, and what the snapshots say."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from observer_tui.core.kinds import NoteKind
from observer_tui.core.session import Session
from observer_tui.core.timer import clock_text


@dataclass(frozen=True)
class SnapshotFigure:
    """One snapshot field: how often each answer was given."""

    label: str
    counts: list[tuple[str, int]]
    """(answer label, times given), in the rubric's order."""
    taken: int


def notes_per_element(session: Session) -> list[tuple[str, str, int]]:
    """(code, name, notes) for every element a note was tagged with, most noted first."""
    counts = Counter(tag for note in session.notes for tag in note.tags)
    names = {code: element.name for code, element in session.elements.items()}
    return [(code, names.get(code, ""), n) for code, n in counts.most_common()]


def notes_per_kind(session: Session) -> list[tuple[NoteKind, int]]:
    """(kind, notes) for each kind used, in the kinds' order."""
    counts = Counter(note.kind for note in session.notes)
    return [(kind, counts[kind]) for kind in NoteKind if counts[kind]]


def snapshot_figures(session: Session) -> list[SnapshotFigure]:
    """Per snapshot field, how often each answer was given across the snapshots taken."""
    spec = session.snapshot_spec
    if spec is None or not session.snapshots:
        return []
    figures = []
    for field in spec.fields:
        given = Counter(s.values.get(field.id) for s in session.snapshots)
        counts = [(option.label, given[option.value]) for option in field.options]
        figures.append(SnapshotFigure(field.label, counts, len(session.snapshots)))
    return figures


def snapshot_lines(session: Session) -> list[str]:
    """Each snapshot taken, one line each: 'Snapshot at 04:05 · Off task: 2–5'."""
    spec = session.snapshot_spec
    fields = spec.fields if spec else ()
    labels = {f.id: (f.label, {o.value: o.label for o in f.options}) for f in fields}
    lines = []
    for snapshot in session.snapshots:
        answers = []
        for field_id, value in snapshot.values.items():
            label, options = labels.get(field_id, (field_id, {}))
            answers.append(f"{label}: {options.get(value, value)}")
        lines.append(" · ".join([f"Snapshot at {clock_text(snapshot.offset)}", *answers]))
    return lines
