"""Action-step banks: well-written steps per element, ordered as a trajectory in strands.

A bank is a JSON file in `steps/` of the data folder (or bundled, `data/steps/`), validated
like a rubric: every problem named by its field path, and each step's element codes checked
against the rubric the bank names. The bank's own steps are in `StepBank.steps`; what a
teacher has worked on and what comes next in a strand is worked out here too, for the
debrief's picker and the command line alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Annotated, Self

import orjson
from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

from observer_tui.core.debrief import BankStepUse
from observer_tui.core.files import STEP_BANK_FILE, read_file, shortened
from observer_tui.core.layers import LayeredEntry, layered
from observer_tui.core.locations import bundled_data
from observer_tui.core.rubric import ID_PATTERN, Code, FileModel, Rubric, RubricError, Text
from observer_tui.core.rubrics import InvalidFile, read_json_object, validation_problems

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class BankStep(FileModel):
    """One step of a bank: a small change a teacher can make, with how to practise it."""

    id: Id
    """Unique in its bank: 'cfu-1'. Sessions record it, so step use can be counted."""
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    """The step as the teacher reads it, short: 'Ask three named pupils before the task'."""
    elements: tuple[Code, ...] = Field(min_length=1)
    """The codes of the rubric's elements it serves."""
    strand: Text
    """The trajectory it belongs to: 'Checks for understanding'."""
    order: int = Field(ge=1, le=999)
    """Its place in the strand: foundations first, refinements later."""
    model: str = ""
    """What good looks like: what the coach models."""
    rehearsal: str = ""
    """The scenario the teacher rehearses it in."""
    cues: tuple[Text, ...] = ()
    """What the coach can give in the moment: a gesture, a whisper."""


class StepBank(FileModel):
    """A bank of action steps for one rubric's elements."""

    id: Id
    """A stable identifier, also its file name: 'teach'."""
    name: Text
    """Shown to the coach."""
    version: Text
    """Bumped when the bank changes; sessions record it with the step."""
    rubric: Id
    """The id of the rubric whose element codes its steps use."""
    source: str = ""
    """Who wrote the steps, and their licence."""
    steps: tuple[BankStep, ...] = Field(min_length=1)
    """The steps, in any order (each strand is shown by `order`)."""

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids: dict[str, int] = {}
        places: dict[tuple[str, int], int] = {}
        for index, step in enumerate(self.steps):
            if step.id in ids:
                raise RubricError(
                    f"steps[{index}].id",
                    f"duplicate id '{step.id}' (also steps[{ids[step.id]}]); "
                    "give each step its own id",
                )
            ids[step.id] = index
            place = (step.strand.casefold(), step.order)
            if place in places:
                raise RubricError(
                    f"steps[{index}].order",
                    f"order {step.order} in strand {shortened(step.strand)!r} is also "
                    f"steps[{places[place]}]'s; give each step of a strand its own place",
                )
            places[place] = index
        return self

    def step(self, step_id: str) -> BankStep | None:
        """The step with this id, if any."""
        return next((s for s in self.steps if s.id == step_id), None)

    def use(self, step: BankStep) -> BankStepUse:
        """What a session records of picking `step` from this bank."""
        return BankStepUse(bank=self.id, id=step.id, version=self.version)


def _step_name(bank: StepBank | None, index: int) -> str:
    """'steps[3] (cfu-1)': a row of the bank as a problem names it."""
    if bank is None:
        return f"steps[{index}]"
    return f"steps[{index}] ({bank.steps[index].id})"


def resolve_codes(
    codes: Sequence[str], rubric: Rubric
) -> tuple[tuple[str, ...], list[tuple[int, str]]]:
    """The codes as the rubric spells them, and (position, problem) for each it lacks."""
    resolved: list[str] = []
    problems: list[tuple[int, str]] = []
    for position, code in enumerate(codes):
        element = rubric.find(code)
        if element is None or rubric.is_quick_tag(code):
            what = "is a quick tag, not an element" if element else "is not an element"
            problems.append(
                (position, f"code {shortened(code, 30)!r} {what} of the rubric '{rubric.id}'")
            )
        elif element.code not in resolved:
            resolved.append(element.code)
    return tuple(resolved), problems


