"""Learning walks: a couple of minutes in each of many rooms, each teacher's step in hand.

A walk is its own file in `walks/` of the data folder, one per walk (never a file every
laptop writes), named by when it started and a random part, never by a teacher's name. It
is written like a session: a private temp file, fsynced, renamed over the file, after each
room's result, so a kill loses nothing recorded. A walk file that cannot be read is named
in a problem and left as it is.

Walks are read straight from their folder, not indexed: a walk is a few hundred bytes per
room, and reading 2,000 of them takes a fraction of a second (bench/walks.py).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict, StringConstraints, ValidationError

from observer_tui.core.files import FileKind, json_problem, read_file
from observer_tui.core.index import SessionIndex
from observer_tui.core.stats import active_steps

WALK_SCHEMA_VERSION = 1
WALK_FILE = FileKind("learning walk", 4 * 1024 * 1024)
"""A walk of 40 rooms with notes is about 20 KB."""
ROOM_SECONDS = 120
"""How long a room is planned to take: the timer counts it down."""
WALK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,100}$"

Seen = Literal["seen", "partly", "not_seen"]
"""What the walker saw of the step: seen, partly seen, not seen."""
SEEN_WORDS: dict[str, str] = {"seen": "seen", "partly": "partly seen", "not_seen": "not seen"}
"""How each result reads on screen and in output: 'step partly seen'."""


class _Record(BaseModel):
    # extra="allow": a newer version's fields are kept when this one writes the walk again.
    model_config = ConfigDict(frozen=True, extra="allow")


class WalkRoom(_Record):
    """One teacher's room on the walk, with the step to look for and what was seen."""

    teacher: str
    """As the teacher's newest session spells the name."""
    step: str
    """The active step, as agreed."""
    element: str | None = None
    """The element the step serves, if the debrief named one."""
    coach: str = ""
    """Who agreed the step."""
    agreed: date
    """The day of the drop-in whose debrief agreed it."""
    session_id: str
    """The session the step was agreed in: a walk result counts for that step only."""
    result: Seen | None = None
    """None until the walker records it."""
    note: str = ""
    """What the walker noted, optional."""
    at: AwareDatetime | None = None
    """When the result was recorded."""


