"""Who has a session open: one small marker file per session and app window, in `open/`.

Each window that has a session open (observing or debriefing it) keeps a marker file in the
shared data folder, `open/<session id>.<laptop>-<machine>-<process>.json`, and writes it again every
minute or so. Another laptop about to resume the session sees the marker and says so first
("open on Ben's laptop since 10:02"). Nothing is shared but these files: no index, no lock.
A marker not written for `STALE_AFTER` (the laptop slept, crashed or lost the folder) is
ignored, so it never blocks anyone; each window removes its own when it lets go.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from observer_tui.core.files import FileKind, read_file_and_stat, shortened
from observer_tui.core.locations import private_folder
from observer_tui.core.storage import write_atomic

STALE_AFTER = timedelta(minutes=5)
"""A marker older than this is not believed."""
RENEW_AFTER = timedelta(minutes=1)
"""How often a window writes its markers again while it has the session open."""
MARKER_FILE = FileKind("marker", 4096)
"""A marker is a few lines; anything bigger is not one."""


def _laptop() -> str:
    name = "".join(c if c.isalnum() else "-" for c in socket.gethostname().lower())
    return name.strip("-")[:40] or "laptop"


def _machine() -> str:
    """A short id of this computer, so two school laptops both named `macbook-air` are not
    taken for one. Hashed: the folder is shared, the computer's own id stays here. Where
    there is none to read, the hardware address stands in (random per process if even that
    is missing: then a window is only ever taken for another laptop's, the safe side)."""
    for path in (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if found := path.read_text(encoding="ascii").strip():
                return hashlib.sha256(found.encode()).hexdigest()[:12]
    return hashlib.sha256(f"{uuid.getnode():012x}".encode()).hexdigest()[:12]


def _boot() -> str:
    """A short id of this computer's current boot, where the system has one (Linux): laptops
    cloned from one disk image share their machine id, never a boot. Empty elsewhere."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if found := Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip():
            return hashlib.sha256(found.encode()).hexdigest()[:12]
    return ""


@dataclass(frozen=True)
class Holder:
    """Another window that has the session open."""

    coach: str
    laptop: str
    since: datetime
    """When it opened the session."""
    same_laptop: bool
    """Whether it is a window on this laptop."""

    def describe(self) -> str:
        """'open on Ben's laptop since 10:02'."""
        since = self.since.astimezone().strftime("%H:%M")
        who = f"{self.coach}'s" if self.coach else f"the {self.laptop}"
        if self.same_laptop:
            by = f" ({self.coach})" if self.coach else ""
            return f"open in another window on this laptop{by} since {since}"
        return f"open on {who} laptop since {since}"


class Presence:
    """This window's markers in one data folder."""

    def __init__(self, folder: Path, coach: str) -> None:
        self.folder = folder
        self.coach = coach
        self.laptop = _laptop()
        self.machine = _machine()
        self.boot = _boot()
        self._me = f"{self.laptop}-{self.machine}-{os.getpid()}"
        self._held: dict[str, datetime] = {}
        """Sessions this window has open, with when it opened each."""
        self._written: dict[str, datetime] = {}
        self._lock = threading.Lock()
        """The writer thread and workers both hold and release."""

    def _path(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.{self._me}.json"

    def hold(self, session_id: str, now: datetime) -> None:
        """This window has the session open: write its marker if it is not fresh (cheap to
        call on every save). Blocking; OSError if the folder refuses."""
        with self._lock:
            since = self._held.setdefault(session_id, now)
            written = self._written.get(session_id)
            if written is not None and now - written < RENEW_AFTER:
                return
            data = {
                "coach": self.coach,
                "laptop": self.laptop,
                "machine": self.machine,
                "boot": self.boot,
                "process": os.getpid(),
                "since": since.isoformat(),
            }
            private_folder(self.folder)
            write_atomic(self._path(session_id), json.dumps(data).encode())
            self._written[session_id] = now

    def renew(self, now: datetime) -> None:
        """Write every marker this window holds again, if due (from a timer)."""
        with self._lock:
            held = list(self._held)
        for session_id in held:
            with contextlib.suppress(OSError):
                self.hold(session_id, now)

    def release(self, session_id: str | None = None) -> None:
        """Let go of one session, or of all of them: their markers go."""
        with self._lock:
            for held in [session_id] if session_id else list(self._held):
                self._held.pop(held, None)
                self._written.pop(held, None)
                with contextlib.suppress(OSError):
                    self._path(held).unlink()

    def holders(self, session_id: str, now: datetime) -> list[Holder]:
        """The other windows, on any laptop, with a fresh marker for the session."""
        try:
            names = [n for n in os.listdir(self.folder) if n.startswith(f"{session_id}.")]
        except OSError:
            return []
        found = []
        for name in sorted(names):
            window = name.removeprefix(f"{session_id}.").removesuffix(".json")
            if window == self._me or "." in window:
                continue
            holder = self._read(self.folder / name, now)
            if holder is not None:
                found.append(holder)
        return found

    def _read(self, path: Path, now: datetime) -> Holder | None:
        """A marker, if it is one and fresh; anything else is ignored."""
        try:
            data, stat = read_file_and_stat(path, MARKER_FILE, inside=(self.folder,))
            written = datetime.fromtimestamp(stat.st_mtime, now.tzinfo)
            if now - written > STALE_AFTER:
                return None
            raw = json.loads(data)
            since = datetime.fromisoformat(str(raw["since"]))
            if since.tzinfo is None:
                return None
            since.astimezone()  # a time this laptop cannot show (year 1, year 9999) is none
            coach = shortened(str(raw.get("coach", "")), 40)
            laptop = shortened(str(raw.get("laptop", "")), 40)
            process = raw.get("process")
            machine, boot = raw.get("machine"), raw.get("boot")
        except (OSError, ValueError, KeyError, TypeError, OverflowError):
            return None
        # A marker of a version before machine or boot ids goes by what it has. One of
        # another boot is another laptop's (a twin from one disk image) or from before this
        # laptop restarted, which goes stale in minutes: either way its process is not ours.
        same_laptop = (
            laptop == self.laptop and machine in (None, self.machine) and boot in (None, self.boot)
        )
        if same_laptop and isinstance(process, int) and not _running(process):
            # A window on this laptop that was killed or crashed: its marker means nothing.
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return Holder(coach, laptop, since, same_laptop=same_laptop)


def _running(process: int) -> bool:
    """Whether a process of this laptop is still running."""
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a process id we can ask about
    return True
