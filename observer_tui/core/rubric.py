"""The rubric (observation framework) model: areas, elements, scales, snapshots, prompts."""

from __future__ import annotations

import re
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

CODE_PATTERN = r"^[^\s#]{1,24}$"
"""An element code: 1-24 characters, no whitespace and no '#', so '#CODE' always parses."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""A rubric or profile id, also its file name: 'teach', 'five-challenges'."""

QUICK_TAGS = "Quick tags"
"""The area quick tags are listed under (and copied into sessions with)."""

Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class RubricError(ValueError):
    """A rubric-level problem found after field validation; `loc` is the field path."""

    def __init__(self, loc: str, message: str) -> None:
        super().__init__(f"{loc}: {message}")
        self.loc = loc
        self.message = message


class FileModel(BaseModel):
    """Unknown fields are errors (a misspelt field must not be silently dropped), except
    "$comment", which any object may carry to explain itself to whoever edits the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_comment(cls, data: Any) -> Any:
        if isinstance(data, dict) and "$comment" in data:
            return {key: value for key, value in data.items() if key != "$comment"}
        return data


class ScaleLevel(FileModel):
    """One point on a rating scale."""

    value: str = Field(min_length=1)
    """What is stored, e.g. '3' or 'M'."""
    label: str = ""
    """What is shown, e.g. 'Medium'."""


class RatingScale(FileModel):
    """A rating scale, e.g. element scores 1-5 or behaviour ratings L/M/H/N/A."""

    id: Text
    """How other parts of the rubric refer to this scale."""
    name: Text
    """Shown to the coach."""
    applies_to: str = "element"
    """What is rated on this scale: 'element' or 'look_for'."""
    levels: list[ScaleLevel] = Field(min_length=2)
    """The points of the scale, lowest first."""


class Element(FileModel):
    """One element of an area, tagged in notes by its code."""

    code: Code
    """The short code used as a tag: '4', '4.2', 'CFU', 'D/V'."""
    name: Text
    """The element's name."""
    description: str = ""
    """One line saying what the element is about."""
    look_fors: list[Text] = Field(default_factory=list)
    """Observable behaviours or look-fors."""


class Domain(FileModel):
    """An area of the rubric, holding elements."""

    name: Text
    """The area's name, e.g. 'Instruction'."""
    elements: list[Element] = Field(min_length=1)
    """Its elements, in display order."""


class SnapshotOption(FileModel):
    """One answer to a snapshot field, chosen with a single key."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]$")]
    """The key that picks this option (one lowercase letter or digit)."""
    value: Text
    """What is stored."""
    label: Text
    """What is shown."""


class SnapshotField(FileModel):
    """Something each time-on-task snapshot records."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    """The key under which the answer is stored."""
    label: Text
    """The question shown to the coach."""
    options: tuple[SnapshotOption, ...] = Field(min_length=2)
    """The possible answers."""

    @model_validator(mode="after")
    def _unique_keys(self) -> Self:
        seen: set[str] = set()
        for index, option in enumerate(self.options):
            if option.key in seen:
                raise RubricError(f"options[{index}].key", f"duplicate key '{option.key}'")
            seen.add(option.key)
        return self


class SnapshotMark(FileModel):
    """When a snapshot is due, in minutes from the start of the observation."""

    start_minute: float = Field(ge=0)
    """The snapshot becomes due at this minute."""
    end_minute: float
    """And should be taken before this one."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end_minute <= self.start_minute:
            raise RubricError("end_minute", "must be later than start_minute")
        return self


class SnapshotSpec(FileModel):
    """Time-on-task snapshots: when they are due and what each records. Sessions keep a copy,
    so it holds tuples, like every value inside a Session."""

    marks: tuple[SnapshotMark, ...] = ()
    """When a snapshot is due; a snapshot can also be taken at any time."""
    fields: tuple[SnapshotField, ...] = Field(min_length=1)
    """What each snapshot records, in order."""


class IntervalSpec(FileModel):
    """Interval coding (COPUS-style): the observation is cut into fixed intervals and the
    coach ticks which of the framework's codes happened in each."""

    minutes: float = Field(gt=0, le=60)
    """The length of one interval, e.g. 2; observing time only (pauses do not count)."""


