"""Loading rubric files: the bundled ones and the user's, with one-line errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import orjson
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from observer_tui.core.files import RUBRIC_FILE, json_problem, quoted, read_file, shortened
from observer_tui.core.layers import LayeredEntry, layered
from observer_tui.core.locations import bundled_data
from observer_tui.core.numbers import plural
from observer_tui.core.rubric import ID_PATTERN, Rubric, RubricError
from observer_tui.core.visible import visible

DEFAULT_RUBRIC_ID = "teach"


class InvalidFile(ValueError):
    """A rubric or profile file that cannot be used; `problems` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)
        self.problems = problems


@dataclass(frozen=True)
class RubricProblem:
    """A rubric file that could not be used."""

    path: Path
    """The file."""
    message: str
    """What is wrong, with the field path: 'domains[1].elements[3].code: ...'."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class RubricEntry(LayeredEntry):
    """One rubric file as the library found it: a valid rubric, or the reasons it is not."""

    rubric: Rubric | None = None

    @property
    def key(self) -> str | None:
        return self.rubric.id if self.rubric is not None else None

    def refused(self, problem: str) -> RubricEntry:
        return replace(self, rubric=None, problems=(problem,))

    @property
    def in_use(self) -> bool:
        return self.rubric is not None and not self.overridden


@dataclass
class RubricLibrary:
    """The rubrics available to the coach, by id, and the files that failed."""

    entries: list[RubricEntry]
    """Every rubric file, bundled first, in file-name order."""

    @cached_property
    def rubrics(self) -> dict[str, Rubric]:
        """Valid rubrics by id; a user rubric overrides a bundled one with the same id."""
        return {e.rubric.id: e.rubric for e in self.entries if e.rubric is not None and e.in_use}

    @property
    def problems(self) -> list[RubricProblem]:
        """Files that were skipped, each with its first problem."""
        return [
            RubricProblem(e.path, str(InvalidFile(list(e.problems))))
            for e in self.entries
            if e.problems
        ]

    def get(self, rubric_id: str) -> Rubric | None:
        """The rubric with this id, if any."""
        return self.rubrics.get(rubric_id)

    def change_since(self, rubric_id: str, version: str) -> str:
        """'' if the rubric is here at this version, else a sentence saying what changed."""
        rubric = self.get(rubric_id)
        kept = "the session keeps the names of the elements it used"
        if rubric is None:
            return f"The rubric '{shortened(rubric_id)}' is no longer installed; {kept}."
        if rubric.version != version:
            return (
                f"The rubric {shortened(rubric.name)} has changed since (version "
                f"{shortened(version, 20)} then, {shortened(rubric.version, 20)} now); {kept}."
            )
        return ""

    def default(self) -> Rubric:
        """The rubric used when none is named."""
        rubrics = self.rubrics
        return rubrics.get(DEFAULT_RUBRIC_ID) or next(iter(rubrics.values()))


def _loc(parts: tuple[int | str, ...]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            # A key from the file (an unknown field, a mapping's key) may be any length.
            part = shortened(part, 40)
            text += f".{part}" if text else part
    return text


_TOO_LONG = "List should have at most {max_length} items after validation, not {actual_length}"
"""What pydantic says of too long a list, said so of a file's list read into a tuple too."""

MISSING = "required field is missing (add it)"

_MESSAGES = {
    "extra_forbidden": "unknown field (check its spelling)",
    "missing": MISSING,
    "string_too_short": "must not be empty",
    "too_short": "needs at least {min_length} item(s)",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "string_type": "must be text in quotes",
    "list_type": "must be a list in [ ]",
    "tuple_type": "must be a list in [ ]",
    "too_long": _TOO_LONG,
    "model_type": "must be an object in {{ }}",
}


def _items_failed(detail: ErrorDetails) -> bool:
    """A tuple counts only the items that validated, so a bad item also makes it 'too short';
    a list does not. That second error is dropped: the file's list is long enough."""
    given = detail["input"]
    minimum = detail.get("ctx", {}).get("min_length")
    return (
        detail["type"] == "too_short"
        and isinstance(given, list | tuple)
        and isinstance(minimum, int)
        and len(given) >= minimum
    )


