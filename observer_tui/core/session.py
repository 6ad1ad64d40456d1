"""The observation session: notes, pauses and snapshots, with time measured as the coach sees it.

A Session is a value: frozen, with tuples and never-mutated mappings inside. Each change makes
a new Session (`model_copy(update=...)`, which shares the unchanged parts), so whoever holds
one (the writer thread, the index, a screen) can read it while the coach keeps typing.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Annotated, Literal, cast

import orjson
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    StringConstraints,
    field_validator,
    model_serializer,
)

from observer_tui.core.debrief import Debrief, TeacherGoal
from observer_tui.core.kinds import NoteKind
from observer_tui.core.profiles import Profile
from observer_tui.core.rubric import Code, DebriefPrompts, Rubric, SnapshotSpec

SCHEMA_VERSION = 1
Cadence = Literal["weekly", "fortnightly"]
"""How often a teacher is seen."""
CADENCE_DAYS: dict[str, int] = {"weekly": 7, "fortnightly": 14}
SESSION_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,100}$"


class _Record(BaseModel):
    # extra="allow": fields a newer version wrote are kept, and written back when this
    # version saves (an older laptop in the team must not strip them).
    model_config = ConfigDict(frozen=True, extra="allow")


class Note(_Record):
    """One timestamped piece of evidence. Frozen: an edit makes a new Note with the same id."""

    id: str
    """Stable within the session."""
    at: AwareDatetime
    """Wall-clock time of the note's first keystroke."""
    offset: float = Field(ge=0)
    """Seconds from the start of the observation to `at`, pauses excluded."""
    text: str
    """What the coach wrote, without the kind prefix and the tags."""
    tags: tuple[Code, ...] = ()
    """Element codes, as the rubric spells them."""
    kind: NoteKind = NoteKind.PLAIN
    """Strength, growth area, question, surprise or plain."""
    private: bool = False
    """Coach-only: left out of what the teacher sees."""
    edited_at: AwareDatetime | None = None
    """When the text, tags, kind or privacy last changed; None if never. When two laptops
    changed the same note, the later edit wins (core/merge.py)."""
    private_at: AwareDatetime | None = None
    """When the coach-only mark last changed; None if never. It has its own time so that
    a later fix of the text on another laptop does not undo a coach-only mark."""

    @property
    def changed_at(self) -> datetime:
        """When this version of the note was made: its last edit, else its first keystroke."""
        return self.edited_at or self.at

    @property
    def private_changed_at(self) -> datetime:
        """When this version's coach-only mark was set: its own time, else the note's start."""
        return self.private_at or self.at

    @model_serializer(mode="wrap")
    def _leave_out_unedited(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # A note never edited is written as every version before edit times wrote it.
        data: dict[str, object] = handler(self)
        for stamp in ("edited_at", "private_at"):
            if data.get(stamp, 0) is None:
                del data[stamp]
        return data


class Pause(_Record):
    """An interruption; time in it does not count."""

    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None


class Snapshot(_Record):
    """A time-on-task snapshot: a few seconds' scan of the room."""

    id: str
    at: AwareDatetime
    """When it was taken."""
    offset: float = Field(ge=0)
    """Seconds from the start, pauses excluded."""
    mark: int | None = None
    """Which of the rubric's marks it answers (0-based), or None if taken at another time."""
    values: Mapping[str, str]
    """Answer per snapshot field id, e.g. {'learning_activity': 'yes', 'off_task': '2-5'}."""


class IntervalPlan(_Record):
    """Interval coding as the session was set up: a copy of the rubric's, so the file
    reads right if the rubric changes or is gone."""

    minutes: float = Field(gt=0, le=60)
    """The length of one interval, observing time only."""
    codes: tuple[Code, ...] = Field(min_length=1)
    """The codes ticked per interval, in the rubric's order (area by area)."""


class IntervalTicks(_Record):
    """What was ticked in one interval, and when each code was last ticked or cleared
    (the stamps let two laptops' ticks merge: core/merge.py)."""

    number: int = Field(ge=1)
    """1 for the first interval."""
    codes: tuple[Code, ...] = ()
    """The codes ticked, in the plan's order."""
    edited: Mapping[str, AwareDatetime] = Field(default_factory=dict)
    """When each code was last ticked or cleared, by code."""


class RubricRef(_Record):
    """Which rubric, and which version of it, the session used."""

    id: str
    name: str
    version: str


class ElementCopy(_Record):
    """A copy of an element the session refers to, so it reads right if the rubric changes."""

    code: str
    name: str
    area: str


class PreviousStep(_Record):
    """The step agreed at the teacher's last debrief, brought forward to check on it."""

    session_id: str
    """The session where it was agreed."""
    at: AwareDatetime
    """When that drop-in started."""
    step: str
    element: str | None = None
    goal: str = ""
    follow_up: str | None = None
    """The follow-up date that was set, ISO."""


class Session(BaseModel):
    """One drop-in: who, what, when, and every note. Stored as one JSON file."""

    # populate_by_name: code says class_name=, files keep the key "context".
    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    schema_version: Literal[1] = 1
    """A JSON integer: a Literal alone would let true and 1.0 pass for 1."""
    id: Annotated[str, StringConstraints(pattern=SESSION_ID_PATTERN)]
    """Also the file name, so it is kept safe: lowercase letters, digits and dashes."""
    teacher: str = ""
    class_name: str = Field(default="", alias="context")
    """The class, subject or lesson; "context" in the file, as every version has written it."""
    coach: str = ""
    rubric: RubricRef
    elements: Mapping[str, ElementCopy] = Field(default_factory=dict)
    """The focus elements and every element a note was tagged with, by code."""
    snapshot_spec: SnapshotSpec | None = None
    """A copy of the rubric's snapshot definition, if it has one."""
    profile: str = ""
    """The id of the school profile the drop-in was set up with, if any."""
    debrief_prompts: DebriefPrompts | None = None
    """A copy of the school's debrief questions, when its profile changes the rubric's."""
    focus: tuple[str, ...] = Field(default=(), max_length=2)
    """One or two element codes the drop-in looks at."""
    previous: PreviousStep | None = None
    """The teacher's last agreed step, which this drop-in follows up."""
    asked: str = ""
    """The check-in: what the teacher asked the coach to look at; left out of the file when
    empty, so files of earlier versions read and write as they were."""
    planned_minutes: int = Field(default=15, ge=1, le=240)
    cadence: Cadence = "weekly"
    """How often the teacher is seen, as set on this drop-in's form: the caseload's
    "due this week" adds it to the teacher's last drop-in."""
    status: Literal["observing", "observed"] = "observing"
    """Observing until the coach ends the observation."""
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    pauses: tuple[Pause, ...] = ()
    snapshots: tuple[Snapshot, ...] = ()
    notes: tuple[Note, ...] = ()
    interval_plan: IntervalPlan | None = None
    """Interval coding, if the rubric uses it; None for every other drop-in."""
    intervals: tuple[IntervalTicks, ...] = ()
    """The ticks of each interval that has any, by number (core/intervals.py)."""
    deleted_notes: Mapping[str, AwareDatetime] = Field(default_factory=dict)
    """When each deleted note was deleted, by id: a merge with another laptop's copy does
    not bring it back unless that copy edited it later (an undo does)."""
    debrief: Debrief = Field(default_factory=Debrief)
    """The conversation after the lesson."""

    @field_validator("schema_version", mode="before")
    @classmethod
    def _whole_number(cls, version: object) -> object:
        if type(version) is not int:
            raise ValueError("must be a whole number")
        return version

    _copied: Mapping[str, object] = PrivateAttr(default_factory=dict)
    """The rubric copies (`snapshot_spec`, `debrief_prompts`) as the file held them, when a
    newer version wrote fields into them that this one does not know (see `from_file`)."""

    @classmethod
    def from_file(cls, raw: dict[str, object]) -> Session:
        """A session from a file's parsed JSON. Its rubric copies are checked as strictly as
        rubric files, but fields a newer version added to them are set aside and written
        back when this version saves, so no laptop strips another's."""
        copied = {}
        for name in _RUBRIC_COPIES:
            value = raw.get(name)
            if isinstance(value, dict) and (known := _without_unknown(name, value)) is not value:
                copied[name], raw = value, {**raw, name: known}
        session = cls.model_validate(raw)
        session._copied = copied
        return session

    @model_serializer(mode="wrap")
    def _as_in_file(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        data: dict[str, object] = handler(self)
        # A session with nothing deleted is written as every version before tombstones wrote it.
        if not data.get("deleted_notes", True):
            del data["deleted_notes"]
        # And a drop-in without interval coding, as every version before it wrote one.
        if data.get("interval_plan", 0) is None:
            del data["interval_plan"]
        if data.get("intervals") == []:
            del data["intervals"]
        # Likewise a weekly teacher, the cadence every version before it assumed.
        if data.get("cadence") == "weekly":
            del data["cadence"]
        if data.get("asked") == "":
            del data["asked"]
        for name, value in self._copied.items():
            data[name] = _with_unknown(data.get(name), value)
        return data

    @property
    def paused(self) -> bool:
        """Whether the observation is paused now."""
        return bool(self.pauses) and self.pauses[-1].ended_at is None

    def elapsed(self, at: datetime) -> float:
        """Seconds of observation up to `at`: pauses excluded, stopped at the end."""
        if self.ended_at is not None and at > self.ended_at:
            at = self.ended_at
        total = (at - self.started_at).total_seconds()
        for pause in self.pauses:
            end = min(pause.ended_at or at, at)
            total -= max(0.0, (end - max(pause.started_at, self.started_at)).total_seconds())
        return max(0.0, total)

    def with_elements(self, rubric: Rubric, codes: Iterable[str]) -> Session:
        """The session with copies of the named elements from the rubric, so it reads right
        later; itself if it has them all already."""
        wanted = set(codes) - self.elements.keys()
        if not wanted:
            return self
        added = {
            element.code: ElementCopy(code=element.code, name=element.name, area=area)
            for area, element in rubric.all_elements()
            if element.code in wanted
        }
        return self.model_copy(update={"elements": {**self.elements, **added}}) if added else self

    def to_json(self) -> bytes:
        """The file's bytes, keys as the file format names them (aliases)."""
        return orjson.dumps(self.model_dump(mode="json", by_alias=True))


_RUBRIC_COPIES: dict[str, type[BaseModel]] = {
    "snapshot_spec": SnapshotSpec,
    "debrief_prompts": DebriefPrompts,
}


def _without_unknown(name: str, value: dict[str, object]) -> dict[str, object]:
    """The copy with only the fields this version knows; `value` itself if that is all of
    them (or if it is wrong in another way: validation then says so)."""
    from pydantic import ValidationError

    try:
        _RUBRIC_COPIES[name].model_validate(value)
    except ValidationError as error:
        unknown = [e["loc"] for e in error.errors() if e["type"] == "extra_forbidden"]
        if not unknown or len(unknown) != error.error_count():
            return value
        known = orjson.loads(orjson.dumps(value))
        for where in unknown:
            holder = known
            for step in where[:-1]:
                holder = holder[step]
            del holder[where[-1]]
        return cast(dict[str, object], known)
    return value


def _with_unknown(dumped: object, kept: object) -> object:
    """`dumped` with the keys of `kept` it lacks, at every level (lists by position)."""
    if isinstance(dumped, dict) and isinstance(kept, dict):
        merged = {key: _with_unknown(value, kept.get(key)) for key, value in dumped.items()}
        return merged | {key: value for key, value in kept.items() if key not in dumped}
    if isinstance(dumped, list) and isinstance(kept, list):
        return [_with_unknown(a, b) for a, b in zip(dumped, kept, strict=False)] + dumped[
            len(kept) :
        ]
    return dumped


def new_id() -> str:
    """A short random id for a note or snapshot."""
    return uuid.uuid4().hex[:12]


def slug(name: str, limit: int = 40) -> str:
    """A file-name-safe rendering of a name: ascii letters, digits and dashes only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = "".join(c if c.isalnum() else "-" for c in ascii_name.lower())
    parts = [part for part in cleaned.split("-") if part]
    return "-".join(parts)[:limit].strip("-") or "teacher"


def new_session_id(teacher: str, at: datetime) -> str:
    """A unique, safe id (and file name) whatever the teacher's name: date, slug, random part."""
    return f"{at:%Y%m%d-%H%M}-{slug(teacher)}-{uuid.uuid4().hex[:8]}"


def new_session(
    *,
    teacher: str,
    class_name: str,
    coach: str,
    rubric: Rubric,
    focus: Iterable[str],
    planned_minutes: int,
    at: datetime,
    profile: Profile | None = None,
    previous: PreviousStep | None = None,
    cadence: Cadence = "weekly",
    goal: TeacherGoal | None = None,
    asked: str = "",
) -> Session:
    """A session starting now, with the school profile's snapshot marks and prompts if given,
    and the teacher's current goal carried over (core/goals.py), if any."""
    session = Session(
        id=new_session_id(teacher, at),
        teacher=teacher.strip(),
        class_name=class_name.strip(),
        coach=coach,
        rubric=RubricRef(id=rubric.id, name=rubric.name, version=rubric.version),
        snapshot_spec=profile.snapshots(rubric) if profile else rubric.observation.snapshots,
        profile=profile.id if profile else "",
        debrief_prompts=profile.prompts(rubric) if profile and profile.debrief_prompts else None,
        focus=tuple(focus),
        previous=previous,
        planned_minutes=planned_minutes,
        cadence=cadence,
        asked=" ".join(asked.split()),
        started_at=at,
        debrief=Debrief(teacher_goal=goal),
        interval_plan=_interval_plan(rubric),
    )
    codes = session.interval_plan.codes if session.interval_plan else ()
    goal_codes = goal.elements if goal else ()
    return session.with_elements(rubric, (*session.focus, *goal_codes, *codes))


def _interval_plan(rubric: Rubric) -> IntervalPlan | None:
    """The rubric's interval coding as a session keeps it: every element is a code."""
    spec = rubric.observation.intervals
    if spec is None:
        return None
    codes = tuple(element.code for domain in rubric.domains for element in domain.elements)
    return IntervalPlan(minutes=spec.minutes, codes=codes)
