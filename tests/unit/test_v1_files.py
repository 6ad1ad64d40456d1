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

The teacher's copy was redesigned in issue 13 (the step first, names and scale labels, the
session's columns in the CSV): `teacher.md`, `coach.md`, `csv` and `coach.csv` are the
record of the copies before it, and the `-2` files beside them (with `teacher.html` and
`snapshots.csv`) what this version makes of the same file, with the bundled Teach rubric.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

import observer_tui.core.observation as observation_module
from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import RatingKey, Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import coach_export, teacher_export
from observer_tui.core.index import SessionSummary
from observer_tui.core.kinds import NoteKind
from observer_tui.core.observation import Observation
from observer_tui.core.profiles import Profile
from observer_tui.core.rubrics import load_library
from observer_tui.core.session import Note, PreviousStep, Session, new_session
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
    assert old.class_name == "Y8 maths · set 2, fractions"  # the file's key is "context"
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


TEACH = load_library(None).get("teach")


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("teacher-2.md", lambda s: teacher_export(s, "md", TEACH).encode()),
        ("coach-2.md", lambda s: coach_export(s, "md", TEACH).encode()),
        ("teacher.html", lambda s: teacher_export(s, "html", TEACH).encode()),
        ("teacher-2.csv", lambda s: teacher_export(s, "csv").encode()),
        ("coach-2.csv", lambda s: coach_export(s, "csv").encode()),
        ("snapshots.csv", lambda s: teacher_export(s, "snapshots-csv").encode()),
        ("export.json", lambda s: coach_export(s, "json").encode()),
        ("teacher.json", lambda s: teacher_export(s, "json").encode()),
    ],
)
def test_the_v1_exports_are_unchanged(
    old: Session, name: str, made: Callable[[Session], bytes]
) -> None:
    assert made(old) == golden(name)


@pytest.mark.parametrize(("old", "new"), [("csv", "teacher-2.csv"), ("coach.csv", "coach-2.csv")])
def test_the_new_csv_keeps_every_note_the_old_one_had(old: str, new: str) -> None:
    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(golden(name).decode())))

    kept = ["kind", "tags", "text", "private"]
    before = [{k: v for k, v in row.items() if k in kept} for row in rows(old)]
    assert [{k: v for k, v in row.items() if k in kept} for row in rows(new)] == before
    assert [row["offset"].replace("m", ":").rstrip("s") for row in rows(new)] == [
        row["offset"] for row in rows(old)
    ]


def test_the_v1_summary_is_unchanged(old: Session) -> None:
    summary = SessionSummary.of(old, FIXTURE.name)
    # The golden was dumped when the field was named as the file names it, "context".
    fields = {
        "context" if k == "class_name" else k: v for k, v in dataclasses.asdict(summary).items()
    }
    # Fields added since the golden: a v1 file holds no teacher goal.
    assert (fields.pop("teacher_goal"), fields.pop("closed_goals")) == (None, ())
    dumped = orjson.dumps(fields, option=orjson.OPT_INDENT_2) + b"\n"
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


