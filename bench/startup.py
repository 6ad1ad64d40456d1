"""Cold start: spawn to "observation screen ready to type", observer-tui vs a bare Textual app.

Each run spawns a fresh Python process under an 80x24 pseudo-terminal and times how long it
takes from the spawn until "Ready:" appears on screen: observer-tui started with
`observe "Jane Doe" --focus CFU` (a fresh temp data folder each run) and bench/minimal_app.py,
which mounts the same stock widgets and shows the same marker. The two alternate, and the
medians are compared. Goal: observer-tui takes at most 1.3x the bare app.

`observe` takes typing before it has read the rubrics, profiles and past sessions; it reads
them just after. So the observer-tui runs also report when the new session is on disk
("✓ saved" in the heading, after which an Enter pressed early has been acted on). Goal: within
2x of the bare app's first paint; it is the wait a coach could notice only by committing a
note within it.

Run (POSIX only): python bench/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

GOAL_RATIO = 1.3
SAVED_GOAL_RATIO = 2.0
TIMEOUT_SECONDS = 30.0
MARKER = "Ready:"
SAVED = "✓ saved"
MINIMAL_APP = Path(__file__).with_name("minimal_app.py")
ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\].*?(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[P^_X].*?\x1b\\"  # DCS, PM, APC, SOS
    r"|\x1b(?![\[\]P^_X])[ -/]*[0-~]",  # other escapes
    re.DOTALL,
)


def time_to_marker(command: list[str], home: Path, *markers: str) -> list[float]:
    """Seconds from spawning `command` under a pty until each marker is on screen (by
    default MARKER); then kill it."""
    markers = markers or (MARKER,)
    seen_at: list[float] = []
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"OBSERVER_TUI_DATA_DIR", "COLUMNS", "LINES"}
        and not name.startswith("TEXTUAL")
    }
    env.update(TERM="xterm-256color", HOME=str(home))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()
    process: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        slave = -1
        deadline = started + TIMEOUT_SECONDS
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the process has gone
                break
            seen = time.perf_counter()
            if not data:
                break
            output.extend(data)
            screen = ESCAPE.sub("", output.decode("utf-8", "replace"))
            while len(seen_at) < len(markers) and markers[len(seen_at)] in screen:
                seen_at.append(seen - started)
            if len(seen_at) == len(markers):
                return seen_at
        screen = ESCAPE.sub(" ", output.decode("utf-8", "replace"))
        missing = markers[len(seen_at)]
        raise RuntimeError(f"{missing!r} never appeared for {command}:\n{screen[-2000:]}")
    finally:
        if slave >= 0:
            os.close(slave)
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        os.close(master)


def app_run() -> tuple[float, float]:
    """Seconds to 'Ready:' and to the new session saved."""
    with tempfile.TemporaryDirectory(prefix="observer-bench-") as folder:
        root = Path(folder)
        command = [
            sys.executable,
            "-m",
            "observer_tui",
            "--data-dir",
            str(root / "data"),
            "observe",
            "Jane Doe",
            "--focus",
            "CFU",
        ]
        ready, saved = time_to_marker(command, root, MARKER, SAVED)
        return ready, saved


def minimal_run() -> float:
    with tempfile.TemporaryDirectory(prefix="observer-bench-") as folder:
        return time_to_marker([sys.executable, str(MINIMAL_APP)], Path(folder))[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each app (10)")
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed runs of each first, to fill caches (1)"
    )
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")

    for _ in range(arguments.warmup):
        app_run()
        minimal_run()
    ready_times: list[float] = []
    saved: list[float] = []
    minimal: list[float] = []
    for index in range(arguments.runs):
        # Alternate which goes first so drift in machine load hits both alike.
        if index % 2 == 1:
            minimal.append(minimal_run())
        ready, on_disk = app_run()
        ready_times.append(ready)
        saved.append(on_disk)
        if index % 2 == 0:
            minimal.append(minimal_run())

    ratio = statistics.median(ready_times) / statistics.median(minimal)
    saved_ratio = statistics.median(saved) / statistics.median(minimal)
    print(f"Cold start to 'Ready:' at 80x24, {arguments.runs} runs each (ms)")
    print(f"{'app':<14}{'median':>9}{'min':>9}{'max':>9}")
    rows = (("observer-tui", ready_times), ("minimal", minimal), ("  saved", saved))
    for name, times in rows:
        ms = [t * 1000 for t in times]
        print(f"{name:<14}{statistics.median(ms):>9.0f}{min(ms):>9.0f}{max(ms):>9.0f}")
    met = ratio <= GOAL_RATIO and saved_ratio <= SAVED_GOAL_RATIO
    verdict = "PASS" if ratio <= GOAL_RATIO else "FAIL"
    print(f"ratio observer-tui/minimal: {ratio:.2f}x (goal <= {GOAL_RATIO}x): {verdict}")
    verdict = "PASS" if saved_ratio <= SAVED_GOAL_RATIO else "FAIL"
    print(
        f"saved (the new session on disk, '✓ saved') / minimal's first paint: "
        f"{saved_ratio:.2f}x (goal <= {SAVED_GOAL_RATIO}x): {verdict}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