def parse_bank(data: bytes, rubrics: Mapping[str, Rubric]) -> StepBank:
    """Parse a step bank's JSON and check its codes against its rubric; InvalidFile lists
    every problem, each naming the step (its row) and field."""
    raw = read_json_object(data, "a step bank")
    try:
        bank = StepBank.model_validate(raw)
    except ValidationError as error:
        found = validation_problems(error)
        # 'steps[3].elements[0]' says which row; the id (if the row has one) says it plainly.
        rows = raw.get("steps")
        if isinstance(rows, list):
            found = [_with_id(problem, rows) for problem in found]
        raise InvalidFile(found) from None
    rubric = rubrics.get(bank.rubric)
    if rubric is None:
        have = ", ".join(sorted(rubrics)) or "none"
        raise InvalidFile([f"rubric: no rubric '{bank.rubric}' is installed (have: {have})"])
    problems: list[str] = []
    steps: list[BankStep] = []
    for index, step in enumerate(bank.steps):
        codes, missing = resolve_codes(step.elements, rubric)
        problems += [
            f"{_step_name(bank, index)}.elements[{position}]: {problem}"
            for position, problem in missing
        ]
        steps.append(step.model_copy(update={"elements": codes}))
    if problems:
        raise InvalidFile(problems)
    return bank.model_copy(update={"steps": tuple(steps)})


_ROW = re.compile(r"^steps\[(\d+)\]")


def _with_id(problem: str, steps: list[object]) -> str:
    match = _ROW.match(problem)
    if match is None:
        return problem
    row = steps[int(match.group(1))] if int(match.group(1)) < len(steps) else None
    step_id = row.get("id") if isinstance(row, dict) else None
    if not isinstance(step_id, str) or not re.fullmatch(ID_PATTERN, step_id):
        return problem
    return f"{match.group()} ({step_id}){problem[match.end() :]}"


def load_bank_file(
    path: Path, rubrics: Mapping[str, Rubric], inside: Sequence[Path] = ()
) -> StepBank:
    """Read and validate one bank file; InvalidFile or OSError says why not."""
    return parse_bank(read_file(path, STEP_BANK_FILE, inside), rubrics)


def bank_file_bytes(bank: BaseModel) -> bytes:
    """A bank as an indented JSON file, without the fields left at their defaults."""
    data = bank.model_dump(mode="json", exclude_defaults=True)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


@dataclass(frozen=True)
class BankEntry(LayeredEntry):
    """One bank file as the library found it: a valid bank, or the reasons it is not."""

    bank: StepBank | None = None

    @property
    def key(self) -> str | None:
        return self.bank.id if self.bank is not None else None

    def refused(self, problem: str) -> BankEntry:
        return replace(self, bank=None, problems=(problem,))


@dataclass(frozen=True)
class LibraryStep:
    """A step with the bank it is in."""

    bank: StepBank
    step: BankStep

    @property
    def key(self) -> tuple[str, str]:
        return (self.bank.id, self.step.id)

    def as_json(self) -> dict[str, object]:
        """The step for `steps list --json`."""
        step = self.step
        return {
            "id": step.id,
            "bank": self.bank.id,
            "bank_version": self.bank.version,
            "rubric": self.bank.rubric,
            "title": step.title,
            "elements": list(step.elements),
            "strand": step.strand,
            "order": step.order,
            "model": step.model,
            "rehearsal": step.rehearsal,
            "cues": list(step.cues),
        }


@dataclass
class StepLibrary:
    """The banks available to the coach, and the files that failed."""

    entries: list[BankEntry]

    @cached_property
    def banks(self) -> dict[str, StepBank]:
        """Valid banks by id; a user bank overrides a bundled one with the same id."""
        return {e.bank.id: e.bank for e in self.entries if e.bank is not None and not e.overridden}

    @property
    def problems(self) -> list[str]:
        """'FILE: problem (and N more)' for each file skipped."""
        return [f"{e.path}: {InvalidFile(list(e.problems))}" for e in self.entries if e.problems]

    def steps(
        self, *, bank: str | None = None, rubric: str | None = None, element: str | None = None
    ) -> list[LibraryStep]:
        """Every step, by bank, strand and order; only a bank's, a rubric's, or those
        serving an element (its code ignoring case) when asked."""
        folded = element.casefold() if element else None
        found = [
            LibraryStep(b, step)
            for b in self.banks.values()
            if (bank is None or b.id == bank) and (rubric is None or b.rubric == rubric)
            for step in b.steps
            if folded is None or any(code.casefold() == folded for code in step.elements)
        ]
        strands: dict[tuple[str, str], int] = {}
        for item in found:
            strands.setdefault((item.bank.id, item.step.strand.casefold()), len(strands))
        return sorted(
            found,
            key=lambda i: (strands[(i.bank.id, i.step.strand.casefold())], i.step.order),
        )

    def find(self, step_id: str) -> list[LibraryStep]:
        """The steps with this id ('cfu-1'), or this bank's step ('teach/cfu-1')."""
        bank_id, _, wanted = step_id.rpartition("/")
        return [
            LibraryStep(b, s)
            for b in self.banks.values()
            if not bank_id or b.id == bank_id
            for s in b.steps
            if s.id == wanted
        ]


