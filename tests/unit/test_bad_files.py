"""No file in a shared folder stops anyone: every malformed rubric, profile or session file is
reported in one line that names it, the commands go on with what is valid, and the file is
left byte for byte as it was. Named pipes, devices, links out of the folder and huge files
are not read."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.cli import main
from observer_tui.core.csv_import import parse_csv_rubric
from observer_tui.core.files import (
    MB,
    PROFILE_FILE,
    RUBRIC_FILE,
    SESSION_FILE,
    FileKind,
    RefusedFile,
    read_file,
)
from observer_tui.core.locations import DataFolder, bundled_data
from observer_tui.core.profiles import load_profiles, parse_profile
from observer_tui.core.rubrics import InvalidFile, load_library, parse_rubric
from observer_tui.core.steps import parse_bank
from observer_tui.core.storage import parse_session, read_session
from observer_tui.core.walks import parse_walk
from observer_tui.core.workspace import Workspace

DATA = Path(__file__).parent.parent / "data"
SESSION = (DATA / "session-v1.json").read_bytes()
SESSION_NAME = "20260310-1005-zoe-muller-olafsdottir-828183da.json"
TEACHER = "Zoë Müller-Ólafsdóttir"
RUBRIC = (bundled_data() / "rubrics" / "teach.json").read_bytes().replace(b'"teach"', b'"mine"')
PROFILE = orjson.dumps(
    {
        "id": "oak",
        "name": "Oak Primary",
        "rubric": "teach",
        "duration_minutes": 20,
        "snapshot_marks": [{"start_minute": 3, "end_minute": 4}],
        "debrief_prompts": {"describe": ["What happened?"], "next_step": ["And next?"]},
    }
)
BUNDLED = load_library(None).rubrics


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's index goes to a cache folder under tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def cli(data: Path, *args: str) -> str:
    """Run the command line in this process; stdout and stderr together. Any exception
    other than argparse's exit fails the test with it."""
    out = io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(out),
        contextlib.suppress(SystemExit),
    ):
        main(["--data-dir", str(data), *args])
    return out.getvalue()


def folder_with(root: Path, kind: str, content: bytes, name: str = "") -> tuple[DataFolder, Path]:
    """A data folder holding one valid session and the file `content` as a `kind` file."""
    data = DataFolder(root)
    data.create()
    (data.sessions / SESSION_NAME).write_bytes(SESSION)
    sub = {
        "session": data.sessions,
        "rubric": data.rubrics,
        "profile": data.profiles,
        "bank": data.steps,
        "walk": data.walks,
    }[kind]
    sub.mkdir(exist_ok=True)
    default = {
        "session": f"{BAD_SESSION}.json",
        "rubric": "mine.json",
        "bank": "mine-steps.json",
        "walk": "walk-1.json",
    }
    path = sub / (name or default.get(kind, "oak.json"))
    path.write_bytes(content)
    return data, path


# -- not regular files: never opened for reading, never a hang -------------------------------


