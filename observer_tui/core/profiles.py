"""School profiles: one file per school with its rubric, lesson length, snapshots and prompts.

A coach who works in three schools picks the school on the start screen, and the right
rubric, length, snapshot marks and debrief prompts follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import orjson
from pydantic import Field, StringConstraints, ValidationError

from observer_tui.core.files import PROFILE_FILE, quoted, read_file, shortened
from observer_tui.core.rubric import (
    ID_PATTERN,
    DebriefPrompts,
    FileModel,
    Rubric,
    SnapshotMark,
    SnapshotSpec,
    Text,
)
from observer_tui.core.rubrics import MISSING, InvalidFile, read_json_object, validation_problems

_NO_RUBRIC = "rubric: the profile has no rubric field (add the id of the school's rubric)"


class Profile(FileModel):
    """A school's defaults, stored as `profiles/<id>.json` in the data folder."""

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    """A stable identifier, lowercase: 'oak-primary'."""
    name: Text
    """The school, as the coach calls it."""
    rubric: str
    """The id of the rubric the school uses."""
    duration_minutes: int | None = Field(default=None, ge=1, le=240)
    """The usual drop-in length there; the rubric's default when missing."""
    snapshot_marks: tuple[SnapshotMark, ...] | None = None
    """When time-on-task snapshots are due there, replacing the rubric's marks."""
    debrief_prompts: DebriefPrompts | None = None
    """Debrief questions; each stage given here replaces the rubric's for that stage."""

    def minutes(self, rubric: Rubric) -> int:
        """The planned length at this school with this rubric."""
        return self.duration_minutes or rubric.observation.duration_minutes

    def snapshots(self, rubric: Rubric) -> SnapshotSpec | None:
        """The rubric's snapshot fields, due at this school's marks."""
        spec = rubric.observation.snapshots
        if spec is None or self.snapshot_marks is None:
            return spec
        return spec.model_copy(update={"marks": self.snapshot_marks})

    def prompts(self, rubric: Rubric) -> DebriefPrompts | None:
        """The rubric's prompts with this school's stages put in their place."""
        if self.debrief_prompts is None:
            return rubric.debrief_prompts
        base = rubric.debrief_prompts or DebriefPrompts()
        given = {
            stage: questions
            for stage in DebriefPrompts.model_fields
            if (questions := getattr(self.debrief_prompts, stage))
        }
        return base.model_copy(update=given)


@dataclass(frozen=True)
class ProfileEntry:
    """One profile file: a usable profile, or the reasons it is not."""

    path: Path
    profile: Profile | None = None
    problems: tuple[str, ...] = ()


def parse_profile(data: bytes, rubrics: dict[str, Rubric]) -> Profile:
    """A profile whose rubric exists; InvalidFile lists every problem with its field."""
    raw = read_json_object(data, "a school profile")
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as error:
        problems = validation_problems(error)
        raise InvalidFile(
            [_NO_RUBRIC if p == "rubric: " + MISSING else p for p in problems]
        ) from None
    rubric = rubrics.get(profile.rubric)
    if rubric is None:
        known = ", ".join(sorted(rubrics))
        raise InvalidFile([f"rubric: no rubric {quoted(profile.rubric)} (have: {known})"])
    if profile.snapshot_marks is not None and rubric.observation.snapshots is None:
        raise InvalidFile(
            [
                f"snapshot_marks: {shortened(rubric.name)} has no time-on-task snapshots; "
                "remove the marks"
            ]
        )
    return profile


def load_profiles(folder: Path, rubrics: dict[str, Rubric]) -> list[ProfileEntry]:
    """Every profile file in the folder, by file name; invalid ones carry their problems."""
    entries: list[ProfileEntry] = []
    seen: dict[str, Path] = {}
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    inside = (folder, folder.parent)  # the profiles folder and the data folder it is in
    for path in paths:
        try:
            profile = parse_profile(read_file(path, PROFILE_FILE, inside), rubrics)
        except InvalidFile as error:
            entries.append(ProfileEntry(path, problems=tuple(error.problems)))
            continue
        except OSError as error:
            reason = error.strerror or str(error)
            entries.append(ProfileEntry(path, problems=(f"cannot read: {reason}",)))
            continue
        if profile.id in seen:
            problem = f"id: '{profile.id}' is also the id of {seen[profile.id].name}; change one"
            entries.append(ProfileEntry(path, problems=(problem,)))
            continue
        seen[profile.id] = path
        entries.append(ProfileEntry(path, profile))
    return entries


def starter_profile(profile_id: str, name: str, rubric: Rubric, minutes: int | None) -> bytes:
    """A new profile file that explains its own fields."""
    data: dict[str, object] = {
        "$comment": (
            "A school profile for observer-tui. 'rubric' is a rubric id (observer-tui rubrics "
            "list). Optional: 'duration_minutes'; 'snapshot_marks' as a list of "
            "{'start_minute': 4, 'end_minute': 5}; 'debrief_prompts' with lists of questions "
            "under 'describe', 'evaluate', 'analyse' or 'next_step', each replacing the "
            "rubric's questions for that stage."
        ),
        "id": profile_id,
        "name": name,
        "rubric": rubric.id,
        "duration_minutes": minutes or rubric.observation.duration_minutes,
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