def validation_problems(error: ValidationError) -> list[str]:
    """Every problem of a pydantic validation, each as 'field.path[1]: what is wrong'."""
    problems: list[str] = []
    for detail in error.errors():
        loc = _loc(tuple(detail["loc"]))
        context = detail.get("ctx", {})
        if _items_failed(detail):
            continue
        inner = context.get("error")
        if isinstance(inner, RubricError):
            loc = f"{loc}.{inner.loc}" if loc else inner.loc
            message = inner.message
        elif detail["type"] == "string_pattern_mismatch" and loc.endswith("code"):
            message = (
                f"code {quoted(detail['input'])} must be 1-24 characters with no spaces and no '#'"
            )
        elif context.get("pattern") == ID_PATTERN:
            message = (
                f"id {quoted(detail['input'])} must be lowercase letters, digits, '-' or '_' "
                "(at most 64, starting with a letter or digit)"
            )
        elif detail["type"] in _MESSAGES:
            message = _MESSAGES[detail["type"]].format(**context)
        else:
            message = detail["msg"]
        problems.append(f"{loc}: {message}" if loc else message)
    return problems


def format_validation_error(error: ValidationError) -> str:
    """The first problem of a pydantic validation as 'field.path[1]: message'."""
    return validation_problems(error)[0]


def read_json_object(data: bytes, what: str) -> dict[str, object]:
    """JSON bytes that must hold an object; InvalidFile says why not."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise InvalidFile([json_problem(data, error)]) from None
    if not isinstance(raw, dict):
        raise InvalidFile([f"not {what}: the file must hold a JSON object"])
    return raw


def parse_rubric(data: bytes) -> Rubric:
    """Parse rubric JSON; InvalidFile (a ValueError) lists every problem, field-precise."""
    raw = read_json_object(data, "a rubric")
    try:
        return Rubric.model_validate(raw)
    except ValidationError as error:
        raise InvalidFile(validation_problems(error)) from None


def load_rubric_file(path: Path, inside: Sequence[Path] = ()) -> Rubric:
    """Read and validate one rubric file; InvalidFile or OSError says why not (a named
    pipe, a device, a file too big, a link out of the `inside` folders: core.files)."""
    return parse_rubric(read_file(path, RUBRIC_FILE, inside))


def bundled_rubric_paths() -> list[Path]:
    """The rubric files shipped with observer-tui."""
    return sorted((bundled_data() / "rubrics").glob("*.json"))


def _read_entry(path: Path, *, bundled: bool, inside: Sequence[Path] = ()) -> RubricEntry:
    try:
        return RubricEntry(path, bundled, rubric=load_rubric_file(path, inside))
    except InvalidFile as error:
        return RubricEntry(path, bundled, problems=tuple(error.problems))
    except OSError as error:
        return RubricEntry(path, bundled, problems=(f"cannot read: {error.strerror or error}",))


def load_library(user_folder: Path | None) -> RubricLibrary:
    """All bundled rubrics, then the user's; invalid files are kept as entries with problems."""
    bundled = [_read_entry(path, bundled=True) for path in bundled_rubric_paths()]
    user: list[RubricEntry] = []
    if user_folder is not None and user_folder.is_dir():
        # The folder and the data folder it is in: a link may lead from one to the other.
        inside = (user_folder, user_folder.parent)
        user = [
            _read_entry(path, bundled=False, inside=inside)
            for path in sorted(user_folder.glob("*.json"))
        ]
    return RubricLibrary(layered(bundled, user))


def rubric_size(rubric: Rubric) -> str:
    """'3 areas, 9 elements'."""
    return f"{plural(len(rubric.domains), 'area')}, {plural(rubric.element_count, 'element')}"


def rubric_outline(rubric: Rubric) -> str:
    """The rubric as indented text: areas, then codes and names, then look-fors; each on
    its line, control characters shown as symbols (core/visible.py)."""

    def line(text: str) -> str:
        return visible(text, one_line=True)

    lines = [line(f"{rubric.name} ({rubric.id}) version {rubric.version}")]
    if rubric.source:
        lines.append(line(f"Source: {rubric.source}"))
    width = max(len(line(element.code)) for _, element in rubric.all_elements())
    for area, elements in rubric.areas():
        lines.append(f"\n{line(area)}")
        for element in elements:
            lines.append(f"  {line(element.code).ljust(width)}  {line(element.name)}")
            indent = " " * (width + 4)
            if element.description:
                lines.append(f"{indent}{line(element.description)}")
            lines += [f"{indent}- {line(look_for)}" for look_for in element.look_fors]
    return "\n".join(lines)