def within(seconds: float, call: Callable[[], Any], fifos: list[Path]) -> None:
    """Run `call`; fail if it has not returned after `seconds`. A read blocked on one of the
    pipes is released (a writer opens and closes it) so a failing test never hangs."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"still reading after {seconds} s: a named pipe blocked it")
    if failure:
        raise failure[0]


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_named_pipes_in_every_folder_are_skipped_with_a_notice(tmp_path: Path) -> None:
    data, _ = folder_with(tmp_path / "d", "rubric", RUBRIC)
    fifos = [
        data.sessions / "20260312-0900-pipe-00000000.json",
        data.rubrics / "pipe.json",
        data.profiles / "pipe.json",
    ]
    for fifo in fifos:
        os.mkfifo(fifo)
    said: dict[str, str] = {}

    def commands() -> None:
        for command in (("sessions", "list"), ("rubrics", "list"), ("profiles", "list")):
            said[command[0]] = cli(data.root, *command)

    within(20, commands, fifos)
    assert f"skipped {fifos[0]}: cannot read: a named pipe, not a file" in said["sessions"]
    assert TEACHER in said["sessions"]
    assert f"{fifos[1]}: cannot read: a named pipe, not a file" in said["rubrics"]
    assert "mine " in said["rubrics"]  # the valid user rubric is listed
    assert f"{fifos[2]}: cannot read: a named pipe, not a file" in said["profiles"]


@needs_fifo
def test_pipes_and_devices_in_the_newer_folders_are_skipped(tmp_path: Path) -> None:
    """Step banks, walks and the trash are read like the rest: a named pipe or a link to
    /dev/zero in them is named, never read, and the valid files are still listed."""
    data, _ = folder_with(tmp_path / "d", "rubric", RUBRIC)
    for folder in (data.steps, data.walks, data.trash):
        folder.mkdir(exist_ok=True)
    fifos = [data.steps / "pipe.json", data.walks / "pipe.json", data.trash / "pipe.json"]
    for fifo in fifos:
        os.mkfifo(fifo)
        (fifo.parent / "zero.json").symlink_to("/dev/zero")
    said: dict[str, str] = {}
    trashed: list[Any] = []

    def commands() -> None:
        said["steps"] = cli(data.root, "steps", "list")
        said["walk"] = cli(data.root, "walk", "--list")
        workspace = Workspace(data, cache=tmp_path / "cache")
        try:
            trashed.extend(workspace.trashed())
        finally:
            workspace.close()

    within(20, commands, fifos)
    assert f"{fifos[0]}: cannot read: a named pipe, not a file" in said["steps"]
    assert "zero.json: cannot read: a link to /dev/zero, outside the data folder" in said["steps"]
    assert "beh-1 " in said["steps"]  # the bundled bank is listed
    assert "pipe.json" in said["walk"] and "zero.json" in said["walk"]
    assert {t.path.name: t.problem for t in trashed} == {
        "pipe.json": "a named pipe, not a file",
        "zero.json": "a link to /dev/zero, outside the data folder",
    }


@needs_fifo
@pytest.mark.parametrize(
    "command", [["rubrics", "import"], ["steps", "import", "--rubric", "teach"]]
)
def test_a_spreadsheet_to_import_must_be_a_regular_file(tmp_path: Path, command: list[str]) -> None:
    """Before, `rubrics import` of a pipe hung and of a link to /dev/zero ran out of memory."""
    fifo, zero = tmp_path / "pipe.csv", tmp_path / "zero.csv"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    said: list[str] = []
    within(
        20, lambda: said.extend(cli(tmp_path / "d", *command, str(f)) for f in (fifo, zero)), [fifo]
    )
    assert said == [
        f"observer-tui: cannot read {fifo}: a named pipe, not a file\n",
        f"observer-tui: cannot read {zero}: a device, not a file\n",
    ]


def test_a_link_out_of_the_data_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "notes.json"
    secret.parent.mkdir()
    secret.write_bytes(RUBRIC)
    data, _ = folder_with(tmp_path / "d", "rubric", RUBRIC)
    (data.rubrics / "away.json").symlink_to(secret)
    (data.profiles / "zero.json").symlink_to("/dev/zero")
    (data.sessions / "20260312-0900-link-00000000.json").symlink_to(secret)
    rubrics = cli(data.root, "rubrics", "list")
    assert f"away.json: cannot read: a link to {secret}, outside the data folder" in rubrics
    profiles = cli(data.root, "profiles", "list")
    assert "zero.json: cannot read: a link to /dev/zero, outside the data folder" in profiles
    sessions = cli(data.root, "sessions", "list")
    assert "link-00000000.json: cannot read: a link to" in sessions and TEACHER in sessions


def test_a_link_inside_the_data_folder_is_read(tmp_path: Path) -> None:
    data, _ = folder_with(tmp_path / "d", "rubric", RUBRIC)
    (data.root / "shared").mkdir()
    (data.root / "shared" / "ours.json").write_bytes(RUBRIC.replace(b'"mine"', b'"ours"'))
    (data.rubrics / "ours.json").symlink_to(data.root / "shared" / "ours.json")
    library = load_library(data.rubrics)
    assert {"mine", "ours"} <= library.rubrics.keys() and not library.problems


@pytest.mark.parametrize(
    ("target", "said"),
    [("/dev/zero", "a device, not a file"), (".", "a folder, not a file")],
)
def test_a_file_named_on_the_command_line_must_be_a_regular_file(
    tmp_path: Path, target: str, said: str
) -> None:
    out = cli(tmp_path / "d", "rubrics", "validate", str(Path(target)))
    assert out == f"{Path(target)}: cannot read: {said}\n"


@pytest.mark.parametrize(
    ("kind", "limit"),
    [(SESSION_FILE, 32), (RUBRIC_FILE, 4), (PROFILE_FILE, 1)],
)
def test_each_kind_of_file_has_a_size_limit(tmp_path: Path, kind: Any, limit: int) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(limit * MB + 1)  # sparse: no need to write it
    with pytest.raises(RefusedFile) as refused:
        read_file(big, kind)
    assert str(refused.value) == (
        f"too big for a {kind.name} file ({limit:,}.0 MB; at most {limit} MB are read)"
    )
    big.write_bytes(b"{}")
    assert read_file(big, kind) == b"{}"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(0, 300_000), limit=st.integers(0, 300_000))
def test_a_file_is_read_whole_up_to_its_limit_and_refused_past_it(
    tmp_path: Path, size: int, limit: int
) -> None:
    path = tmp_path / "f.json"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    kind = FileKind("session", limit)
    if size <= limit:
        assert read_file(path, kind, inside=(tmp_path,)) == data
    else:
        with pytest.raises(RefusedFile, match="too big for a session file"):
            read_file(path, kind, inside=(tmp_path,))


@pytest.mark.parametrize(("grown", "refused"), [(100_000, False), (SESSION_FILE.limit + 1, True)])
def test_a_file_that_grew_after_it_was_looked_at_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grown: int, refused: bool
) -> None:
    """A sync tool appending while the file is read: fstat saw the old size."""
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 10)
    looked = os.fstat

    def old_size(fd: int) -> os.stat_result:
        with path.open("ab") as handle:  # it grows straight after fstat
            handle.truncate(grown)
        status = list(looked(fd))
        status[6] = 10  # st_size
        return os.stat_result(status)

    monkeypatch.setattr(os, "fstat", old_size)
    if refused:
        with pytest.raises(RefusedFile, match="too big"):
            read_file(path, SESSION_FILE)
    else:
        assert read_file(path, SESSION_FILE) == b"x" * 10 + bytes(grown - 10)


def test_a_session_of_2000_long_notes_fits_well_inside_the_limit() -> None:
    session = orjson.loads(SESSION)
    note = session["notes"][0]
    session["notes"] = [
        {**note, "id": f"{n:012x}", "text": "a long note about the lesson " * 35}
        for n in range(2000)
    ]
    assert len(orjson.dumps(session)) * 8 < SESSION_FILE.limit  # a 1,000-character note each


def test_a_huge_session_file_is_skipped_and_the_rest_listed(tmp_path: Path) -> None:
    data, path = folder_with(tmp_path / "d", "session", b"")
    with path.open("wb") as handle:
        handle.truncate(33 * MB)
    out = cli(data.root, "sessions", "list")
    assert f"skipped {path}: cannot read: too big for a session file (33.0 MB;" in out
    assert TEACHER in out
    assert path.stat().st_size == 33 * MB


# -- precise messages -----------------------------------------------------------------------


UNTOUCHED = "left untouched"


def session_with(**fields: object) -> bytes:
    return orjson.dumps({**orjson.loads(SESSION), **fields})


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1", "schema_version must be a whole number such as 1, not '1'; left untouched"),
        (None, "schema_version must be a whole number such as 1, not None; left untouched"),
        (1.0, "schema_version must be a whole number such as 1, not 1.0; left untouched"),
        (True, "schema_version must be a whole number such as 1, not True; left untouched"),
        (2, "schema_version 2 is newer than this app reads (1); update observer-tui; " + UNTOUCHED),
        (0, "schema_version 0 was never written by observer-tui; left untouched"),
    ],
)
def test_schema_version_says_what_is_wrong(version: object, message: str) -> None:
    """Only a whole number larger than this app's is 'newer'."""
    with pytest.raises(ValueError) as raised:
        parse_session(session_with(schema_version=version))
    assert str(raised.value) == message