def _read_entry(
    path: Path, rubrics: Mapping[str, Rubric], *, bundled: bool, inside: Sequence[Path] = ()
) -> BankEntry:
    try:
        return BankEntry(path, bundled, bank=load_bank_file(path, rubrics, inside))
    except InvalidFile as error:
        return BankEntry(path, bundled, problems=tuple(error.problems))
    except OSError as error:
        return BankEntry(path, bundled, problems=(f"cannot read: {error.strerror or error}",))


def bundled_bank_paths() -> list[Path]:
    """The bank files shipped with observer-tui."""
    return sorted((bundled_data() / "steps").glob("*.json"))


def load_steps(user_folder: Path | None, rubrics: Mapping[str, Rubric]) -> StepLibrary:
    """The bundled banks, then the coach's; invalid files are kept with their problems."""
    bundled = [_read_entry(p, rubrics, bundled=True) for p in bundled_bank_paths()]
    user: list[BankEntry] = []
    if user_folder is not None and user_folder.is_dir():
        inside = (user_folder, user_folder.parent)
        user = [
            _read_entry(p, rubrics, bundled=False, inside=inside)
            for p in sorted(user_folder.glob("*.json"))
        ]
    return StepLibrary(layered(bundled, user))


# What the picker shows


@dataclass(frozen=True)
class StepChoice:
    """A step the picker offers, and how it stands for this teacher."""

    item: LibraryStep
    worked_on: bool
    """This teacher has had it as a step before."""
    suggested: bool = False
    """The next one in the strand the teacher is on."""


def worked_on(uses: Iterable[BankStepUse | None]) -> list[tuple[str, str]]:
    """(bank, step id) of the bank steps among `uses` (newest first), each once."""
    return list(dict.fromkeys((u.bank, u.id) for u in uses if u is not None))


def choices(
    library: StepLibrary,
    rubric: str,
    codes: Sequence[str],
    worked: Sequence[tuple[str, str]],
) -> list[StepChoice]:
    """The steps for these elements (the rubric's steps if none), strand by strand, each
    marked if the teacher worked on it (`worked`, newest first), and one suggested: the
    next after the latest worked-on step of its strand, else the first not worked on."""
    items = library.steps(rubric=rubric)
    if codes:
        serving = {i.key for c in codes for i in library.steps(rubric=rubric, element=c)}
        items = [i for i in items if i.key in serving]
    done = set(worked)
    latest = next((i for key in worked for i in items if i.key == key), None)
    suggested: LibraryStep | None = None
    if latest is not None:
        suggested = next(
            (
                i
                for i in items
                if i.bank.id == latest.bank.id
                and i.step.strand.casefold() == latest.step.strand.casefold()
                and i.step.order > latest.step.order
                and i.key not in done
            ),
            None,
        )
    if suggested is None:
        suggested = next((i for i in items if i.key not in done), None)
    return [StepChoice(i, i.key in done, i is suggested) for i in items]


# The coach's own bank


OWN_STRAND = "My steps"
"""The strand a step the coach writes is saved under."""


def own_bank_id(coach: str, rubric: str) -> str:
    """The id (and file name) of a coach's own bank for a rubric: 'amina-teach'. A bank
    names one rubric, so a coach with two schools' rubrics has two."""
    who = _ascii_id(coach) or "my"
    return f"{who[:40]}-{rubric}"[:64].rstrip("-_")


def _ascii_id(text: str, limit: int = 40) -> str:
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower())
    return "-".join(p for p in cleaned.split("-") if p)[:limit].strip("-")


@dataclass(frozen=True)
class SavedStep:
    """A step written into the coach's own bank."""

    path: Path
    bank: StepBank
    step: BankStep
    replaced: bool
    """A step of the same title was there, and took the new model and scenario."""