def test_the_same_lesson_today_writes_the_same_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The drop-in the fixture records, observed and debriefed again with today's code, the
    same keys at the same moments: the file is byte for byte the one the old code wrote."""
    counter = (hashlib.sha1(f"v1-{i}".encode()).hexdigest()[:12] for i in range(1000))
    monkeypatch.setattr(observation_module, "new_id", lambda: next(counter))
    teach = load_library(None).get("teach")
    assert teach is not None
    school = Profile.model_validate(
        {
            "id": "oak-primary",
            "name": "Oak Primary",
            "rubric": "teach",
            "duration_minutes": 20,
            "snapshot_marks": [
                {"start_minute": 3, "end_minute": 4},
                {"start_minute": 12, "end_minute": 14},
            ],
            "debrief_prompts": {"evaluate": ["Which moment shows the focus element best?"]},
        }
    )
    tz = timezone(timedelta(hours=1))
    clock = ManualClock(datetime(2026, 3, 10, 10, 5, 0, tzinfo=tz))
    previous = PreviousStep(
        session_id="20260224-1015-zoe-muller-3f9a1c2e",
        at=datetime(2026, 2, 24, 10, 15, tzinfo=tz),
        step="Name three pupils before asking them to explain",
        element="CFU",
        goal="When I finish a new idea, how: three named pupils explain it back",
        follow_up="2026-03-10",
    )
    session = new_session(
        teacher="Zoë Müller-Ólafsdóttir",
        class_name="Y8 maths · set 2, fractions",
        coach="Sam Rivers",
        rubric=teach,
        focus=["CFU", "FB"],
        planned_minutes=20,
        at=clock.now(),
        profile=school,
        previous=previous,
    )
    observation = Observation(session, teach, clock)

    def note(seconds: float, typed: str, kind: NoteKind = NoteKind.PLAIN) -> Note:
        clock.advance(seconds)
        return observation.commit(read_draft(typed, teach, kind), clock.now())

    n1 = note(35, 'asked three pupils to explain "why ½ = 2/4" in their own words #CFU')
    n2 = note(40, "+ praised effort by name, then named the strategy #FB #cfu")
    note(25, "- two rows off task during the transition,\nboard work copied slowly #T #TOT")
    clock.advance(20)
    observation.take_snapshot({"learning_activity": "yes", "off_task": "2-5"}, 0)
    n4 = note(30, "? why did the back rows stay quiet during the hinge question")
    note(15, "! a pupil led the recap unprompted — café-style table talk #CT #AUT")
    clock.advance(10)
    observation.toggle_pause()
    clock.advance(95)
    observation.toggle_pause()
    n6 = note(40, "worry: the teacher looked exhausted, check in with HoD #SLE")
    observation.toggle_private(n6.id)
    n7 = note(30, "mini whiteboards out; all pupils show answers #CFU")
    n8 = note(20, "typo nte to delete")
    observation.delete(n8.id)
    n9 = note(45, "+ feedback precise: 'your second step is where it slips' #FB")
    observation.edit(
        n9.id,
        read_draft("+ feedback precise: 'your second step is where it slips' #FB #PER", teach),
    )
    note(60, "- hands up only; same four pupils answered #CFU #SCS")
    clock.advance(400)
    observation.take_snapshot({"learning_activity": "yes", "off_task": "0-1"}, 1)
    clock.advance(30)
    observation.take_snapshot({"learning_activity": "no", "off_task": "6+"}, None)
    note(25, "plain note, emoji 😀 and עברית שלום, [bold]not markup[/]")
    n12 = note(5, "", NoteKind.SURPRISE)
    observation.edit(n12.id, read_draft("! #LF", teach))
    clock.advance(120)
    observation.end()

    clock.advance(600)
    debriefing = Debriefing(observation.session, clock)
    debriefing.review_step("Named pupils twice; forgot once after the starter.")
    debriefing.set_answer(Stage.DESCRIBE, "Pupils explained the method.\nThe back rows were quiet.")
    debriefing.cite(Stage.DESCRIBE, n1)
    debriefing.cite(Stage.DESCRIBE, n4)
    debriefing.set_answer(Stage.EVALUATE, "Checks for understanding went well; feedback precise.")
    debriefing.cite(Stage.EVALUATE, n2)
    debriefing.cite(Stage.EVALUATE, n6)
    debriefing.set_answer(Stage.ANALYSE, "HIDDEN: workload is the real issue")
    debriefing.set_private(Stage.ANALYSE, True)
    debriefing.cite(Stage.ANALYSE, n6)
    debriefing.set_answer(Stage.NEXT_STEP, "Great use of names, and the whiteboards.")
    debriefing.cite(Stage.NEXT_STEP, n7)
    cfu, fb, ct = (
        RatingKey("CFU", "element"),
        RatingKey("FB", "behaviour", 2),
        RatingKey("CT", "element"),
    )
    debriefing.rate(cfu, "4")
    debriefing.cite_rating(cfu, n1)
    debriefing.cite_rating(cfu, n6)
    debriefing.rate(fb, "M")
    debriefing.cite_rating(fb, n9)
    debriefing.rate(ct, "3")
    debriefing.rate(ct, "")
    debriefing.set_step(text="Cold call three named pupils after each new idea", element="CFU")
    debriefing.set_step(model="Coach models: 'Amira, then Ben, then Cal — tell me why.'")
    debriefing.add_round("first go, too quick", "slow down, wait three seconds")
    debriefing.add_round("second go", "spot on; keep the names in that order")
    debriefing.set_goal(
        when="I finish explaining a new idea", how="I ask three named pupils to explain it back"
    )
    debriefing.set_follow_up(date(2026, 3, 24))
    debriefing.complete()

    # The id's last part is random; everything else is what the coach did. Today's file
    # also says when each edit and deletion was made, for merging two laptops' versions:
    # without those stamps it is byte for byte the old file.
    again = debriefing.session.model_copy(update={"id": read_session(FIXTURE).id})
    stamped = orjson.loads(again.to_json())
    assert stamped.pop("deleted_notes") == {n8.id: "2026-03-10T10:11:00+01:00"}
    edited = {note["id"]: note.pop("edited_at") for note in stamped["notes"] if "edited_at" in note}
    marked = {n["id"]: n.pop("private_at") for n in stamped["notes"] if "private_at" in n}
    # Each note was changed in the second it was typed: the edit is stamped just after it,
    # so a merge with the version before the edit takes the edit.
    assert edited == {
        n6.id: "2026-03-10T10:10:10.000001+01:00",
        n9.id: "2026-03-10T10:11:45.000001+01:00",
        n12.id: "2026-03-10T10:20:25.000001+01:00",
    }
    assert marked.keys() <= edited.keys() and marked  # a coach-only mark is an edit too
    parts = stamped["debrief"].pop("edited")
    assert set(parts) == {
        "step_review",
        "answers.describe",
        "answers.evaluate",
        "answers.analyse",
        "answers.analyse.private",  # the coach-only mark, apart from the text
        "answers.next_step",
        "ratings",
        "ratings.CFU.element",  # each rating and step field too, for a merge to take alone
        "ratings.CT.element",
        "ratings.FB.behaviour.2",
        "step",
        "step.text",
        "step.element",
        "step.model",
        "rehearsal",
        "goal",
        "follow_up",
        "status",
    }
    assert orjson.dumps(stamped) == FIXTURE.read_bytes()
