"""The real app under an 80x24 pseudo-terminal, its output drawn on a screen of cells.

A copy, for the benchmarks, of the small driver in tests/app/test_kill_and_resume.py, with
no pytest and two additions the kill trials need:

- it answers Textual's question whether the terminal supports synchronized output (as
  kitty, WezTerm or iTerm do), so the app wraps each frame in begin/end marks, and a frame
  is judged only once it is whole, as such a terminal would show it;
- it calls `on_frame` with the text of each whole frame, on the reader thread, so that a
  state shown for a few milliseconds between two polls is not missed.

POSIX only.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable

if sys.platform != "win32":
    import fcntl
    import pty
    import struct
    import termios

ROWS, COLUMNS = 24, 80
POLL_SECONDS = 0.02

# One terminal output token: a control sequence (ignored, except the few that move the
# cursor, erase, or mark a frame) or a run of text. A lone trailing ESC or a cut-off
# sequence matches nothing and waits for the next read.
TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)(?P<middle>[ -/]*)(?P<final>[@-~])"  # CSI
    r"|\x1b\].*?(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[P^_X].*?\x1b\\"  # DCS, PM, APC, SOS
    r"|\x1b(?![\[\]P^_X])[ -/]*[0-~]"  # other escapes
    r"|(?P<text>[^\x1b]+)",
    re.DOTALL,
)
SYNC_MODE = "?2026"
"""The DEC private mode of synchronized output: set before a frame, reset after it."""
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
"""The answer to the app's query for that mode: known, currently reset."""


class Screen:
    """Just enough of a terminal to know which characters are where, and when a frame
    is whole."""

    def __init__(self, rows: int, columns: int) -> None:
        self.rows = rows
        self.columns = columns
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = 0
        self.column = 0
        self.synchronized = False
        """Whether the app has ever marked a frame (then only marked frames are whole)."""
        self.in_frame = False
        self.queries = 0
        """How many times the app asked whether synchronized output is supported."""
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes, on_frame: Callable[[], None]) -> None:
        """Draw the data; call `on_frame` each time a whole frame is on the cells."""
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
                params, final = match.group("params"), match.group("final")
                if params == SYNC_MODE:
                    if match.group("middle") == "$" and final == "p":
                        self.queries += 1
                    elif final == "h":
                        self.synchronized = self.in_frame = True
                    elif final == "l":
                        self.in_frame = False
                        on_frame()
                else:
                    self._control(params, final)
        self._pending = text[position:]
        if not self.synchronized:
            on_frame()

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

    def lines(self) -> list[str]:
        return ["".join(line).rstrip() for line in self.cells]


class NeverShown(Exception):
    """What was waited for never appeared on screen."""


class Terminal:
    """The app running under a pseudo-terminal, its output drawn on a Screen by a thread.

    `on_frame(lines)` runs on the reader thread, with the screen's lock held, after every
    whole frame.
    """

    def __init__(
        self,
        arguments: list[str],
        env: dict[str, str],
        on_frame: Callable[[list[str]], None] | None = None,
    ) -> None:
        self._master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.screen = Screen(ROWS, COLUMNS)
        self.lock = threading.Lock()
        """Held while a read is drawn and `on_frame` runs: take it to act between frames."""
        self._on_frame = on_frame
        self._answered = 0
        self.started = time.monotonic()
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
        # Reads until the pty closes (every process of the app has gone), so what the app
        # wrote just before a kill is still drawn, as a terminal would draw it.
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
                if not ready:
                    continue
                data = os.read(self._master, 65536)
            except (OSError, ValueError):  # EIO: the app has gone; EBADF: closed
                return
            if not data:
                return
            with self.lock:
                self.screen.feed(data, self._frame)
                while self._answered < self.screen.queries:
                    self._answered += 1
                    with contextlib.suppress(OSError):
                        os.write(self._master, SYNC_SUPPORTED)

    def _frame(self) -> None:
        if self._on_frame is not None:
            self._on_frame(self.screen.lines())

    def lines(self) -> list[str]:
        with self.lock:
            return self.screen.lines()

    def text(self) -> str:
        return "\n".join(self.lines())

    def type(self, data: bytes) -> None:
        """Send keys; an app that has gone takes none (no error)."""
        with contextlib.suppress(OSError):
            os.write(self._master, data)

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_for(self, what: str, check: Callable[[str], bool], timeout: float = 30.0) -> str:
        """Poll the screen until `check` accepts its text; NeverShown if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if check(text):
                return text
            if not self.alive():
                break
            time.sleep(POLL_SECONDS)
        raise NeverShown(f"never saw {what} (exit code {self.process.poll()}):\n{self.text()}")

    def kill(self) -> None:
        """SIGKILL the app's whole process group, as pulling the plug would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def quit(self, timeout: float = 15.0) -> int | None:
        """ctrl+q, and the exit code once the app has gone (None if it did not go)."""
        self.type(b"\x11")
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        """Kill the app if it still runs, read what it wrote, and close the pty."""
        if self.alive():
            self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        os.close(self._master)