def save_own_step(
    folder: Path,
    rubrics: Mapping[str, Rubric],
    *,
    coach: str,
    rubric: str,
    title: str,
    element: str,
    model: str,
    rehearsal: str,
) -> SavedStep:
    """Add a step the coach wrote to their own bank for this rubric (`folder/<id>.json`),
    bumping its version; a step of the same title is updated instead.

    InvalidFile says what is wrong with the step, or that the bank file there is not
    valid (it is never overwritten); OSError that it cannot be read or written.
    """
    from observer_tui.core.csv_import import WriteFailed, bump_version
    from observer_tui.core.locations import private_folder
    from observer_tui.core.storage import write_atomic

    bank_id = own_bank_id(coach, rubric)
    path = folder / f"{bank_id}.json"
    existing = load_bank_file(path, rubrics, (folder, folder.parent)) if path.exists() else None
    steps = list(existing.steps) if existing else []
    title = " ".join(title.split())
    same = next((s for s in steps if s.title.casefold() == title.casefold()), None)
    fields: dict[str, object] = {
        "title": title,
        "elements": [element],
        "model": model.strip(),
        "rehearsal": rehearsal.strip(),
    }
    if same is not None:
        raw_step = {**same.model_dump(mode="json"), **fields}
    else:
        taken = {s.id for s in steps}
        base = (_ascii_id(title, 50) or "step")[:50]
        step_id = next(
            candidate
            for n in range(1, len(taken) + 2)
            if (candidate := base if n == 1 else f"{base}-{n}") not in taken
        )
        mine = [s.order for s in steps if s.strand == OWN_STRAND]
        raw_step = {"id": step_id, "strand": OWN_STRAND, "order": max(mine, default=0) + 1}
        raw_step |= fields
    raw = {
        "id": bank_id,
        "name": existing.name if existing else f"{coach.strip() or 'My'} own steps ({rubric})",
        "version": bump_version(existing.version) if existing else "1",
        "rubric": rubric,
        "source": existing.source if existing else "Written by the coach in observer-tui",
        "steps": [
            raw_step if same is not None and s.id == same.id else s.model_dump(mode="json")
            for s in steps
        ]
        + ([] if same is not None else [raw_step]),
    }
    bank = parse_bank(orjson.dumps(raw), rubrics)
    saved = bank.step(str(raw_step["id"]))
    assert saved is not None  # it was just put there
    try:
        private_folder(folder)
        write_atomic(path, bank_file_bytes(bank))
    except OSError as error:
        raise WriteFailed(error.errno, error.strerror or str(error), str(path)) from error
    return SavedStep(path, bank, saved, same is not None)


# Spreadsheets

CSV_REQUIRED = ("strand", "order", "title", "elements")
CSV_OPTIONAL = ("model", "rehearsal", "cues")
CSV_HELP = (
    "the first row must name the columns strand, order, title, elements "
    "(and optionally model, rehearsal, cues)"
)


@dataclass
class _Strand:
    name: str
    orders: dict[int, int] = field(default_factory=dict)
    """Each order taken, and the row that took it."""


