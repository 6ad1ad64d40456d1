"""Loading rubric files: the bundled ones and the user's, with one-line errors."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import orjson
from pydantic import ValidationError

from observer_tui.core.rubric import Rubric, RubricError

DEFAULT_RUBRIC_ID = "teach"


@dataclass(frozen=True)
class RubricProblem:
    """A rubric file that could not be used."""

    path: Path
    """The file."""
    message: str
    """What is wrong, with the field path: 'domains[1].elements[3].code: ...'."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class RubricLibrary:
    """The rubrics available to the coach, by id, and the files that failed."""

    rubrics: dict[str, Rubric]
    """Valid rubrics by id; a user rubric overrides a bundled one with the same id."""
    problems: list[RubricProblem]
    """Files that were skipped, each with its reason."""

    def get(self, rubric_id: str) -> Rubric | None:
        """The rubric with this id, if any."""
        return self.rubrics.get(rubric_id)

    def default(self) -> Rubric:
        """The rubric used when none is named."""
        return self.rubrics.get(DEFAULT_RUBRIC_ID) or next(iter(self.rubrics.values()))


def _loc(parts: tuple[int | str, ...]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def format_validation_error(error: ValidationError) -> str:
    """The first error of a pydantic validation as 'field.path[1]: message'."""
    first = error.errors()[0]
    loc = tuple(first["loc"])
    context = first.get("ctx", {}).get("error")
    if isinstance(context, RubricError):
        inner = context.loc
        return f"{_loc(loc)}.{inner}: {context.message}" if loc else f"{inner}: {context.message}"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown field (check its spelling)"
    elif first["type"] == "missing":
        message = "required field is missing"
    elif first["type"] == "string_pattern_mismatch" and loc and loc[-1] == "code":
        message = f"code {first['input']!r} must be 1-24 characters with no spaces and no '#'"
    return f"{_loc(loc)}: {message}" if loc else message


def parse_rubric(data: bytes) -> Rubric:
    """Parse rubric JSON, raising ValueError with a one-line, field-precise message."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error})") from None
    if not isinstance(raw, dict):
        raise ValueError("not a rubric: the file must hold a JSON object")
    try:
        return Rubric.model_validate(raw)
    except ValidationError as error:
        raise ValueError(format_validation_error(error)) from None


def load_rubric_file(path: Path) -> Rubric:
    """Read and validate one rubric file; ValueError or OSError says why not."""
    return parse_rubric(path.read_bytes())


def bundled_rubric_paths() -> list[Path]:
    """The rubric files shipped inside the package."""
    folder = resources.files("observer_tui") / "data" / "rubrics"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".json"))


def load_library(user_folder: Path | None) -> RubricLibrary:
    """All bundled rubrics, then the user's, skipping (and reporting) invalid files."""
    rubrics: dict[str, Rubric] = {}
    problems: list[RubricProblem] = []
    paths = bundled_rubric_paths()
    if user_folder is not None and user_folder.is_dir():
        paths += sorted(user_folder.glob("*.json"))
    for path in paths:
        try:
            rubric = load_rubric_file(path)
        except (ValueError, OSError) as error:
            problems.append(RubricProblem(path, str(error)))
            continue
        rubrics[rubric.id] = rubric
    return RubricLibrary(rubrics, problems)
