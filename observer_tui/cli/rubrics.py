"""`observer-tui rubrics ...` and `observer-tui profiles ...`: the rubric library from a shell.

Each command prints plain text and returns its exit code: 0 when all is well, 1 when a
file is invalid or would be overwritten, 2 for a request that cannot be understood.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from observer_tui.cli.output import (
    complain,
    imported,
    one_line,
    print_json,
    print_starter,
    validate_files,
)
from observer_tui.core.csv_import import Imported, import_csv, parse_csv_rubric
from observer_tui.core.files import ANY_FILE, CELL, read_file, shortened
from observer_tui.core.locations import DataFolder
from observer_tui.core.profiles import ProfileEntry, parse_profile, starter_profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import (
    InvalidFile,
    RubricLibrary,
    parse_rubric,
    rubric_outline,
    rubric_size,
)
from observer_tui.core.session import slug
from observer_tui.core.storage import write_atomic
from observer_tui.core.tables import text_table
from observer_tui.core.workspace import Workspace


def run(data: DataFolder, arguments: argparse.Namespace) -> int:
    """Run a `rubrics` or `profiles` command."""
    workspace = Workspace(data)
    try:
        library = workspace.read_rubrics()
    finally:
        workspace.close()
    if arguments.command == "profiles":
        return (
            list_profiles(data, library, workspace.profiles)
            if arguments.action == "list"
            else new_profile(data, library, arguments)
        )
    match arguments.action:
        case "list":
            return list_rubrics(library)
        case "show":
            return show_rubric(library, arguments.rubric_id)
        case "validate":
            return validate(library, [Path(name) for name in arguments.files])
        case "import":
            return import_rubric(data, library, arguments)
        case "schema":
            print_json(Rubric.model_json_schema())
            return 0
        case _:
            return print_starter("rubric.csv" if arguments.csv else "rubric.json")


def list_rubrics(library: RubricLibrary) -> int:
    rows = [["ID", "NAME", "VERSION", "SOURCE", "ELEMENTS", "VALID"]]
    for entry in library.entries:
        rubric = entry.rubric
        if rubric is None:
            rows.append([entry.path.stem, "-", "-", entry.source, "-", "no (see below)"])
        else:
            valid = "yes" if entry.in_use else "yes (not in use)"
            rows.append(
                [
                    rubric.id,
                    shortened(rubric.name, CELL),
                    shortened(rubric.version, CELL),
                    entry.source,
                    str(rubric.element_count),
                    valid,
                ]
            )
    print(text_table(rows))
    for problem in library.problems:
        print(f"\n{one_line(problem)}")
    return 0


def show_rubric(library: RubricLibrary, rubric_id: str) -> int:
    rubric = library.get(rubric_id)
    if rubric is None:
        complain(f"no rubric '{rubric_id}' (have: {', '.join(sorted(library.rubrics))})")
        return 2
    print(rubric_outline(rubric))
    return 0


_PROFILE_ONLY = ("rubric", "duration_minutes", "snapshot_marks")
"""Fields a school profile has and a rubric does not."""


def check_file(path: Path, library: RubricLibrary) -> tuple[str, list[str]]:
    """What a rubric or profile file holds ('Teach v1.0: 3 areas, 11 elements') and warnings.

    InvalidFile lists its problems; OSError says it cannot be read (a named pipe, a device
    or a file too big is not read: core.files).
    """
    data = read_file(path, ANY_FILE)
    if path.suffix.casefold() == ".csv":
        result = parse_csv_rubric(data, rubric_id=slug(path.stem), name=path.stem)
        rubric, warnings = result.rubric, result.warnings
    else:
        try:
            raw = orjson.loads(data)
        except orjson.JSONDecodeError:
            raw = None
        if isinstance(raw, dict) and "domains" not in raw:
            # A profile without its rubric is still a profile: checked as one, it is told
            # that it lacks the field, not a rubric's every missing field.
            in_profiles = path.absolute().parent.name == "profiles"
            if in_profiles or any(key in raw for key in _PROFILE_ONLY):
                profile = parse_profile(data, library.rubrics)
                what = f"school profile '{shortened(profile.name)}' using {profile.rubric}"
                return what, []
        rubric, warnings = parse_rubric(data), []
    return f"{shortened(rubric.name)}: {rubric_size(rubric)}", warnings


def validate(library: RubricLibrary, paths: list[Path]) -> int:
    """One line per problem, each starting with the file; 1 if any file is invalid."""
    return validate_files(paths, lambda path: check_file(path, library))


def import_rubric(data: DataFolder, library: RubricLibrary, arguments: argparse.Namespace) -> int:
    source = Path(arguments.csv_file).expanduser()
    rubric_id = arguments.rubric_id or slug(source.stem, 64)
    name = arguments.name or source.stem.replace("_", " ").strip() or rubric_id

    def attempt() -> Imported:
        data.create()
        return import_csv(
            source,
            data.rubrics,
            rubric_id=rubric_id,
            name=name,
            force=arguments.force,
            interval_minutes=arguments.intervals,
        )

    done = imported(source, attempt)
    if done is None:
        return 1
    rubric = done.result.rubric
    for warning in done.result.warnings:
        print(one_line(f"{source}: warning: {warning}"), file=sys.stderr)
    bundled = next(
        (e for e in library.entries if e.bundled and e.rubric and e.rubric.id == rubric_id), None
    )
    verb = "Replaced" if done.replaced else "Imported"
    was = f" (was {done.previous_version})" if done.previous_version is not None else ""
    print(
        one_line(
            f"{verb} {rubric.name} ({rubric.id}) version {rubric.version}{was}: "
            f"{rubric_size(rubric)} -> {done.path}"
        )
    )
    if bundled is not None:
        print(f"It overrides the bundled rubric with the id '{rubric_id}'.")
    if rubric.observation.intervals is not None:
        minutes = rubric.observation.intervals.minutes
        print(f"Interval coding: every {minutes:g} min, {rubric.element_count} codes to tick.")
    return 0


def list_profiles(data: DataFolder, library: RubricLibrary, entries: list[ProfileEntry]) -> int:
    if not entries:
        print(one_line(f"No school profiles yet in {data.profiles} (start one with: profiles new)"))
        return 0
    rows = [["ID", "SCHOOL", "RUBRIC", "MINUTES", "VALID"]]
    for entry in entries:
        profile = entry.profile
        if profile is None:
            rows.append([entry.path.stem, "-", "-", "-", "no (see below)"])
        else:
            rubric = library.rubrics[profile.rubric]
            rows.append(
                [
                    profile.id,
                    shortened(profile.name, CELL),
                    profile.rubric,
                    str(profile.minutes(rubric)),
                    "yes",
                ]
            )
    print(text_table(rows))
    for entry in entries:
        for problem in entry.problems:
            print(f"\n{one_line(f'{entry.path}: {problem}')}")
    return 0


def new_profile(data: DataFolder, library: RubricLibrary, arguments: argparse.Namespace) -> int:
    rubric = library.get(arguments.rubric)
    if rubric is None:
        complain(f"no rubric '{arguments.rubric}' (have: {', '.join(sorted(library.rubrics))})")
        return 2
    content = starter_profile(arguments.profile_id, arguments.name, rubric, arguments.minutes)
    try:
        parse_profile(content, library.rubrics)
    except InvalidFile as error:
        for problem in error.problems:
            complain(problem)
        return 2
    target = data.profiles / f"{arguments.profile_id}.json"
    if target.exists() and not arguments.force:
        complain(f"{target} already exists; replace it with --force")
        return 1
    try:
        data.create()
        write_atomic(target, content)
    except OSError as error:
        complain(f"cannot write {target}: {error.strerror or error}")
        return 1
    print(one_line(f"Wrote {target}; edit it to change snapshot marks or debrief prompts."))
    return 0