class ObservationDefaults(FileModel):
    """Defaults for a drop-in with this rubric."""

    duration_minutes: int = Field(default=15, ge=1, le=240)
    """The planned length of a drop-in."""
    snapshots: SnapshotSpec | None = None
    """Time-on-task snapshots, if the rubric uses them."""
    intervals: IntervalSpec | None = None
    """Interval coding, if the rubric uses it: every element is a code to tick."""


class DebriefPrompts(FileModel):
    """Guiding questions for each debrief stage (tuples: sessions keep a copy)."""

    describe: tuple[Text, ...] = ()
    evaluate: tuple[Text, ...] = ()
    analyse: tuple[Text, ...] = ()
    next_step: tuple[Text, ...] = ()


class Calibration(FileModel):
    """The bar two coaches' element ratings of one lesson must meet to count as calibrated."""

    within: int = Field(default=1, ge=0)
    """How many points apart two ratings of an element may be and still agree."""
    share: float = Field(default=0.8, gt=0, le=1)
    """The share of the elements both rated that must agree so, e.g. 0.8 for 80%."""


class Rubric(FileModel):
    """An observation framework: areas of elements, each tagged by a code."""

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    """A stable identifier, lowercase: 'teach', 'five-challenges'."""
    name: Text
    """Shown to the coach."""
    version: Text
    """Bumped when the rubric changes; sessions record it."""
    source: str = ""
    """Where the framework comes from and its licence or attribution."""
    scales: list[RatingScale] = Field(default_factory=list)
    """Optional rating scales."""
    domains: list[Domain] = Field(min_length=1)
    """The areas, in display order."""
    quick_tags: list[Element] = Field(default_factory=list)
    """Tags outside the framework, e.g. 'T' for transitions."""
    observation: ObservationDefaults = Field(default_factory=ObservationDefaults)
    """Defaults for a drop-in."""
    debrief_prompts: DebriefPrompts | None = None
    """Guiding questions for the debrief, if the rubric has its own."""
    calibration: Calibration = Field(default_factory=Calibration)
    """The co-observation bar; 80% of elements within one point unless the rubric says."""

    @model_validator(mode="after")
    def _unique_codes(self) -> Self:
        seen: dict[str, str] = {}
        places = [
            (f"domains[{d}].elements[{e}].code", element.code)
            for d, domain in enumerate(self.domains)
            for e, element in enumerate(domain.elements)
        ] + [(f"quick_tags[{q}].code", tag.code) for q, tag in enumerate(self.quick_tags)]
        for loc, code in places:
            folded = code.casefold()
            if folded in seen:
                raise RubricError(
                    loc,
                    f"duplicate code '{code}' (also at {seen[folded]}); "
                    "give each element its own code",
                )
            seen[folded] = loc
        return self

    def areas(self) -> list[tuple[str, list[Element]]]:
        """Each area's name and elements, with the quick tags last under 'Quick tags'."""
        areas = [(domain.name, domain.elements) for domain in self.domains]
        return areas + ([(QUICK_TAGS, self.quick_tags)] if self.quick_tags else [])

    def all_elements(self) -> list[tuple[str, Element]]:
        """Every taggable element with its area name, quick tags last."""
        return [(area, element) for area, elements in self.areas() for element in elements]

    @property
    def element_count(self) -> int:
        """The framework's elements, quick tags left out."""
        return sum(len(domain.elements) for domain in self.domains)

    def is_quick_tag(self, code: str) -> bool:
        """Whether the code is one of the quick tags, not an element of the framework."""
        folded = code.casefold()
        return any(tag.code.casefold() == folded for tag in self.quick_tags)

    def find(self, code: str) -> Element | None:
        """The element whose code matches, ignoring case."""
        folded = code.casefold()
        for _, element in self.all_elements():
            if element.code.casefold() == folded:
                return element
        return None


def is_valid_code(code: str) -> bool:
    """Whether a string can be an element code."""
    return re.fullmatch(CODE_PATTERN, code) is not None