def test_bad_utf8_is_placed_by_its_byte_offset() -> None:
    broken = SESSION[:1000] + b"\xff" + SESSION[1000:]
    with pytest.raises(ValueError) as raised:
        parse_session(broken)
    assert str(raised.value) == "not valid UTF-8 at byte 1,000 (line 1); left untouched"
    rubric = RUBRIC.replace(b"Checks", b"Ch\xc3ecks", 1)
    at = rubric.index(b"\xc3")
    line = rubric.count(b"\n", 0, at) + 1
    with pytest.raises(InvalidFile) as invalid:
        parse_rubric(rubric)
    assert invalid.value.problems == [f"not valid UTF-8 at byte {at:,} (line {line})"]


def test_a_byte_order_mark_is_named_when_the_rest_is_json() -> None:
    with pytest.raises(InvalidFile) as invalid:
        parse_rubric(b"\xef\xbb\xbf" + RUBRIC)
    assert invalid.value.problems == [
        "starts with a byte order mark (BOM): save it as UTF-8 without BOM"
    ]
    with pytest.raises(ValueError) as raised:  # a spreadsheet export, say
        parse_session(b"\xef\xbb\xbfteacher,note\n")
    assert str(raised.value).startswith("not valid JSON (")


def test_huge_values_are_shortened_in_messages(tmp_path: Path) -> None:
    huge = "x" * 5_000_000
    with pytest.raises(ValueError) as raised:
        parse_session(session_with(schema_version=huge))
    assert str(raised.value) == (
        f"schema_version must be a whole number such as 1, not '{'x' * 58}…; left untouched"
    )
    rubric = orjson.loads(RUBRIC)
    rubric["domains"][0]["elements"][0]["code"] = huge
    rubric[huge] = 1
    with pytest.raises(InvalidFile) as invalid:
        parse_rubric(orjson.dumps(rubric))
    assert all(len(problem) < 200 for problem in invalid.value.problems)
    assert f"{'x' * 39}…: unknown field (check its spelling)" in invalid.value.problems
    with pytest.raises(InvalidFile) as invalid:
        parse_profile(orjson.dumps({"id": "a", "name": "A", "rubric": "y" * 500_000}), BUNDLED)
    assert invalid.value.problems == [
        f"rubric: no rubric '{'y' * 58}… (have: copus, drop-in, five-challenges, teach)"
    ]
    data, path = folder_with(tmp_path / "d", "session", session_with(teacher=huge, id="big"))
    (data.sessions / "20260313-0900-big-00000000.json").write_bytes(
        session_with(teacher=huge, id="20260313-0900-big-00000000")
    )
    listing = cli(data.root, "sessions", "list")
    assert len(listing) < 2_000 and f"{'x' * 199}…" in listing


