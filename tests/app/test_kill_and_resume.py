"""The real app, killed with SIGKILL mid-observation, loses nothing and offers to resume.

Runs `python -m observer_tui` under a pseudo-terminal, types as a coach would, reads the
screen the way a terminal would draw it, and checks the session file on disk.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

if sys.platform != "win32":
    import fcntl
    import pty
    import struct
    import termios

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="needs a POSIX pseudo-terminal and SIGKILL"
)

ROWS, COLUMNS = 24, 80
WAIT_SECONDS = 20.0
POLL_SECONDS = 0.05

NOTES = [
    # (typed, stored text, kind, tags)
    ("asked three students #CFU", "asked three students", "plain", ["CFU"]),
    ("+ praised effort", "praised effort", "strength", []),
    ("! a pupil led the recap", "a pupil led the recap", "surprise", []),
]

# One terminal output token: a control sequence (ignored, except the few that move the
# cursor or erase) or a run of text. A lone trailing ESC or a cut-off sequence matches
# nothing and waits for the next read.
TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"  # CSI
    r"|\x1b\].*?(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[P^_X].*?\x1b\\"  # DCS, PM, APC, SOS
    r"|\x1b(?![\[\]P^_X])[ -/]*[0-~]"  # other escapes
    r"|(?P<text>[^\x1b]+)",
    re.DOTALL,
)
TIMER = re.compile(r"\d+:\d\d · (\d+:\d\d left|\+\d+:\d\d over)")


class Screen:
    """Just enough of a terminal to know which characters are where.

    Escape sequences are stripped; cursor moves and erases are applied so that the text
    can be searched as it appears on screen, not as fragments in the output stream.
    """

    def __init__(self, rows: int, columns: int) -> None:
        self.rows = rows
        self.columns = columns
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = 0
        self.column = 0
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        position = 0
        while position < len(text):
            match = TOKEN.match(text, position)
            if match is None:
                if len(text) - position < 4096:
                    break  # an escape sequence cut off by the read; wait for the rest
                position += 1  # not a sequence after all: drop the ESC
                continue
            position = match.end()
            if match.group("text") is not None:
                self._write(match.group("text"))
            elif match.group("final") is not None:
                self._control(match.group("params"), match.group("final"))
        self._pending = text[position:]

    def _numbers(self, params: str, default: int) -> list[int]:
        return [int(p) if p.isdigit() else default for p in params.split(";")]

    def _control(self, params: str, final: str) -> None:
        if params.startswith(("?", ">", "<", "=")):
            return  # private modes and queries: nothing drawn
        if final in "Hf":
            numbers = self._numbers(params, 1) + [1, 1]
            self.row = min(max(numbers[0], 1), self.rows) - 1
            self.column = min(max(numbers[1], 1), self.columns) - 1
        elif final in "ABCD":
            count = max(self._numbers(params, 1)[0], 1)
            if final == "A":
                self.row = max(self.row - count, 0)
            elif final == "B":
                self.row = min(self.row + count, self.rows - 1)
            elif final == "C":
                self.column = min(self.column + count, self.columns - 1)
            else:
                self.column = max(self.column - count, 0)
        elif final == "G":
            self.column = min(max(self._numbers(params, 1)[0], 1), self.columns) - 1
        elif final == "K":
            mode = self._numbers(params, 0)[0]
            line = self.cells[self.row]
            start, end = {0: (self.column, self.columns), 1: (0, self.column + 1)}.get(
                mode, (0, self.columns)
            )
            line[start:end] = [" "] * (end - start)
        elif final == "J" and self._numbers(params, 0)[0] == 2:
            self.cells = [[" "] * self.columns for _ in range(self.rows)]

    def _write(self, text: str) -> None:
        for character in text:
            if character == "\r":
                self.column = 0
            elif character == "\n":
                self.row = min(self.row + 1, self.rows - 1)
            elif character == "\b":
                self.column = max(self.column - 1, 0)
            elif character < " " or unicodedata.combining(character):
                continue
            else:
                wide = unicodedata.east_asian_width(character) in "WF"
                if self.column < self.columns:
                    self.cells[self.row][self.column] = character
                    if wide and self.column + 1 < self.columns:
                        self.cells[self.row][self.column + 1] = ""
                self.column = min(self.column + (2 if wide else 1), self.columns)

    def text(self) -> str:
        return "\n".join("".join(line).rstrip() for line in self.cells)


class Terminal:
    """The app running under a pseudo-terminal, its output drawn on a Screen by a thread."""

    def __init__(self, arguments: list[str], env: dict[str, str]) -> None:
        self._master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.screen = Screen(ROWS, COLUMNS)
        self.raw = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "observer_tui", *arguments],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        except BaseException:
            os.close(self._master)
            raise
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: the app has gone and the pty is closed
                return
            if not data:
                return
            with self._lock:
                self.raw.extend(data)
                self.screen.feed(data)

    def text(self) -> str:
        with self._lock:
            return self.screen.text()

    def type(self, data: bytes) -> None:
        os.write(self._master, data)

    def wait_for(self, what: str, check: Callable[[str], bool]) -> str:
        """Poll the screen until `check` accepts its text; fail with the screen if it never does."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            text = self.text()
            if check(text):
                return text
            if self.process.poll() is not None:
                break
            time.sleep(POLL_SECONDS)
        pytest.fail(f"Never saw {what} (exit code {self.process.poll()}). Screen:\n{self.text()}")

    def close(self) -> None:
        """Kill the app if it still runs, stop the reader and close the pty."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._stop.set()
        self._reader.join(timeout=5)
        os.close(self._master)


@contextlib.contextmanager
def running(arguments: list[str], env: dict[str, str]) -> Iterator[Terminal]:
    terminal = Terminal(arguments, env)
    try:
        yield terminal
    finally:
        terminal.close()


def flat(text: str) -> str:
    """Screen text with runs of spaces and line breaks made one space (for wrapped text)."""
    return " ".join(text.split())


def session_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def read_only_session(folder: Path) -> dict[str, Any] | None:
    files = session_files(folder)
    if len(files) != 1:
        return None
    data: dict[str, Any] = json.loads(files[0].read_bytes())
    return data


def wait_until_saved(folder: Path, text: str, terminal: Terminal) -> None:
    """Poll the session file (written atomically) until a note with this text is in it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        session = read_only_session(folder)
        if session and any(note["text"] == text for note in session["notes"]):
            return
        if terminal.process.poll() is not None:
            break
        time.sleep(POLL_SECONDS)
    pytest.fail(
        f"The note {text!r} never reached {folder} (files: {sorted(os.listdir(folder))}). "
        f"Screen:\n{terminal.text()}"
    )


