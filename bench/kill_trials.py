"""Kill trials and injected faults: does every note the screen showed as saved survive?

Runs the real app (`observer-tui --data-dir TMP observe "Jane Doe"`) under an 80x24
pseudo-terminal (bench/terminal.py), types notes at a typist's pace with random gaps, and
reports three kinds of trial:

1. kill: SIGKILL the app's process group at a random moment (during start-up, mid-typing,
   0-50 ms after an Enter, in the middle of a burst of notes), then check the session file;
2. two laptops: two app processes (each its own coach, HOME and cache) type into one
   session, the second opened from its session list; sometimes one of them is killed;
3. sync replacement: while the app types, a newer copy of the session file with one more
   note (as another laptop's sync tool delivers it) is renamed over the file at random
   moments.

A note counts as shown saved once a whole frame (the app marks frames, see terminal.py) had
the note's text in the notes log and "✓ saved" in the heading with no "saving" there, after
its Enter was sent. Lost is a note shown saved that is not in the file at the end.

Run (POSIX only): python bench/kill_trials.py [--trials 16] [--laptops 3] [--syncs 3]
[--seed 1] [--json]. Exits 1 if a note shown saved was lost, doubled, or a file was left
half-written. Data folders of trials that lost something are kept, and their paths printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from terminal import ROWS, NeverShown, Terminal

from observer_tui.core.storage import parse_session

KILL_MOMENTS = ("start-up", "mid-typing", "after Enter", "mid-burst")
PHRASES = (
    "asked why",
    "cold call",
    "wait time ok",
    "pairs talk",
    "exit ticket",
    "praised effort",
    "modelled it",
    "hands up",
    "checked in",
    "recap done",
)
APP_TEMP = re.compile(r"\..+\.json\.[0-9a-f]{8}\.tmp")
"""A temp file of the app's writer (core/storage.py write_atomic)."""
LOG_ROWS = slice(1, ROWS - 5)
"""The screen rows of the notes log: under the heading, above the status line and input."""


def saved_in(lines: list[str]) -> bool:
    """The heading says '✓ saved' and not '● saving'."""
    return "✓ saved" in lines[0] and "saving" not in lines[0]


def in_log(lines: list[str], text: str) -> bool:
    return any(text in line for line in lines[LOG_ROWS])


class Watch:
    """Which of one app's notes its screen has shown saved, judged frame by frame."""

    def __init__(self) -> None:
        self.entered: list[str] = []
        """Notes whose Enter was sent, in order."""
        self.shown: set[str] = set()

    def frame(self, lines: list[str]) -> None:
        """Runs on the reader thread for each whole frame."""
        if not saved_in(lines):
            return
        for text in self.entered:
            if text not in self.shown and in_log(lines, text):
                self.shown.add(text)


@dataclass
class App:
    """One app process and what its screen showed."""

    terminal: Terminal
    watch: Watch

    def enter(self, text: str) -> None:
        """Send a note's Enter, counted as committed from this moment on."""
        with self.terminal.lock:  # no frame is judged between the count and the key
            self.watch.entered.append(text)
        self.terminal.type(b"\r")


def start(arguments: list[str], env: dict[str, str]) -> App:
    watch = Watch()
    return App(Terminal(arguments, env, watch.frame), watch)


def environment(root: Path, coach: str) -> dict[str, str]:
    """The process environment of one laptop: its own coach, home and cache folder."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"OBSERVER_TUI_DATA_DIR", "COLUMNS", "LINES"}
        and not name.startswith(("TEXTUAL", "XDG_"))
    }
    home = root / coach
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        OBSERVER_TUI_COACH=coach,
    )
    return env


@dataclass(frozen=True)
class Pace:
    """How a coach types: seconds between keys, and between one note and the next."""

    key: tuple[float, float] = (0.02, 0.10)
    think: tuple[float, float] = (0.05, 1.2)

    def key_gap(self, rng: random.Random) -> float:
        return rng.uniform(*self.key)

    def think_gap(self, rng: random.Random) -> float:
        # Half the notes follow at once, half after a pause to watch the class.
        low, high = self.think
        return rng.uniform(low, low * 4) if rng.random() < 0.5 else rng.uniform(low, high)


PACE = Pace()


def note_text(rng: random.Random, tag: str) -> str:
    """A short note (one log line at 80 columns) that no other note's text contains."""
    return f"{tag} {rng.choice(PHRASES)}"


def type_keys(app: App, text: str, rng: random.Random, stop_after: int | None = None) -> bool:
    """Type the text key by key; stop after `stop_after` keys (then False)."""
    for index, character in enumerate(text):
        if stop_after is not None and index >= stop_after:
            return False
        app.terminal.type(character.encode())
        time.sleep(PACE.key_gap(rng))
    return True


