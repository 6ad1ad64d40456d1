"""Two coaches, two user ids, one group folder: what one saves, the other reads and saves to.

Runs only as root, which can act as other users (`setpriv`); elsewhere (CI) it is skipped.
The user ids are numbers without accounts, so nothing on the machine is changed.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

TEAM = 54100
"""The team's group."""
ANN = 54101
BEN = 54102

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="acting as two coaches (two user ids) needs root and setpriv",
)

SAVE = """
import sys
from pathlib import Path
from observer_tui.core.drafts import read_draft
from observer_tui.core.locations import DataFolder
from observer_tui.core.observation import Observation
from observer_tui.core.session import new_session
from observer_tui.core.workspace import Saved, Workspace

root, coach, teacher, note, *session_id = sys.argv[1:]
data = DataFolder(Path(root))
data.create()
workspace = Workspace(data, coach=coach, cache=Path.home() / ".cache")
errors = []
workspace.listen(lambda c: isinstance(c, Saved) and c.result.error and errors.append(c))
teach = workspace.read_rubrics().rubrics["teach"]
if session_id:
    session = workspace.open(session_id[0])
else:
    session = new_session(teacher=teacher, class_name="Y8", coach=coach, rubric=teach,
                          focus=[], planned_minutes=15, at=workspace.clock.now())
observation = Observation(session, teach, workspace.clock)
observation.commit(read_draft(note, teach), workspace.clock.now())
workspace.save(observation.session, observation.revision)
saved = workspace.flush(5)
workspace.close(1)
if errors or not saved:
    sys.exit(f"not saved: {errors[0].result.error if errors else 'timed out'}")
print(session.id)
"""


class Coach:
    """A coach on the shared machine: their own user id and home, in the team's group."""

    def __init__(self, uid: int, name: str, base: Path) -> None:
        self.uid = uid
        self.name = name
        self.home = base / f"home-{uid}"
        self.home.mkdir(mode=0o700)
        os.chown(self.home, uid, uid)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "OBSERVER_TUI_COACH": self.name,
            "TZ": "UTC",
        }
        return subprocess.run(
            [
                "setpriv",
                f"--reuid={self.uid}",
                f"--regid={self.uid}",
                f"--groups={TEAM}",
                "--",
                sys.executable,
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.home,
            umask=0o022,  # the usual one: the app must open the group's access past it
            timeout=120,
        )

    def save(self, data: Path, teacher: str, note: str, *session_id: str) -> str:
        done = self.run("-c", SAVE, str(data), self.name, teacher, note, *session_id)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "observer_tui", *args)


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder every user can pass through (pytest's own tmp folder is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="observer-tui-team-"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def team(base: Path) -> Path:
    """The group folder an administrator made: root's, the team's group, 2770."""
    folder = base / "team"
    folder.mkdir()
    os.chown(folder, 0, TEAM)
    folder.chmod(0o2770)
    return folder


def owner_group_mode(path: Path) -> tuple[int, int, int]:
    found = os.stat(path)
    return found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)


def test_two_coaches_read_and_save_each_others_sessions_in_a_group_folder(
    base: Path, team: Path
) -> None:
    ann, ben = Coach(ANN, "Ann", base), Coach(BEN, "Ben", base)
    probe = ann.run("-c", "import observer_tui")
    if probe.returncode != 0:
        pytest.skip(f"another user cannot run this Python: {probe.stderr.strip()}")
    data = team / "data"
    anns = ann.save(data, "Jane Doe", "asked three students to explain")

    listed = ben.cli("--data-dir", str(data), "sessions", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Jane Doe" in listed.stdout and "cannot read" not in listed.stderr
    exported = ben.cli("--data-dir", str(data), "export", anns)
    assert "asked three students to explain" in exported.stdout, exported.stderr

    bens = ben.save(data, "Raj Patel", "cold call on the back rows")
    assert ben.save(data, "", "Ben's note in Ann's session", anns) == anns
    again = ann.cli("--data-dir", str(data), "export", anns)
    assert "Ben's note in Ann's session" in again.stdout, again.stderr
    listed = ann.cli("--data-dir", str(data), "sessions", "list")
    assert "Raj Patel" in listed.stdout and listed.stderr == ""

    assert owner_group_mode(team) == (0, TEAM, 0o2770)  # never chmodded
    for folder in (data, data / "sessions", data / "rubrics", data / "profiles"):
        assert owner_group_mode(folder) == (ANN, TEAM, 0o2770), folder
    files = {path.stem: path for path in (data / "sessions").iterdir()}
    assert sorted(files) == sorted([anns, bens])
    assert owner_group_mode(files[anns]) == (BEN, TEAM, 0o660)  # Ben saved it last
    assert owner_group_mode(files[bens]) == (BEN, TEAM, 0o660)
    notes = [note["text"] for note in orjson.loads(files[anns].read_bytes())["notes"]]
    assert notes == ["asked three students to explain", "Ben's note in Ann's session"]
    # Each coach's index stays in their own home, private.
    for coach in (ann, ben):
        [index] = (coach.home / ".cache" / "observer-tui").glob("index-*.sqlite3")
        assert owner_group_mode(index)[::2] == (coach.uid, 0o600)


def test_a_rubric_imported_into_the_group_folder_itself_is_the_teams(
    base: Path, team: Path
) -> None:
    ann, ben = Coach(ANN, "Ann", base), Coach(BEN, "Ben", base)
    source = base / "oak.csv"
    source.write_text("domain,element_code,element_name,look_for\nCulture,C1,Routines,lines up\n")
    source.chmod(0o644)
    done = ann.cli("--data-dir", str(team), "rubrics", "import", str(source), "--id", "oak")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    listed = ben.cli("--data-dir", str(team), "rubrics", "list")
    assert [line.split()[0] for line in listed.stdout.splitlines()].count("oak") == 1
    assert listed.stderr == ""
    assert owner_group_mode(team) == (0, TEAM, 0o2770)
    assert owner_group_mode(team / "rubrics") == (ANN, TEAM, 0o2770)
    assert owner_group_mode(team / "rubrics" / "oak.json") == (ANN, TEAM, 0o660)
