"""`observer-tui steps ...`: the action-step banks from a shell.

Exit codes as for `rubrics`: 0 when all is well, 1 when a file is invalid or would be
overwritten, 2 for a request that cannot be understood.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from observer_tui.cli.output import (
    complain,
    imported,
    one_line,
    print_json,
    print_starter,
    validate_files,
    warn,
)
from observer_tui.core.files import CELL, STEP_BANK_FILE, read_file, shortened
from observer_tui.core.locations import DataFolder
from observer_tui.core.numbers import plural
from observer_tui.core.rubrics import InvalidFile, RubricLibrary
from observer_tui.core.session import slug
from observer_tui.core.steps import (
    LibraryStep,
    StepBank,
    StepLibrary,
    import_csv_bank,
    load_steps,
    parse_bank,
    parse_csv_bank,
)
from observer_tui.core.tables import text_table
from observer_tui.core.workspace import Workspace


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Run a `steps` command."""
    workspace = Workspace(data)
    try:
        rubrics = workspace.read_rubrics()
    finally:
        workspace.close()
    match arguments.action:
        case "list":
            library = load_steps(data.steps, rubrics.rubrics)
            return list_steps(library, arguments.bank, arguments.element, arguments.json)
        case "show":
            return show(load_steps(data.steps, rubrics.rubrics), arguments.step_id)
        case "validate":
            return validate(rubrics, [Path(name) for name in arguments.files], arguments.rubric)
        case "import":
            return import_bank(data, rubrics, arguments)
        case "schema":
            print_json(StepBank.model_json_schema())
            return 0
        case _:
            return print_starter("steps.csv" if arguments.csv else "steps.json")


def list_steps(library: StepLibrary, bank: str | None, element: str | None, as_json: bool) -> int:
    if bank is not None and bank not in library.banks:
        complain(f"no step bank '{bank}' (have: {', '.join(sorted(library.banks)) or 'none'})")
        return 2
    steps = library.steps(bank=bank, element=element)
    if as_json:
        print_json([s.as_json() for s in steps])
        for problem in library.problems:
            warn(problem)
        return 0
    rows = [["ID", "BANK", "ELEMENTS", "STRAND", "ORDER", "TITLE"]]
    rows += [
        [
            s.step.id,
            s.bank.id,
            " ".join(s.step.elements),
            shortened(s.step.strand, 40),
            str(s.step.order),
            shortened(s.step.title, CELL),
        ]
        for s in steps
    ]
    if steps:
        print(text_table(rows))
    else:
        which = f" for element '{element}'" if element else ""
        print(one_line(f"No steps{which}."))
    for problem in library.problems:
        print(f"\n{one_line(problem)}")
    return 0


def step_outline(found: LibraryStep) -> str:
    """One step as the coach reads it: title, where it is, model, rehearsal, cues."""
    step, bank = found.step, found.bank
    lines = [
        one_line(step.title),
        one_line(
            f"{bank.id}/{step.id} · {bank.name} version {bank.version} · rubric {bank.rubric}"
        ),
        one_line(f"Elements: {' '.join(step.elements)} · strand {step.strand}, step {step.order}"),
    ]
    if step.model:
        lines += ["", "What good looks like:", f"  {one_line(step.model)}"]
    if step.rehearsal:
        lines += ["", "Rehearsal:", f"  {one_line(step.rehearsal)}"]
    if step.cues:
        lines += ["", "Cues:", *(f"  - {one_line(cue)}" for cue in step.cues)]
    return "\n".join(lines)


def show(library: StepLibrary, step_id: str) -> int:
    found = library.find(step_id)
    if len(found) == 1:
        print(step_outline(found[0]))
        return 0
    if found:
        where = ", ".join(f"{f.bank.id}/{f.step.id}" for f in found)
        complain(f"'{step_id}' is a step of several banks; name one: {where}")
        return 2
    bank = library.banks.get(step_id)
    if bank is None:
        complain(f"no step or bank '{step_id}' (see: observer-tui steps list)")
        return 2
    print(one_line(f"{bank.name} ({bank.id}) version {bank.version}, for rubric {bank.rubric}"))
    if bank.source:
        print(one_line(f"Source: {bank.source}"))
    for item in library.steps(bank=bank.id):
        step = item.step
        print(one_line(f"  {step.strand} {step.order}. {step.title} ({step.id})"))
    return 0


def check_file(path: Path, rubrics: RubricLibrary, rubric_id: str | None) -> str:
    """What a bank file holds ('Teach action steps: 27 steps for teach'); InvalidFile or
    OSError says why not. A CSV names no rubric: its codes are checked against
    `rubric_id`'s (default: the default rubric)."""
    data = read_file(path, STEP_BANK_FILE)
    if path.suffix.casefold() == ".csv":
        rubric = rubrics.get(rubric_id) if rubric_id else rubrics.default()
        if rubric is None:
            have = ", ".join(sorted(rubrics.rubrics))
            raise InvalidFile([f"no rubric '{rubric_id}' is installed (have: {have})"])
        bank = parse_csv_bank(data, bank_id=slug(path.stem), name=path.stem, rubric=rubric)
    else:
        bank = parse_bank(data, rubrics.rubrics)
    return f"{shortened(bank.name)}: {plural(len(bank.steps), 'step')} for {bank.rubric}"


def validate(rubrics: RubricLibrary, paths: list[Path], rubric_id: str | None = None) -> int:
    """One line per problem, each starting with the file; 1 if any file is invalid."""
    return validate_files(paths, lambda path: (check_file(path, rubrics, rubric_id), []))


def import_bank(data: DataFolder, rubrics: RubricLibrary, arguments: argparse.Namespace) -> int:
    source = Path(arguments.csv_file).expanduser()
    bank_id = arguments.bank_id or slug(source.stem, 64)
    name = arguments.name or source.stem.replace("_", " ").strip() or bank_id
    done = imported(
        source,
        lambda: import_csv_bank(
            source,
            data.steps,
            rubrics.rubrics,
            bank_id=bank_id,
            name=name,
            rubric=arguments.rubric,
            force=arguments.force,
        ),
    )
    if done is None:
        return 1
    bank = done.bank
    verb = "Replaced" if done.replaced else "Imported"
    was = f" (was {done.previous_version})" if done.previous_version is not None else ""
    print(
        one_line(
            f"{verb} {bank.name} ({bank.id}) version {bank.version}{was}: "
            f"{plural(len(bank.steps), 'step')} for {bank.rubric} -> {done.path}"
        )
    )
    return 0