class Walk(_Record):
    """One learning walk: the rooms in the order walked, each with its result."""

    schema_version: Literal[1] = 1
    id: Annotated[str, StringConstraints(pattern=WALK_ID_PATTERN)]
    """Also the file name: lowercase letters, digits and dashes, never a teacher's name."""
    walker: str = ""
    """Who walked (the coach or leader's name)."""
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    rooms: tuple[WalkRoom, ...] = ()

    def to_json(self) -> bytes:
        """The file's bytes."""
        return orjson.dumps(self.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n"

    def recorded(self, room: int, result: Seen, note: str, at: datetime) -> Walk:
        """The walk with room number `room` (0-based) recorded."""
        rooms = list(self.rooms)
        rooms[room] = rooms[room].model_copy(
            update={"result": result, "note": " ".join(note.split()), "at": at}
        )
        return self.model_copy(update={"rooms": tuple(rooms)})


def new_walk_id(at: datetime) -> str:
    """A unique, safe id (and file name): the start time and a random part."""
    return f"{at:%Y%m%d-%H%M}-walk-{uuid.uuid4().hex[:8]}"


def new_walk(rooms: Sequence[WalkRoom], walker: str, at: datetime) -> Walk:
    """A walk starting now over `rooms`."""
    return Walk(id=new_walk_id(at), walker=walker, started_at=at, rooms=tuple(rooms))


# Reading


@dataclass(frozen=True)
class WalkProblem:
    """A walk file that could not be read; it is left untouched."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def parse_walk(data: bytes) -> Walk:
    """A walk from a file's bytes; ValueError says what is wrong with them."""
    from observer_tui.core.rubrics import format_validation_error

    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(json_problem(data, error)) from None
    if not isinstance(raw, dict):
        raise ValueError("not a learning walk (a JSON object is expected); left untouched")
    version = raw.get("schema_version")
    if type(version) is int and version > WALK_SCHEMA_VERSION:
        raise ValueError(
            f"schema_version {version} is newer than this app reads ({WALK_SCHEMA_VERSION}); "
            "update observer-tui; left untouched"
        )
    if type(version) is not int:
        raise ValueError("schema_version must be the whole number 1; left untouched")
    try:
        return Walk.model_validate(raw)
    except ValidationError as error:
        raise ValueError(f"{format_validation_error(error)}; left untouched") from None


def read_walk(path: Path, inside: Sequence[Path] = ()) -> Walk:
    """One walk file; ValueError or OSError says what is wrong with it."""
    return parse_walk(read_file(path, WALK_FILE, inside))


def load_walks(folder: Path) -> tuple[list[Walk], list[WalkProblem]]:
    """Every walk in the folder, newest first, and the files that could not be read."""
    walks: list[Walk] = []
    problems: list[WalkProblem] = []
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [WalkProblem(folder, error.strerror or str(error))]
    for name in names:
        if not name.endswith(".json") or name.startswith("."):
            continue
        path = folder / name
        try:
            walks.append(read_walk(path, (folder, folder.parent)))
        except (ValueError, OSError) as error:
            message = error.strerror if isinstance(error, OSError) and error.strerror else error
            problems.append(WalkProblem(path, str(message)))
    walks.sort(key=lambda walk: walk.started_at, reverse=True)
    return walks, problems


# Writing


class WalkStore:
    """Writes walk files: atomically, privately, and never an older value over a newer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._written: dict[str, int] = {}

    def path_for(self, walk: Walk) -> Path:
        return self.folder / f"{walk.id}.json"

    def save(self, walk: Walk, revision: int) -> Path:
        """Write `walk` unless a later revision of it is already on disk (saves may come
        from several worker threads); OSError if the disk refuses."""
        from observer_tui.core.locations import private_folder
        from observer_tui.core.storage import write_atomic

        path = self.path_for(walk)
        with self._lock:
            if self._written.get(walk.id, -1) >= revision:
                return path
            private_folder(self.folder)
            write_atomic(path, walk.to_json())
            self._written[walk.id] = revision
        return path


# The rooms to walk


@dataclass(frozen=True)
class WalkResult:
    """What a walk found of one teacher's step."""

    walk_id: str
    at: datetime
    result: Seen
    note: str
    session_id: str
    """The session whose step it was."""
    step: str

    def line(self) -> str:
        """'walk 12 Mar: step seen · pupils explained back'."""
        text = f"walk {self.at.astimezone():%d %b}: step {SEEN_WORDS[self.result]}"
        return f"{text} · {self.note}" if self.note else text


def walk_results(walks: Iterable[Walk]) -> dict[str, list[WalkResult]]:
    """Each teacher's walk results by name key (casefolded), newest first."""
    found: dict[str, list[WalkResult]] = {}
    for walk in walks:
        for room in walk.rooms:
            if room.result is None or room.at is None:
                continue
            result = WalkResult(
                walk.id, room.at, room.result, room.note, room.session_id, room.step
            )
            found.setdefault(room.teacher.strip().casefold(), []).append(result)
    for results in found.values():
        results.sort(key=lambda r: r.at, reverse=True)
    return found


def results_for(walks: Iterable[Walk], teacher: str) -> list[WalkResult]:
    """One teacher's walk results, newest first."""
    return walk_results(walks).get(teacher.strip().casefold(), [])


@dataclass(frozen=True)
class Room:
    """A room to walk into, and when its teacher was last visited."""

    room: WalkRoom
    last_visit: datetime | None
    """The later of their last drop-in and their last walk; None if neither."""
    last_result: WalkResult | None
    """The newest walk result for this very step, if any."""


def walk_plan(
    index: SessionIndex,
    walks: Iterable[Walk],
    *,
    coach: str | None = None,
    profile: str | None = None,
    names: Sequence[str] = (),
) -> tuple[list[Room], list[str]]:
    """The teachers with an active step, whoever was visited longest ago first, and a line
    for each name asked for that has none.

    A teacher's step is the newest of their active steps (with `coach`, the newest by a
    coach whose name holds it); `profile` keeps the teachers whose last drop-in was at that
    school; `names` keeps the teachers whose names hold one of them."""
    results = walk_results(walks)
    wanted_coach = coach.strip().casefold() if coach else None
    wanted = [name.strip().casefold() for name in names if name.strip()]
    rooms: list[Room] = []
    for key, (teacher, steps) in active_steps(index).items():
        if wanted_coach is not None:
            steps = [s for s in steps if wanted_coach in s.coach.casefold()]
        if not steps or (wanted and not any(name in key for name in wanted)):
            continue
        last = index.execute(
            "SELECT profile, max(started_epoch) FROM sessions WHERE teacher_key = ?", [key]
        ).fetchone()
        if profile is not None and last[0] != profile:
            continue
        step = steps[0]  # newest first
        (element,) = index.execute(
            "SELECT step_element FROM sessions WHERE id = ?", [step.session]
        ).fetchone() or (None,)
        mine = results.get(key, [])
        visits = [datetime.fromtimestamp(last[1]).astimezone()] if last[1] is not None else []
        visits += [mine[0].at] if mine else []
        room = WalkRoom(
            teacher=teacher,
            step=step.step,
            element=element or None,
            coach=step.coach,
            agreed=step.agreed,
            session_id=step.session,
        )
        same_step = next((r for r in mine if r.session_id == step.session), None)
        rooms.append(Room(room, max(visits) if visits else None, same_step))
    rooms.sort(
        key=lambda r: (r.last_visit.timestamp() if r.last_visit else float("-inf"), r.room.teacher)
    )
    missing = [
        f"No active step for '{name}': no teacher of that name has a step not yet followed up"
        + (" (with that coach or school)" if coach or profile else "")
        for name in names
        if name.strip()
        and not any(name.strip().casefold() in r.room.teacher.casefold() for r in rooms)
    ]
    return rooms, missing


@dataclass(frozen=True)
class WalkFigures:
    """How the active steps fared on walks: 'active steps seen on walks: 12 of 20'."""

    active: int
    """Teachers with an active step (their newest)."""
    seen: int
    partly: int
    not_seen: int
    """Each of the active steps by its newest walk result; the rest were not walked."""

    @property
    def walked(self) -> int:
        return self.seen + self.partly + self.not_seen

    def line(self) -> str:
        """One line for stats."""
        return (
            f"Active steps seen on walks: {self.seen} of {self.active}"
            f" ({self.partly} partly, {self.not_seen} not seen,"
            f" {self.active - self.walked} not walked yet)"
        )

    def as_json(self) -> dict[str, int]:
        return {
            "active_steps": self.active,
            "seen": self.seen,
            "partly": self.partly,
            "not_seen": self.not_seen,
            "not_walked": self.active - self.walked,
        }


def walk_figures(
    index: SessionIndex, walks: Iterable[Walk], *, coach: str | None = None
) -> WalkFigures:
    """Of the teachers' active steps (with `coach`, that coach's), how many a walk saw."""
    rooms, _ = walk_plan(index, walks, coach=coach)
    counts = {"seen": 0, "partly": 0, "not_seen": 0}
    for room in rooms:
        if room.last_result is not None:
            counts[room.last_result.result] += 1
    return WalkFigures(len(rooms), **counts)


def with_walk_figures(output: str, figures: WalkFigures, fmt: str) -> str:
    """The quality figures' output (`format_quality`) with the walks' figures added: a
    line of the table, a `walks` object in JSON, a section of the CSV."""
    from observer_tui.core.tables import csv_text
    from observer_tui.core.visible import visible_json

    if fmt == "json":
        data = orjson.loads(output)
        data["walks"] = figures.as_json()
        return visible_json(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"
    if fmt == "csv":
        keys = list(figures.as_json())
        return output + csv_text(
            [[], ["walks_" + k for k in keys], list(figures.as_json().values())],
            lineterminator="\n",
        )
    return output + figures.line() + ".\n"
