"""A data folder whose every file holds escape codes, as a hostile synced folder could.

Session, rubric, profile, step bank and walk files put terminal escapes (CSI colour,
OSC 0 window title, OSC 8 link, BEL, the C1 CSI byte \\x9b, NEL), a bidi override and
line breaks in every field a coach reads: teacher, class, coach, notes, tags, answers,
step, goal, rubric, area, element and scale names, codes, prompts, profile names, bank
steps, a walk's notes, and in a bad file's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from observer_tui.core.debrief import (
    ActionStep,
    Answer,
    Citation,
    Debrief,
    Goal,
    Rating,
    RehearsalRound,
    Stage,
    TeacherGoal,
)
from observer_tui.core.kinds import NoteKind
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import Profile
from observer_tui.core.rubrics import load_library
from observer_tui.core.session import Note, Session, new_session
from observer_tui.core.storage import SessionStore
from observer_tui.core.walks import Walk, WalkRoom, WalkStore

EVIL = (
    "\x1b[31mred\x1b]0;PWNED\x07\x1b]8;;http://evil.invalid/\x1b\\link\x1b]8;;\x1b\\"
    "\x9b2J\u202edesrever\x85bell\x07"
)
"""Every kind of hostile text in one: CSI, OSC 0 title, OSC 8 link, BEL, C1, RLO, NEL."""
TEACHER = "Ann\nLee" + EVIL
"""A teacher's name with a line break, which must never split a row."""
CODES = ("E\x1b[31m", "\x9b2J", "F\u202eX")
"""Element codes (no whitespace, no '#') holding escapes."""
WORD = "zebrafish"
"""In every note and answer, so that search finds them."""

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
"""What must never reach a terminal raw: C0 but tab and line ends, DEL, C1, bidi controls."""


def raw_controls(text: str) -> list[str]:
    """Every character of `text` a terminal would act on (empty when it is safe)."""
    return FORBIDDEN.findall(text)


@dataclass(frozen=True)
class Hostile:
    """The hostile folder's sessions: debriefed, ended (not debriefed) and still observing."""

    data: DataFolder
    complete: Session
    observed: Session
    observing: Session
    rubric_file: Path
    profile_file: Path
    bad_rubric_file: Path


def rubric_json() -> dict[str, object]:
    return {
        "id": "hostile",
        "name": "Rubric " + EVIL,
        "version": "1" + EVIL,
        "source": "Source " + EVIL,
        "scales": [
            {
                "id": "score",
                "name": "Score " + EVIL,
                "levels": [{"value": "1", "label": "low " + EVIL}, {"value": "2", "label": "hi"}],
            }
        ],
        "domains": [
            {
                "name": "Area\n" + EVIL,
                "elements": [
                    {
                        "code": code,
                        "name": f"Element {n}\n{EVIL}",
                        "description": "Describe " + EVIL,
                        "look_fors": ["Look " + EVIL],
                    }
                    for n, code in enumerate(CODES)
                ],
            }
        ],
        "debrief_prompts": {stage.value: ["Prompt " + EVIL] for stage in Stage},
    }


def bank_json() -> dict[str, object]:
    """A step bank for the hostile rubric, escapes in every text it shows."""
    step = {
        "id": "hostile-step",
        "title": "Title " + EVIL,
        "elements": [CODES[0]],
        "strand": "Strand " + EVIL,
        "order": 1,
        "model": f"{WORD} model\n{EVIL}",
        "rehearsal": "Rehearse " + EVIL,
        "cues": ["Cue " + EVIL],
    }
    return {
        "id": "hostile-steps",
        "name": "Bank " + EVIL,
        "version": "1" + EVIL,
        "rubric": "hostile",
        "source": "Source " + EVIL,
        "steps": [step],
    }


