"""`observer-tui rubrics ...` and `observer-tui profiles ...`: the rubric library from a shell.

Each command prints plain text and returns its exit code: 0 when all is well, 1 when a
file is invalid or would be overwritten, 2 for a request that cannot be understood.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from observer_tui.core.csv_import import WriteFailed, import_csv, parse_csv_rubric
from observer_tui.core.files import ANY_FILE, CELL, read_file, shortened
from observer_tui.core.locations import DataFolder, bundled_data
from observer_tui.core.profiles import ProfileEntry, parse_profile, starter_profile
from observer_tui.core.rubric import Rubric
from observer_tui.core.rubrics import (
    InvalidFile,
    RubricLibrary,
    parse_rubric,
    plural,
    rubric_outline,
    rubric_size,
)
from observer_tui.core.session import slug
from observer_tui.core.storage import write_atomic
from observer_tui.core.tables import text_table
from observer_tui.core.visible import visible
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
            schema = Rubric.model_json_schema()
            print(orjson.dumps(schema, option=orjson.OPT_INDENT_2).decode())
            return 0
        case _:
            starter = bundled_data() / "starters"
            name = "rubric.csv" if arguments.csv else "rubric.json"
            print((starter / name).read_text(encoding="utf-8"), end="")
            return 0


def _error(message: str) -> None:
    print(f"observer-tui: {_line(message)}", file=sys.stderr)


def _line(text: object) -> str:
    """A message, a path or a problem from a file, on one line with its control
    characters shown as symbols (core/visible.py)."""
    return visible(str(text), one_line=True)


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
        print(f"\n{_line(problem)}")
    return 0


def show_rubric(library: RubricLibrary, rubric_id: str) -> int:
    rubric = library.get(rubric_id)
    if rubric is None:
        _error(f"no rubric '{rubric_id}' (have: {', '.join(sorted(library.rubrics))})")
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
    status = 0
    for path in paths:
        try:
            what, warnings = check_file(path, library)
        except InvalidFile as error:
            status = 1
            for problem in error.problems:
                print(_line(f"{path}: {problem}"))
            continue
        except OSError as error:
            status = 1
            print(_line(f"{path}: cannot read: {error.strerror or error}"))
            continue
        for warning in warnings:
            print(_line(f"{path}: warning: {warning}"))
        print(_line(f"{path}: valid ({what})"))
    return status


def import_rubric(data: DataFolder, library: RubricLibrary, arguments: argparse.Namespace) -> int:
    source = Path(arguments.csv_file).expanduser()
    rubric_id = arguments.rubric_id or slug(source.stem, 64)
    name = arguments.name or source.stem.replace("_", " ").strip() or rubric_id
    try:
        data.create()
        imported = import_csv(
            source,
            data.rubrics,
            rubric_id=rubric_id,
            name=name,
            force=arguments.force,
            interval_minutes=arguments.intervals,
        )
    except InvalidFile as error:
        for problem in error.problems:
            print(_line(f"{source}: {problem}"), file=sys.stderr)
        print(
            f"observer-tui: nothing imported ({plural(len(error.problems), 'problem')})",
            file=sys.stderr,
        )
        return 1
    except FileExistsError as error:
        _error(str(error))
        return 1
    except WriteFailed as error:
        _error(f"cannot write {error.filename}: {error.strerror}; nothing imported")
        return 1
    except OSError as error:
        _error(f"cannot read {error.filename or source}: {error.strerror or error}")
        return 1
    rubric = imported.result.rubric
    for warning in imported.result.warnings:
        print(_line(f"{source}: warning: {warning}"), file=sys.stderr)
    bundled = next(
        (e for e in library.entries if e.bundled and e.rubric and e.rubric.id == rubric_id), None
    )
    verb = "Replaced" if imported.replaced else "Imported"
    was = f" (was {imported.previous_version})" if imported.previous_version is not None else ""
    print(
        _line(
            f"{verb} {rubric.name} ({rubric.id}) version {rubric.version}{was}: "
            f"{rubric_size(rubric)} -> {imported.path}"
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
        print(_line(f"No school profiles yet in {data.profiles} (start one with: profiles new)"))
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
            print(f"\n{_line(f'{entry.path}: {problem}')}")
    return 0


def new_profile(data: DataFolder, library: RubricLibrary, arguments: argparse.Namespace) -> int:
    rubric = library.get(arguments.rubric)
    if rubric is None:
        _error(f"no rubric '{arguments.rubric}' (have: {', '.join(sorted(library.rubrics))})")
        return 2
    content = starter_profile(arguments.profile_id, arguments.name, rubric, arguments.minutes)
    try:
        parse_profile(content, library.rubrics)
    except InvalidFile as error:
        for problem in error.problems:
            _error(problem)
        return 2
    target = data.profiles / f"{arguments.profile_id}.json"
    if target.exists() and not arguments.force:
        _error(f"{target} already exists; replace it with --force")
        return 1
    try:
        data.create()
        write_atomic(target, content)
    except OSError as error:
        _error(f"cannot write {target}: {error.strerror or error}")
        return 1
    print(_line(f"Wrote {target}; edit it to change snapshot marks or debrief prompts."))
    return 0