# Checking the folder


@dataclass
class OnDisk:
    """What the sessions folder holds after a trial."""

    texts: list[str] = field(default_factory=list)
    files: int = 0
    half_written: int = 0
    temp_files: int = 0
    stray_files: int = 0


def on_disk(data: Path) -> OnDisk:
    sessions = data / "sessions"
    found = OnDisk()
    if not sessions.is_dir():
        return found
    for path in sorted(sessions.iterdir()):
        if path.name.startswith("."):
            # The app's own temp files (a start tidies old ones away), or anything else.
            if APP_TEMP.fullmatch(path.name):
                found.temp_files += 1
            else:
                found.stray_files += 1
            continue
        if path.suffix != ".json":
            continue
        found.files += 1
        try:
            session = parse_session(path.read_bytes())
        except (OSError, ValueError):
            found.half_written += 1
            continue
        found.texts.extend(note.text for note in session.notes)
    return found


def doubled(texts: list[str]) -> int:
    return sum(count - 1 for count in Counter(texts).values() if count > 1)


@dataclass
class Tally:
    """One row of a table."""

    trials: int = 0
    committed: int = 0
    shown_saved: int = 0
    lost: int = 0
    doubled: int = 0
    half_written: int = 0
    extra_files: int = 0
    """Session files beyond the one session each trial has."""
    temp_files: int = 0
    stray_files: int = 0
    injected: int = 0
    injected_lost: int = 0
    killed: int = 0
    seconds: float = 0.0
    lost_notes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Data folders of trials that lost something, kept to look at."""

    def add(self, other: Tally) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


def settle(app: App, timeout: float = 15.0) -> None:
    """Wait until the screen shows every note committed as saved (or the app is gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and app.terminal.alive():
        with app.terminal.lock:
            if set(app.watch.entered) <= app.watch.shown:
                return
        time.sleep(0.05)


def judge(
    data: Path, apps: list[App], tally: Tally, keep: Path, label: str, injected: list[str]
) -> None:
    """Count what the folder holds against what the screens showed."""
    disk = on_disk(data)
    held = set(disk.texts)
    for app in apps:
        tally.committed += len(app.watch.entered)
        tally.shown_saved += len(app.watch.shown)
        lost = sorted(app.watch.shown - held)
        tally.lost += len(lost)
        tally.lost_notes += [f"{label}: {text}" for text in lost]
    missing = [text for text in injected if text not in held]
    tally.injected += len(injected)
    tally.injected_lost += len(missing)
    tally.lost_notes += [f"{label}: injected {text}" for text in missing]
    tally.doubled += doubled(disk.texts)
    tally.half_written += disk.half_written
    tally.extra_files += max(disk.files - 1, 0)
    tally.temp_files += disk.temp_files
    tally.stray_files += disk.stray_files
    faults = (tally.lost, tally.injected_lost, tally.doubled, tally.half_written)
    if any(faults) or tally.extra_files or disk.stray_files:
        target = keep / label.replace(" ", "-")
        shutil.copytree(data.parent, target, dirs_exist_ok=True)
        tally.kept.append(str(target))


# 1. Kill trials


def kill_trial(number: int, seed: int, root: Path, keep: Path) -> tuple[str, Tally]:
    rng = random.Random(f"{seed}-kill-{number}")
    moment = rng.choice(KILL_MOMENTS)
    data = root / "data"
    tally = Tally(trials=1, killed=1)
    began = time.monotonic()
    app = start(["--data-dir", str(data), "observe", "Jane Doe"], environment(root, "Ann"))
    try:
        notes = rng.randint(1, 5)
        target = rng.randrange(notes)  # the note during or after which the kill comes
        if moment == "start-up":
            timer = threading.Timer(rng.uniform(0.0, 2.5), app.terminal.kill)
            timer.start()
        with contextlib.suppress(NeverShown):  # killed before the screen came up
            app.terminal.wait_for("'Ready:'", lambda text: "Ready:" in text)
        if moment == "mid-burst":
            notes = max(notes, target + 2)
            last = rng.randint(target, notes - 1)  # the kill comes just after this one
        for index in range(notes):
            if not app.terminal.alive():
                break
            text = note_text(rng, f"k{number}n{index}")
            if moment == "mid-burst" and index >= target:
                # Notes sent as fast as keys go (a paste, a typing burst).
                app.terminal.type(text.encode())
                app.enter(text)
                if index == last:
                    time.sleep(rng.uniform(0.0, 0.03))
                    app.terminal.kill()
                    break
                continue
            if moment == "mid-typing" and index == target:
                type_keys(app, text, rng, stop_after=rng.randrange(len(text)))
                app.terminal.kill()
                break
            type_keys(app, text, rng)
            app.enter(text)
            if moment == "after Enter" and index == target:
                time.sleep(rng.uniform(0.0, 0.05))
                app.terminal.kill()
                break
            time.sleep(PACE.think_gap(rng))
        else:
            app.terminal.kill()  # start-up's timer fired after the last note, or never
        if moment == "start-up":
            timer.join()
        app.terminal.kill()
    finally:
        app.terminal.close()
    judge(data, [app], tally, keep, f"kill {number} seed {seed}", [])
    tally.seconds = time.monotonic() - began
    return moment, tally


# 2. Two laptops


def type_notes(
    app: App, rng: random.Random, tag: str, count: int, kill_at: int | None
) -> Callable[[], None]:
    """What one laptop's thread does: type `count` notes, killed during note `kill_at`."""

    def run() -> None:
        for index in range(count):
            if not app.terminal.alive():
                return
            text = note_text(rng, f"{tag}{index}")
            if index == kill_at and rng.random() < 0.5:
                type_keys(app, text, rng, stop_after=rng.randrange(len(text)))
                app.terminal.kill()
                return
            type_keys(app, text, rng)
            app.enter(text)
            if index == kill_at:
                time.sleep(rng.uniform(0.0, 0.05))
                app.terminal.kill()
                return
            time.sleep(PACE.think_gap(rng))

    return run


def laptops_trial(number: int, seed: int, root: Path, keep: Path) -> Tally:
    rng = random.Random(f"{seed}-laptops-{number}")
    data = root / "data"
    tally = Tally(trials=1)
    began = time.monotonic()
    ann = start(["--data-dir", str(data), "observe", "Jane Doe"], environment(root, "Ann"))
    apps = [ann]
    try:
        ann.terminal.wait_for("'Ready:'", lambda text: "Ready:" in text)
        first = f"L{number}first {rng.choice(PHRASES)}"  # not a tag the threads use
        type_keys(ann, first, rng)
        ann.enter(first)
        settle(ann)
        ben = start(["--data-dir", str(data)], environment(root, "Ben"))
        apps.append(ben)
        ben.terminal.wait_for("the session in Ben's list", lambda text: "Jane Doe" in text)
        ben.terminal.type(b"\r")
        ben.terminal.wait_for("'Open elsewhere'", lambda text: "Open elsewhere" in text)
        ben.terminal.type(b"y")
        ben.terminal.wait_for("Ann's note on Ben's screen", lambda text: first in text)
        counts = [rng.randint(3, 6), rng.randint(3, 6)]
        victim = rng.randrange(2) if rng.random() < 0.5 else None
        threads = [
            threading.Thread(
                target=type_notes(
                    app,
                    random.Random(rng.random()),
                    f"L{number}{name}",
                    count,
                    rng.randrange(count) if victim == side else None,
                )
            )
            for side, (app, name, count) in enumerate(zip(apps, "ab", counts, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tally.killed += victim is not None
        for app in apps:
            settle(app)
        # The coaches stop and close their laptops, in either order.
        rng.shuffle(apps)
        for app in apps:
            time.sleep(rng.uniform(0.0, 2.0))
            if app.terminal.alive():
                app.terminal.quit()
    except NeverShown as error:
        print(f"laptops {number}: {error}", file=sys.stderr)
    finally:
        for app in apps:
            app.terminal.close()
    judge(data, apps, tally, keep, f"laptops {number} seed {seed}", [])
    tally.seconds = time.monotonic() - began
    return tally


# 3. Sync replacement


class Sync:
    """Another laptop's sync tool: renames a newer copy of the session file over it."""

    def __init__(self, sessions: Path, rng: random.Random, tag: str) -> None:
        self.sessions = sessions
        self.rng = rng
        self.tag = tag
        self.injected: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sync", daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.rng.uniform(0.2, 1.5)):
            files = [p for p in self.sessions.glob("*.json") if not p.name.startswith(".")]
            if len(files) != 1:
                continue
            self.inject(files[0])

    def inject(self, path: Path) -> None:
        """Copy the file as it is now, add a note, rename the copy over the file."""
        try:
            session: dict[str, Any] = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return
        text = f"{self.tag}{len(self.injected)} from afar"
        now = datetime.now(UTC)
        started = datetime.fromisoformat(session["started_at"])
        session["notes"].append(
            {
                "id": uuid.uuid4().hex[:12],
                "at": now.isoformat(),
                "offset": round(max((now - started).total_seconds(), 0.0), 1),
                "text": text,
                "tags": [],
                "kind": "plain",
                "private": False,
            }
        )
        copy = self.sessions / f".sync-{uuid.uuid4().hex[:8]}.tmp"
        with open(copy, "wb") as handle:
            handle.write(json.dumps(session).encode())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(copy, path)
        self.injected.append(text)


def sync_trial(number: int, seed: int, root: Path, keep: Path) -> Tally:
    rng = random.Random(f"{seed}-sync-{number}")
    data = root / "data"
    tally = Tally(trials=1)
    began = time.monotonic()
    app = start(["--data-dir", str(data), "observe", "Jane Doe"], environment(root, "Ann"))
    sync = Sync(data / "sessions", random.Random(rng.random()), f"S{number}x")
    try:
        app.terminal.wait_for("'Ready:'", lambda text: "Ready:" in text)
        sync.thread.start()
        type_notes(app, rng, f"S{number}n", rng.randint(5, 10), None)()
        sync.stop.set()
        sync.thread.join()
        settle(app)
        time.sleep(rng.uniform(0.0, 3.0))
        app.terminal.quit()
    except NeverShown as error:
        print(f"sync {number}: {error}", file=sys.stderr)
    finally:
        sync.stop.set()
        if sync.thread.is_alive():
            sync.thread.join()
        app.terminal.close()
    judge(data, [app], tally, keep, f"sync {number} seed {seed}", sync.injected)
    tally.seconds = time.monotonic() - began
    return tally


# The report


def run(arguments: argparse.Namespace) -> dict[str, Any]:
    keep = Path(tempfile.mkdtemp(prefix="kill-trials-kept-"))
    kinds: dict[str, Tally] = {}
    moments: dict[str, Tally] = {moment: Tally() for moment in KILL_MOMENTS}
    began = time.monotonic()

    def trial(name: str, body: Callable[[Path], Tally]) -> Tally:
        with tempfile.TemporaryDirectory(prefix="kill-trial-") as folder:
            tally = body(Path(folder))
        kinds.setdefault(name, Tally()).add(tally)
        if not arguments.json:
            print(f"  {name}: {kinds[name].trials} done", end="\r", file=sys.stderr)
        return tally

    for number in range(arguments.trials):

        def killed(root: Path, number: int = number) -> Tally:
            moment, tally = kill_trial(number, arguments.seed, root, keep)
            moments[moment].add(tally)
            return tally

        trial("kill", killed)
    for number in range(arguments.laptops):

        def laptops(root: Path, number: int = number) -> Tally:
            return laptops_trial(number, arguments.seed, root, keep)

        trial("two laptops", laptops)
    for number in range(arguments.syncs):

        def synced(root: Path, number: int = number) -> Tally:
            return sync_trial(number, arguments.seed, root, keep)

        trial("sync replacement", synced)
    if not arguments.json:
        print(file=sys.stderr)
    if not any(tally.kept for tally in kinds.values()):
        shutil.rmtree(keep, ignore_errors=True)
    return {
        "seed": arguments.seed,
        "seconds": round(time.monotonic() - began, 1),
        "kinds": {name: asdict(tally) for name, tally in kinds.items()},
        "kill_moments": {name: asdict(tally) for name, tally in moments.items() if tally.trials},
    }


COLUMNS = (
    ("trials", "trials"),
    ("committed", "notes committed"),
    ("shown_saved", "shown saved"),
    ("lost", "lost"),
    ("doubled", "doubled"),
    ("half_written", "half-written"),
    ("extra_files", "extra files"),
    ("temp_files", "temp left"),
    ("stray_files", "other left"),
    ("killed", "killed"),
    ("injected", "injected"),
    ("injected_lost", "injected lost"),
)


def table(report: dict[str, Any]) -> str:
    rows: list[tuple[str, dict[str, Any]]] = [
        *((f"kill: {name}", tally) for name, tally in report["kill_moments"].items()),
        *report["kinds"].items(),
    ]
    header = ["", *(title for _, title in COLUMNS)]
    body = [[name, *(str(tally[key]) for key, _ in COLUMNS)] for name, tally in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
        )

    lines = [line(header), *map(line, body)]
    lines.append(f"\nseed {report['seed']}, {report['seconds']} s")
    for tally in report["kinds"].values():
        lines += [f"LOST {note}" for note in tally["lost_notes"]]
        lines += [f"kept {path}" for path in tally["kept"]]
    return "\n".join(lines)


def failed(report: dict[str, Any]) -> bool:
    return any(
        tally["lost"]
        or tally["injected_lost"]
        or tally["doubled"]
        or tally["half_written"]
        or tally["extra_files"]
        or tally["stray_files"]
        for tally in report["kinds"].values()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=16, help="kill trials (default 16)")
    parser.add_argument("--laptops", type=int, default=3, help="two-laptop trials (default 3)")
    parser.add_argument("--syncs", type=int, default=3, help="sync replacement trials (3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    arguments = parser.parse_args()
    report = run(arguments)
    print(json.dumps(report, indent=2) if arguments.json else table(report))
    return 1 if failed(report) else 0


if __name__ == "__main__":
    sys.exit(main())