def hostile_folder(root: Path) -> Hostile:
    """Write the hostile folder under `root` and return what is in it."""
    data = DataFolder(root)
    data.create()
    rubric_file = data.rubrics / "hostile.json"
    rubric_file.write_bytes(orjson.dumps(rubric_json()))
    bad = {**rubric_json(), "id": "bad" + EVIL, "extra" + EVIL: EVIL}
    bad_rubric_file = data.rubrics / "broken.json"
    bad_rubric_file.write_bytes(orjson.dumps(bad))
    profile = {"id": "hostile-school", "name": "School\n" + EVIL, "rubric": "hostile"}
    profile_file = data.profiles / "hostile-school.json"
    profile_file.write_bytes(orjson.dumps(profile))
    # A session file that is not one, under a name that holds an escape code itself.
    (data.sessions / "bad\x1b]0;T\x07name.json").write_bytes(b"\x1b[2J not JSON " + EVIL.encode())

    rubric = load_library(data.rubrics).get("hostile")
    assert rubric is not None, "the hostile rubric must load: it is valid, only hostile"
    school = Profile.model_validate(profile)
    start = datetime(2020, 1, 6, 9, tzinfo=UTC)
    sessions = []
    for day in range(3):
        at = start + timedelta(days=day)
        session = new_session(
            teacher=TEACHER,
            class_name="Y8\n" + EVIL,
            coach="Coach " + EVIL,
            rubric=rubric,
            focus=CODES[:2],
            planned_minutes=15,
            at=at,
            profile=school,
        ).with_elements(rubric, CODES)
        notes = tuple(
            Note(
                id=f"n{day}{i}",
                at=at + timedelta(seconds=30 * (i + 1)),
                offset=30.0 * (i + 1),
                text=f"{WORD} note {i}\n{EVIL}",
                tags=(code,),
                kind=kind,
            )
            for i, (code, kind) in enumerate(zip(CODES, NoteKind, strict=False))
        )
        secret = Note(
            id=f"secret{day}",
            at=at + timedelta(seconds=200),
            offset=200.0,
            text=f"SECRET {WORD} " + EVIL,
            private=True,
        )
        sessions.append(session.model_copy(update={"notes": (*notes, secret)}))
    complete, observed, observing = sessions[2], sessions[1], sessions[0]
    cite = (Citation(note_id="n20", offset=30.0), Citation(note_id="secret2", offset=200.0))
    debrief = Debrief(
        status="complete",
        completed_at=complete.started_at + timedelta(hours=2),
        answers={
            Stage.DESCRIBE: Answer(text=f"{WORD} described\n{EVIL}", citations=cite),
            Stage.EVALUATE: Answer(text="Evaluated " + EVIL),
            Stage.ANALYSE: Answer(text="HIDDEN analysis " + EVIL, private=True),
            Stage.NEXT_STEP: Answer(text="Praise " + EVIL),
        },
        ratings=(Rating(code=CODES[0], scale="score", value="2" + EVIL, citations=cite),),
        step=ActionStep(text=f"{WORD} step\n{EVIL}", element=CODES[0], model="Model " + EVIL),
        rehearsal=(RehearsalRound(tried="Tried " + EVIL, feedback="Feedback\n" + EVIL),),
        goal=Goal(when="When " + EVIL, how="How\n" + EVIL),
        step_review="Review " + EVIL,
    )
    complete = complete.model_copy(
        update={
            "status": "observed",
            "ended_at": complete.started_at + timedelta(minutes=15),
            "debrief": debrief,
        }
    )
    observed = observed.model_copy(
        update={"status": "observed", "ended_at": observed.started_at + timedelta(minutes=15)}
    )
    goal = TeacherGoal(id="g1", title="Goal " + EVIL, elements=(CODES[0],), set_in=complete.id)
    observing = observing.model_copy(update={"debrief": Debrief(teacher_goal=goal)})
    store = SessionStore(data.sessions)
    for session in (complete, observed, observing):
        store.save(session)
    data.steps.mkdir(exist_ok=True)
    (data.steps / "hostile-steps.json").write_bytes(orjson.dumps(bank_json()))
    room = WalkRoom(
        teacher=TEACHER,
        step=complete.debrief.step.text,
        element=CODES[0],
        coach="Coach " + EVIL,
        agreed=complete.started_at.date(),
        session_id=complete.id,
        result="partly",
        note=f"{WORD} walk note\n{EVIL}",
        at=complete.started_at + timedelta(days=2),
    )
    walk = Walk(id="walk-1", walker="Walker " + EVIL, started_at=room.at, rooms=(room,))
    WalkStore(data.walks).save(walk, 1)
    return Hostile(data, complete, observed, observing, rubric_file, profile_file, bad_rubric_file)