def parse_csv_bank(
    data: bytes, *, bank_id: str, name: str, rubric: Rubric, version: str = "1", source: str = ""
) -> StepBank:
    """The bank a CSV file describes (one row per step); InvalidFile lists every problem
    with its row (the header is row 1) and column."""
    from observer_tui.core.csv_import import _clean, _header_name, csv_rows

    rows = csv_rows(data)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InvalidFile([f"row 1: no header row; {CSV_HELP}"])
    columns: dict[str, int] = {}
    for index, title in enumerate(rows[0]):
        column = _header_name(title)
        if column in CSV_REQUIRED + CSV_OPTIONAL and column not in columns:
            columns[column] = index
    missing = [column for column in CSV_REQUIRED if column not in columns]
    if len(missing) == len(CSV_REQUIRED):
        raise InvalidFile([f"row 1: not a step bank CSV; {CSV_HELP}"])
    if missing:
        raise InvalidFile([f"row 1: missing required column '{column}'" for column in missing])

    def raw_cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else ""

    problems: list[str] = []
    strands: dict[str, _Strand] = {}
    steps: list[dict[str, object]] = []
    ids: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in row):
            continue
        strand, order_text, title, codes_text = (
            _clean(raw_cell(row, column)) for column in CSV_REQUIRED
        )
        where = f"row {number}, column"
        row_problems: list[str] = []
        if not strand:
            row_problems.append(f"{where} strand: empty; name the strand the step belongs to")
        order = int(order_text) if re.fullmatch(r"[0-9]{1,3}", order_text) else 0
        if order < 1:
            row_problems.append(
                f"{where} order: {shortened(order_text, 20)!r} must be a whole number "
                "from 1 to 999 (its place in the strand)"
            )
        if not title:
            row_problems.append(f"{where} title: empty; write the step, short")
        elif len(title) > 120:
            row_problems.append(f"{where} title: {len(title)} characters; at most 120")
        codes, unknown = resolve_codes(codes_text.split(), rubric)
        row_problems += [f"{where} elements: {problem}" for _, problem in unknown]
        if not codes_text:
            row_problems.append(
                f"{where} elements: empty; give the element code(s) it serves, separated by spaces"
            )
        if strand and order >= 1:
            place = strands.setdefault(strand.casefold(), _Strand(strand))
            if order in place.orders:
                row_problems.append(
                    f"{where} order: {order} in strand {shortened(strand)!r} is also "
                    f"row {place.orders[order]}'s; give each step of a strand its own place"
                )
            else:
                place.orders[order] = number
        problems += row_problems
        if row_problems:
            continue
        base = f"{_ascii_id(strand, 50) or 'strand'}-{order}"
        step_id = next(
            candidate
            for n in range(1, len(ids) + 2)
            if (candidate := base if n == 1 else f"{base}-{n}") not in ids
        )
        ids.add(step_id)
        cues = [_clean(c) for c in re.split(r"[|\n]", raw_cell(row, "cues"))]
        steps.append(
            {
                "id": step_id,
                "title": title,
                "elements": list(codes),
                "strand": strand,
                "order": order,
                "model": _clean(raw_cell(row, "model")),
                "rehearsal": _clean(raw_cell(row, "rehearsal")),
                "cues": [c for c in cues if c],
            }
        )
    if not steps and not problems:
        problems.append("no rows under the header; add one row per step")
    if problems:
        raise InvalidFile(problems)
    raw = {
        "id": bank_id,
        "name": name,
        "version": version,
        "rubric": rubric.id,
        "source": source,
        "steps": steps,
    }
    try:
        return StepBank.model_validate(raw)
    except ValidationError as error:
        raise InvalidFile(validation_problems(error)) from None


@dataclass(frozen=True)
class ImportedBank:
    """A CSV bank written into the coach's steps folder."""

    path: Path
    bank: StepBank
    replaced: bool
    previous_version: str | None = None


def import_csv_bank(
    source: Path,
    folder: Path,
    rubrics: Mapping[str, Rubric],
    *,
    bank_id: str,
    name: str,
    rubric: str,
    force: bool = False,
) -> ImportedBank:
    """Read `source`, validate it and write it to `folder/<id>.json`, as `import_csv` does
    for rubrics: InvalidFile, FileExistsError unless `force`, WriteFailed, or OSError."""
    from observer_tui.core.csv_import import WriteFailed, bump_version
    from observer_tui.core.locations import private_folder
    from observer_tui.core.storage import write_atomic

    if not re.fullmatch(ID_PATTERN, bank_id):
        raise InvalidFile(
            [f"id '{bank_id}' must be lowercase letters, digits, '-' or '_' (e.g. 'oak-steps')"]
        )
    found = rubrics.get(rubric)
    if found is None:
        have = ", ".join(sorted(rubrics)) or "none"
        raise InvalidFile([f"no rubric '{rubric}' is installed (have: {have})"])
    target = folder / f"{bank_id}.json"
    replaced = target.exists()
    if replaced and not force:
        raise FileExistsError(f"{target} already exists; replace it with --force")
    previous: str | None = None
    if replaced:
        try:
            previous = load_bank_file(target, rubrics).version
        except (ValueError, OSError):
            previous = None
    bank = parse_csv_bank(
        read_file(source, STEP_BANK_FILE),
        bank_id=bank_id,
        name=name,
        rubric=found,
        version=bump_version(previous) if previous is not None else "1",
        source=f"Imported from {source.name}",
    )
    try:
        private_folder(folder)
        write_atomic(target, bank_file_bytes(bank))
    except OSError as error:
        raise WriteFailed(error.errno, error.strerror or str(error), str(target)) from error
    return ImportedBank(target, bank, replaced, previous)
