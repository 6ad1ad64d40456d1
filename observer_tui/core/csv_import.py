"""A school's framework from a spreadsheet: CSV with one row per look-for, into a rubric.

The header names the columns `domain, element_code, element_name, description, look_for`
(the last two may be missing or empty). Rows with the same area and code form one
element and gather its look-fors; the order of first appearance is the display order.
Every problem names its spreadsheet row (the header is row 1) and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from pydantic import ValidationError

from observer_tui.core.files import SHEET_FILE, read_file
from observer_tui.core.locations import private_folder
from observer_tui.core.rubric import ID_PATTERN, Rubric, is_valid_code
from observer_tui.core.rubrics import InvalidFile, load_rubric_file, validation_problems
from observer_tui.core.storage import write_atomic

REQUIRED = ("domain", "element_code", "element_name")
OPTIONAL = ("description", "look_for")
HEADER_HELP = (
    "the first row must name the columns domain, element_code, element_name "
    "(and optionally description, look_for)"
)
SAVE_AS_CSV = "in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'"


@dataclass
class _Element:
    code: str
    name: str
    row: int
    description: str = ""
    look_fors: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    """The look-fors so far, for a repeat check that stays quick at 100,000 rows."""


@dataclass
class _Area:
    name: str
    elements: dict[str, _Element] = field(default_factory=dict)
    """By code, folded to lower case: codes are matched ignoring case everywhere."""


@dataclass(frozen=True)
class CsvRubric:
    """A rubric read from CSV, and what the import changed or ignored on the way."""

    rubric: Rubric
    warnings: list[str]


def _clean(cell: str) -> str:
    """A cell with its line breaks and runs of spaces made single spaces."""
    return " ".join(cell.split())


def _header_name(cell: str) -> str:
    """'Element Code' and 'element-code' are read as 'element_code'."""
    return "_".join(cell.strip().casefold().replace("-", " ").split())


def _decode(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InvalidFile([f"this is an Excel workbook, not CSV: {SAVE_AS_CSV}"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidFile(
            [f"line {line}: not UTF-8 text (byte 0x{data[error.start]:02x}); {SAVE_AS_CSV}"]
        ) from None
    if "\x00" in text:
        raise InvalidFile(["not a CSV file: it holds binary data"])
    return text


def _delimiter(text: str) -> str:
    """Comma, unless the header plainly uses semicolons or tabs (Excel in some locales)."""
    header = text.split("\n", 1)[0]
    for candidate in (";", "\t"):
        if candidate in header and "," not in header:
            return candidate
    return ","


def _qualify(areas: list[_Area], warnings: list[str]) -> None:
    """Codes reused in several areas get the area's initials: '1' becomes 'CC.1' and 'I.1'."""
    places: dict[str, list[tuple[int, _Area]]] = {}
    for number, area in enumerate(areas, start=1):
        for key in area.elements:
            places.setdefault(key, []).append((number, area))
    taken = {key for key, found in places.items() if len(found) == 1}
    for key, found in places.items():
        if len(found) == 1:
            continue
        original = found[0][1].elements[key].code
        renamed: list[str] = []
        for number, area in found:
            element = area.elements[key]
            initials = "".join(word[0] for word in area.name.split() if word[0].isalnum())
            code = f"{initials.upper()}.{element.code}"
            if not initials or code.casefold() in taken or not is_valid_code(code):
                code = f"A{number}.{element.code}"
            taken.add(code.casefold())
            element.code = code
            renamed.append(f"{code} ({area.name})")
        warnings.append(
            f"code '{original}' is used in {len(found)} areas; imported as {', '.join(renamed)}"
        )


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a spreadsheet saved as CSV (UTF-8, with or without BOM; commas, or the
    semicolons or tabs of some locales); InvalidFile says why it cannot be read."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        raise InvalidFile([f"row {reader.line_num}: not valid CSV ({error})"]) from None