def test_a_profile_without_its_rubric_is_told_so(tmp_path: Path) -> None:
    lacking = orjson.dumps({"id": "elm", "name": "Elm", "duration_minutes": 20})
    said = "rubric: the profile has no rubric field (add the id of the school's rubric)"
    data, path = folder_with(tmp_path / "d", "profile", lacking)
    assert load_profiles(data.profiles, BUNDLED)[0].problems == (said,)
    assert cli(data.root, "rubrics", "validate", str(path)) == f"{path}: {said}\n"
    elsewhere = tmp_path / "elm.json"
    elsewhere.write_bytes(lacking)  # outside a profiles folder: its fields say what it is
    assert cli(data.root, "rubrics", "validate", str(elsewhere)) == f"{elsewhere}: {said}\n"


# -- property-based: mutations of valid files -------------------------------------------------

JUNK: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.just("x" * 300_000),
    st.recursive(
        st.none() | st.integers() | st.text(max_size=4),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        ),
        max_leaves=6,
    ),
)


def places(value: object, at: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    """Every key and index path inside a JSON value."""
    if at:
        yield at
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from places(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from places(inner, (*at, index))


BAD_SESSION = "20260311-0900-bad-00000000"
VALID = {
    # Its own id: a file left valid is another session, not a sync tool's copy of the first
    # (which the folder's reader would merge and move to the trash).
    "session": SESSION.replace(SESSION_NAME.removesuffix(".json").encode(), BAD_SESSION.encode()),
    "rubric": RUBRIC,
    "profile": PROFILE,
    "bank": (bundled_data() / "steps" / "teach.json")
    .read_bytes()
    .replace(b'"id": "teach"', b'"id": "mine-steps"', 1),
    "walk": orjson.dumps(
        {
            "schema_version": 1,
            "id": "walk-1",
            "walker": "Sam",
            "started_at": "2026-03-12T09:00:00Z",
            "rooms": [
                {
                    "teacher": TEACHER,
                    "step": "Ask three named pupils",
                    "element": "CFU",
                    "coach": "Sam",
                    "agreed": "2026-03-10",
                    "session_id": SESSION_NAME.removesuffix(".json"),
                    "result": "partly",
                    "note": "two of three",
                    "at": "2026-03-12T09:02:00Z",
                }
            ],
        }
    ),
}


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    """A valid file of this kind with one value dropped or replaced by junk, then perhaps
    cut short or given bytes that are not UTF-8."""
    document = orjson.loads(VALID[kind])
    at = draw(st.sampled_from(list(places(document))))
    parent = document
    for step in at[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[at[-1]]
    else:
        parent[at[-1]] = draw(JUNK)
    # The standard library's writer, as another tool's: it writes integers of any size.
    data = json.dumps(document, ensure_ascii=False).encode()
    damage = draw(st.sampled_from(["none", "none", "cut", "bytes"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "bytes":
        where = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf"]))
        data = data[:where] + junk + data[where:]
    return data


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLI = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_line(message: str) -> None:
    assert message and "\n" not in message and len(message) < 500, message


@FAST
@given(mutated("session"))
def test_a_damaged_session_raises_only_a_one_line_value_error(data: bytes) -> None:
    try:
        parse_session(data)
    except ValueError as error:
        assert type(error) is ValueError
        one_line(str(error))


@FAST
@given(mutated("rubric"))
def test_a_damaged_rubric_raises_only_invalid_file(data: bytes) -> None:
    try:
        parse_rubric(data)
    except InvalidFile as error:
        for problem in error.problems:
            one_line(problem)


@FAST
@given(mutated("profile"))
def test_a_damaged_profile_raises_only_invalid_file(data: bytes) -> None:
    try:
        parse_profile(data, BUNDLED)
    except InvalidFile as error:
        for problem in error.problems:
            one_line(problem)


CSV = (DATA / "excel-utf8.csv").read_bytes()


@FAST
@given(st.integers(0, len(CSV)), st.binary(max_size=12), st.integers(0, 12))
def test_a_damaged_csv_rubric_raises_only_invalid_file(where: int, junk: bytes, cut: int) -> None:
    data = CSV[:where] + junk + CSV[where + cut :]
    try:
        parse_csv_rubric(data, rubric_id="mine", name="Mine")
    except InvalidFile as error:
        for problem in error.problems:
            one_line(problem)


def valid(kind: str, data: bytes) -> bool:
    """Whether the loader takes the file (some mutations leave it valid)."""
    parse: dict[str, Callable[[], object]] = {
        "session": lambda: parse_session(data),
        "rubric": lambda: parse_rubric(data),
        "profile": lambda: parse_profile(data, BUNDLED),
        "bank": lambda: parse_bank(data, BUNDLED),
        "walk": lambda: parse_walk(data),
    }
    try:
        parse[kind]()
    except ValueError:
        return False
    return True


COMMANDS: dict[str, list[tuple[tuple[str, ...], bool]]] = {
    "session": [
        (("sessions", "list"), True),
        (("search", "pupils"), True),
        (("stats",), True),
        (("stats", "--quality"), False),
        (("export", "--all", "--format", "csv"), False),
        (("walk", "--list"), False),
    ],
    "rubric": [
        (("rubrics", "list"), True),
        (("rubrics", "show", "teach"), False),
        (("profiles", "list"), False),
    ],
    "profile": [(("profiles", "list"), True), (("rubrics", "list"), False)],
    "bank": [(("steps", "list"), True), (("steps", "show", "beh-1"), False)],
    "walk": [(("walk", "--list"), True), (("walk", "--json"), False)],
}
"""The commands that read each kind of file, and whether each lists the files it skipped."""


def contents(folder: DataFolder) -> dict[str, bytes]:
    return {
        f"{path.parent.name}/{path.name}": path.read_bytes()
        for sub in (folder.sessions, folder.rubrics, folder.profiles, folder.steps, folder.walks)
        if sub.exists()
        for path in sub.iterdir()
    }


def check_commands(kind: str, data: bytes) -> None:
    """Every command over a folder holding the file: no exception, the valid files listed,
    the file named in one short line if it is invalid, and every file left as it was."""
    with tempfile.TemporaryDirectory() as root:
        folder, path = folder_with(Path(root) / "d", kind, data)
        (folder.profiles / "elm.json").write_bytes(PROFILE.replace(b'"oak"', b'"elm"'))
        before = contents(folder)
        bad = not valid(kind, data)
        for command, lists_skipped in COMMANDS[kind]:
            out = cli(folder.root, *command)
            if command == ("sessions", "list"):
                assert TEACHER in out
            if command == ("rubrics", "show", "teach"):
                assert "Checks for understanding" in out
            if command == ("profiles", "list"):
                assert "\nelm " in out
            named = [line for line in out.splitlines() if str(path) in line]
            if bad and lists_skipped:
                assert named, f"{command}: the bad file is not named:\n{out[:2000]}"
            for line in named:
                assert len(line) < 1000, line[:300]
        assert contents(folder) == before


@pytest.mark.parametrize("kind", sorted(VALID))
def test_each_file_mutated_is_valid_before_it_is_damaged(kind: str, tmp_path: Path) -> None:
    """Else every mutation below would be of a file refused anyway."""
    assert valid(kind, VALID[kind])
    check_commands(kind, VALID[kind])


@CLI
@given(mutated("session"))
def test_commands_go_on_past_a_damaged_session(data: bytes) -> None:
    check_commands("session", data)


@CLI
@given(mutated("rubric"))
def test_commands_go_on_past_a_damaged_rubric(data: bytes) -> None:
    check_commands("rubric", data)


@CLI
@given(mutated("profile"))
def test_commands_go_on_past_a_damaged_profile(data: bytes) -> None:
    check_commands("profile", data)


@CLI
@given(mutated("bank"))
def test_commands_go_on_past_a_damaged_step_bank(data: bytes) -> None:
    check_commands("bank", data)


@CLI
@given(mutated("walk"))
def test_commands_go_on_past_a_damaged_walk(data: bytes) -> None:
    check_commands("walk", data)


def test_the_spawned_readers_skip_pipes_and_bad_files_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first index of a big folder reads in worker processes: they read as safely."""
    from observer_tui.core import index

    monkeypatch.setattr(index, "POOL_FROM", 3)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def not_here(*args: object) -> Any:
        raise AssertionError("read in this process: the workers did not start")

    # The workers import the module afresh and read with the real one.
    monkeypatch.setattr(index, "_parse", not_here)
    data, bad = folder_with(tmp_path / "d", "session", session_with(schema_version=True))
    for n in range(3):
        name = f"20260314-0900-more-0000000{n}"
        (data.sessions / f"{name}.json").write_bytes(session_with(id=name))
    fifo = data.sessions / "20260315-0900-pipe-00000000.json"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
    result: list[index.Refresh] = []
    the_index = index.SessionIndex(data.sessions, tmp_path / "index.db")
    try:
        within(60, lambda: result.append(the_index.refresh()), [fifo])
    finally:
        the_index.close()
    problems = {p.path.name: p.message for p in result[0].problems}
    assert problems[bad.name].startswith("schema_version must be a whole number")
    if hasattr(os, "mkfifo"):
        assert problems[fifo.name] == "cannot read: a named pipe, not a file"
    assert len(result[0].changed) == 4
    assert read_session(data.sessions / SESSION_NAME).teacher == TEACHER