def test_killed_observation_is_on_disk_and_resumes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sessions = data / "sessions"
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"OBSERVER_TUI_DATA_DIR", "COLUMNS", "LINES"}
        and not name.startswith("TEXTUAL")
    }
    env.update(TERM="xterm-256color", HOME=str(tmp_path))

    # 1. Observe, type three notes, and pull the plug once each is on disk.
    with running(
        ["--data-dir", str(data), "observe", "Jane Doe", "--focus", "CFU"], env
    ) as terminal:
        terminal.wait_for("'Ready:'", lambda text: "Ready:" in text)
        for typed, stored, _, _ in NOTES:
            terminal.type(typed.encode())
            terminal.type(b"\r")
            wait_until_saved(sessions, stored, terminal)
        os.kill(terminal.process.pid, signal.SIGKILL)
        assert terminal.process.wait(timeout=10) == -signal.SIGKILL

    session = read_only_session(sessions)
    assert session is not None, sorted(os.listdir(sessions))
    assert session["status"] == "observing"
    assert session["teacher"] == "Jane Doe"
    assert session["focus"] == ["CFU"]
    assert [(n["text"], n["kind"], n["tags"]) for n in session["notes"]] == [
        (stored, kind, tags) for _, stored, kind, tags in NOTES
    ]
    # The last write may not have finished tidying: where the system swaps the new file in
    # (renameat2), the version it replaced waits under a temp name until the folder is
    # fsynced. Anything left is a whole earlier version, never a note's only copy.
    final = [n["text"] for n in session["notes"]]
    for temp in (p for p in sessions.iterdir() if p.name.startswith(".")):
        earlier = [n["text"] for n in json.loads(temp.read_bytes())["notes"]]
        assert earlier == final[: len(earlier)] and len(earlier) < len(final), temp.name

    # 2. Start again without `observe`: the unfinished observation is offered back.
    with running(["--data-dir", str(data)], env) as terminal:
        terminal.wait_for(
            "the resume question",
            lambda text: "Resume" in text and "(3 notes)" in flat(text),
        )
        terminal.type(b"y")
        texts = [stored for _, stored, _, _ in NOTES]
        screen = terminal.wait_for(
            "the three notes and the timer",
            lambda text: all(t in text for t in texts) and TIMER.search(text) is not None,
        )
        assert "Jane Doe" in screen

        terminal.type(b"\x11")  # ctrl+q: during a drop-in it asks how to leave
        terminal.wait_for("the leave question", lambda text: "Leave the observation?" in text)
        terminal.type(b"l")  # quit, resume later
        try:
            code = terminal.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"ctrl+q did not quit within 10 s. Screen:\n{terminal.text()}")
        assert code == 0, terminal.text()

    assert read_only_session(sessions) is not None