def parse_csv_rubric(
    data: bytes,
    *,
    rubric_id: str,
    name: str,
    version: str = "1",
    source: str = "",
    interval_minutes: float | None = None,
) -> CsvRubric:
    """The rubric a CSV file describes, coding intervals of `interval_minutes` if given
    (COPUS-style); InvalidFile lists every problem with its row."""
    rows = csv_rows(data)
    warnings: list[str] = []
    problems: list[str] = []
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InvalidFile([f"row 1: no header row; {HEADER_HELP}"])
    columns: dict[str, int] = {}
    for index, title in enumerate(rows[0]):
        column = _header_name(title)
        if column in REQUIRED + OPTIONAL and column not in columns:
            columns[column] = index
        elif column:
            warnings.append(f"row 1: column '{title.strip()}' ignored (not one of the columns)")
    missing = [column for column in REQUIRED if column not in columns]
    if len(missing) == len(REQUIRED):
        raise InvalidFile([f"row 1: not a rubric CSV; {HEADER_HELP}"])
    if missing:
        raise InvalidFile([f"row 1: missing required column '{column}'" for column in missing])

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return _clean(row[index]) if index is not None and index < len(row) else ""

    areas: dict[str, _Area] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in row):
            continue
        area_name, code, element_name = (cell(row, column) for column in REQUIRED)
        where = f"row {number}, column"
        if not area_name:
            problems.append(f"{where} domain: empty area; fill in the area's name")
            continue
        if not code:
            problems.append(f"{where} element_code: empty code; give every element a short code")
            continue
        if not is_valid_code(code):
            problems.append(
                f"{where} element_code: code '{code}' must be 1-24 characters "
                "with no spaces and no '#'"
            )
            continue
        area = areas.setdefault(area_name.casefold(), _Area(area_name))
        element = area.elements.get(code.casefold())
        if element is None:
            if not element_name:
                problems.append(f"{where} element_name: empty name for code '{code}'; fill it in")
                continue
            element = _Element(code, element_name, number)
            area.elements[code.casefold()] = element
        elif element_name and element_name != element.name:
            problems.append(
                f"{where} element_name: code '{code}' in area '{area.name}' is named "
                f"'{element.name}' in row {element.row} but '{element_name}' here; "
                "use one name per code, or give this element another code"
            )
            continue
        element.description = element.description or cell(row, "description")
        look_for = cell(row, "look_for")
        if look_for and look_for not in element.seen:
            element.seen.add(look_for)
            element.look_fors.append(look_for)
    if not areas and not problems:
        problems.append("no rows under the header; add one row per look-for")
    if problems:
        raise InvalidFile(problems)
    _qualify(list(areas.values()), warnings)
    raw: dict[str, object] = {
        "id": rubric_id,
        "name": name,
        "version": version,
        "source": source,
        "domains": [
            {
                "name": area.name,
                "elements": [
                    {
                        "code": e.code,
                        "name": e.name,
                        "description": e.description,
                        "look_fors": e.look_fors,
                    }
                    for e in area.elements.values()
                ],
            }
            for area in areas.values()
        ],
    }
    if interval_minutes is not None:
        raw["observation"] = {"intervals": {"minutes": interval_minutes}}
    try:
        return CsvRubric(Rubric.model_validate(raw), warnings)
    except ValidationError as error:
        raise InvalidFile(validation_problems(error)) from None


def rubric_file_bytes(rubric: Rubric) -> bytes:
    """A rubric as an indented JSON file, without the fields left at their defaults."""
    data = rubric.model_dump(mode="json", exclude_defaults=True)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def bump_version(version: str) -> str:
    """The version after `version`: its last number one up ('2' -> '3', '2.1' -> '2.2',
    'v3' -> 'v4', '1.09' -> '1.10'), else '.1' appended ('beta' -> 'beta.1', '²' ->
    '².1'); '1' for an empty one. Never raises, whatever the text."""
    version = version.strip()
    if not version:
        return "1"
    match = re.search(r"[0-9]+$", version)
    if match is None:
        return f"{version}.1"
    # By hand, not int(): a number of thousands of digits is still a version here.
    digits = match.group()
    kept = digits.rstrip("9")
    nines = len(digits) - len(kept)
    bumped = (kept[:-1] + str(int(kept[-1]) + 1) if kept else "1") + "0" * nines
    return version[: match.start()] + bumped


class WriteFailed(OSError):
    """The rubric was read and valid but could not be written; `filename` is where."""


@dataclass(frozen=True)
class Imported:
    """A CSV rubric written into the coach's rubrics folder."""

    path: Path
    result: CsvRubric
    replaced: bool
    previous_version: str | None = None
    """The replaced rubric's version, if it could be read."""


def import_csv(
    source: Path,
    folder: Path,
    *,
    rubric_id: str,
    name: str,
    force: bool = False,
    interval_minutes: float | None = None,
) -> Imported:
    """Read `source`, validate it and write it to `folder/<id>.json`, coding intervals of
    `interval_minutes` if given (else as the rubric it replaces did, if it did).

    InvalidFile lists what is wrong with the CSV; FileExistsError refuses to overwrite
    an existing rubric unless `force`; WriteFailed (an OSError) says the rubric could not be
    written, naming the destination; another OSError, that `source` cannot be read.
    """
    if not re.fullmatch(ID_PATTERN, rubric_id):
        raise InvalidFile(
            [f"id '{rubric_id}' must be lowercase letters, digits, '-' or '_' (e.g. 'oak-school')"]
        )
    target = folder / f"{rubric_id}.json"
    replaced = target.exists()
    if replaced and not force:
        raise FileExistsError(f"{target} already exists; replace it with --force")
    before = _rubric_at(target) if replaced else None
    previous = before.version if before is not None else None
    if interval_minutes is None and before is not None and before.observation.intervals:
        interval_minutes = before.observation.intervals.minutes
    result = parse_csv_rubric(
        read_file(source, SHEET_FILE),
        rubric_id=rubric_id,
        name=name,
        version=bump_version(previous) if previous is not None else "1",
        source=f"Imported from {source.name}",
        interval_minutes=interval_minutes,
    )
    try:
        private_folder(folder)
        write_atomic(target, rubric_file_bytes(result.rubric))
    except OSError as error:
        # Said of the destination: the source CSV was read and is fine.
        raise WriteFailed(error.errno, error.strerror or str(error), str(target)) from error
    return Imported(target, result, replaced, previous)


def _rubric_at(existing: Path) -> Rubric | None:
    try:
        return load_rubric_file(existing)
    except (ValueError, OSError):
        return None
