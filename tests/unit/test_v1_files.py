"""Old files open: a stored schema_version 1 session reads, saves, summarises and exports
exactly as the code that wrote it did.

`tests/data/session-v1.json` was written by the app's own core (commit 05f172f, before the
session became a frozen value): the Teach rubric with a school profile (its own snapshot marks
and one stage of debrief questions), a teacher whose name has accents, a class, two focus
elements, every kind of note (one coach-only, one edited, one deleted, one with tags only), a
pause, three snapshots, an ended observation and a completed debrief with citations, a
coach-only answer, ratings (one cleared), step, model, two rehearsal rounds, goal, follow-up
and last time's step. The `session-v1.*` files beside it are what that code made of it.
Never regenerate them: they are the record of what a coach's old files must keep giving.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from observer_tui.core.exports import markdown, notes_csv, session_json
from observer_tui.core.index import SessionSummary
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore, read_session

DATA = Path(__file__).parent.parent / "data"
FIXTURE = DATA / "session-v1.json"


@pytest.fixture
def old() -> Session:
    return read_session(FIXTURE)


def golden(name: str) -> bytes:
    return (DATA / f"session-v1.{name}").read_bytes()


def test_the_v1_file_opens_with_everything_in_it(old: Session) -> None:
    assert old.schema_version == 1
    assert old.teacher == "Zoë Müller-Ólafsdóttir"
    assert list(old.focus) == ["CFU", "FB"]
    assert len(old.notes) == 11
    assert [note.private for note in old.notes].count(True) == 1
    assert len(old.pauses) == 1 and old.pauses[0].ended_at is not None
    assert len(old.snapshots) == 3
    assert old.status == "observed" and old.ended_at is not None
    assert old.debrief.status == "complete"
    assert old.previous is not None and old.previous.element == "CFU"


def test_saving_the_v1_file_again_writes_the_same_bytes(old: Session, tmp_path: Path) -> None:
    assert old.to_json() == FIXTURE.read_bytes()
    path = SessionStore(tmp_path).save(old)
    assert path.read_bytes() == FIXTURE.read_bytes()


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("teacher.md", lambda s: markdown(s).encode()),
        ("coach.md", lambda s: markdown(s, for_teacher=False).encode()),
        ("csv", lambda s: notes_csv(s).encode()),
        ("export.json", lambda s: session_json(s).encode()),
    ],
)
def test_the_v1_exports_are_unchanged(
    old: Session, name: str, made: Callable[[Session], bytes]
) -> None:
    assert made(old) == golden(name)


def test_the_v1_summary_is_unchanged(old: Session) -> None:
    summary = SessionSummary.of(old, FIXTURE.name)
    dumped = orjson.dumps(dataclasses.asdict(summary), option=orjson.OPT_INDENT_2) + b"\n"
    assert dumped == golden("summary.json")


def broken(tmp_path: Path, where: tuple[str | int, ...], value: object) -> Path:
    """The v1 fixture with one value replaced, saved in tmp_path."""
    raw = orjson.loads(FIXTURE.read_bytes())
    target = raw
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    path = tmp_path / "broken.json"
    path.write_bytes(orjson.dumps(raw))
    return path


@pytest.mark.parametrize(
    ("where", "value", "problem"),
    [
        (
            ("focus",),
            ["CFU", "FB", "LF"],
            "focus: List should have at most 2 items after validation, not 3",
        ),
        (("focus",), "CFU", "focus: must be a list in [ ]"),
        (("notes",), {"a": 1}, "notes: must be a list in [ ]"),
        (("notes", 0, "tags"), "CFU", "notes[0].tags: must be a list in [ ]"),
        (
            ("notes", 0, "tags"),
            ["C FU"],
            "notes[0].tags[0]: String should match pattern '^[^\\s#]{1,24}$'",
        ),
        (("elements",), ["CFU"], "elements: Input should be a valid dictionary"),
        (
            ("snapshots", 0, "values"),
            ["yes"],
            "snapshots[0].values: Input should be a valid dictionary",
        ),
        (("snapshots", 0, "values"), {"a": 1}, "snapshots[0].values.a: must be text in quotes"),
        (("pauses",), None, "pauses: must be a list in [ ]"),
        (("debrief", "rehearsal"), [1], "debrief.rehearsal[0]: must be an object in { }"),
        (("rubric",), "teach", "rubric: must be an object in { }"),
        (("debrief", "answers"), [], "debrief.answers: Input should be a valid dictionary"),
        (
            ("debrief", "answers", "describe", "citations"),
            {},
            "debrief.answers.describe.citations: must be a list in [ ]",
        ),
        (("debrief", "ratings"), "4", "debrief.ratings: must be a list in [ ]"),
        (
            ("debrief", "answers", "nonsense"),
            {"text": "x"},
            "debrief.answers.nonsense.[key]: "
            "Input should be 'describe', 'evaluate', 'analyse' or 'next_step'",
        ),
        (("snapshot_spec", "marks"), {}, "snapshot_spec.marks: must be a list in [ ]"),
        (("snapshot_spec", "fields"), [], "snapshot_spec.fields: needs at least 1 item(s)"),
        (("debrief_prompts", "describe"), "one", "debrief_prompts.describe: must be a list in [ ]"),
        (("debrief_prompts", "describe"), [""], "debrief_prompts.describe[0]: must not be empty"),
        (
            ("snapshot_spec", "fields", 0, "options"),
            [{"key": "y", "value": "yes", "label": "Yes"}],
            "snapshot_spec.fields[0].options: needs at least 2 item(s)",
        ),
    ],
)
def test_a_broken_v1_file_says_what_is_wrong_as_before(
    tmp_path: Path, where: tuple[str | int, ...], value: object, problem: str
) -> None:
    path = broken(tmp_path, where, value)
    with pytest.raises(ValueError) as raised:
        read_session(path)
    assert str(raised.value) == f"{problem}; left untouched"
    assert orjson.loads(path.read_bytes())  # never overwritten
