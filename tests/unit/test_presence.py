"""Who has a session open: the marker files another laptop reads before resuming."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from observer_tui.core import presence
from observer_tui.core.presence import RENEW_AFTER, STALE_AFTER, Holder, Presence
from observer_tui.core.storage import write_atomic

NOW = datetime(2026, 12, 1, 10, 2, tzinfo=UTC)


def test_another_window_sees_the_session_open_and_then_let_go(tmp_path: Path) -> None:
    ann, ben = Presence(tmp_path / "open", "Ann"), Presence(tmp_path / "open", "Ben")
    ben._me = "other-laptop-1"  # a second window: another process
    ann.hold("s-1", NOW)
    assert ann.holders("s-1", NOW) == []  # one's own window is not "elsewhere"
    (seen,) = ben.holders("s-1", NOW + timedelta(seconds=30))
    assert (seen.coach, seen.since) == ("Ann", NOW)
    assert ben.holders("s-2", NOW) == []
    ann.release()
    assert ben.holders("s-1", NOW) == []
    assert list((tmp_path / "open").iterdir()) == []


def test_a_marker_not_renewed_for_minutes_does_not_block(tmp_path: Path) -> None:
    ann, ben = Presence(tmp_path / "open", "Ann"), Presence(tmp_path / "open", "Ben")
    ben._me = "other-laptop-1"
    ann.hold("s-1", NOW)
    (marker,) = (tmp_path / "open").iterdir()
    old = datetime.now(UTC) - STALE_AFTER - timedelta(seconds=5)
    os.utime(marker, (old.timestamp(), old.timestamp()))
    assert ben.holders("s-1", datetime.now(UTC)) == []
    # Renewing is what keeps it believed: due after a minute, it writes the file again.
    ann.renew(NOW + timedelta(minutes=2))
    assert len(ben.holders("s-1", datetime.now(UTC))) == 1


def test_the_marker_of_a_window_killed_on_this_laptop_does_not_block(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    killed = subprocess.Popen([sys.executable, "-c", "pass"])
    killed.wait()
    ann = Presence(folder, "Ann")
    ann.hold("s-1", NOW)
    (marker,) = folder.iterdir()
    data = json.loads(marker.read_bytes()) | {"process": killed.pid}
    gone = folder / f"s-1.{ann.laptop}-{ann.machine}-{killed.pid}.json"
    gone.write_text(json.dumps(data))
    ann.release()
    assert Presence(folder, "Ben").holders("s-1", datetime.now(UTC)) == []
    assert not gone.exists()  # and it is cleared away


def twin_marker(folder: Path, **twin: str) -> tuple[Presence, Path, dict[str, object]]:
    """Ann's marker for s-1 as a twin laptop of this one would write it: this laptop's name,
    `twin`'s machine or boot id, and the number of a process that ended here. Ann's own
    marker is gone; the twin's is returned with its content."""
    killed = subprocess.Popen([sys.executable, "-c", "pass"])
    killed.wait()
    ann = Presence(folder, "Ann")
    ann.hold("s-1", NOW)
    (marker,) = folder.iterdir()
    data = json.loads(marker.read_bytes()) | {"process": killed.pid, **twin}
    path = folder / f"s-1.{ann.laptop}-{data['machine']}-{killed.pid}.json"
    path.write_text(json.dumps(data))
    ann.release()
    return ann, path, data


def test_a_same_named_laptop_is_another_laptop(tmp_path: Path) -> None:
    """Two school laptops both called `macbook-air`: the other's process number means
    nothing here, so its marker is believed, whatever runs under that number here."""
    folder = tmp_path / "open"
    ann, twin, _ = twin_marker(folder, machine="0123456789ab")
    (seen,) = Presence(folder, "Ben").holders("s-1", datetime.now(UTC))
    assert (seen.coach, seen.same_laptop) == ("Ann", False)
    assert seen.describe() == f"open on Ann's laptop since {NOW.astimezone():%H:%M}"
    assert twin.exists()


@pytest.mark.skipif(not Presence(Path("."), "").boot, reason="no boot id on this system")
def test_a_laptop_cloned_from_one_image_is_another_laptop(tmp_path: Path) -> None:
    """Laptops imaged alike share a name and a machine id, never a boot: the twin's marker
    is believed, whatever runs under its process number here."""
    folder = tmp_path / "open"
    ann, twin, data = twin_marker(folder, boot="0123456789ab")
    (seen,) = Presence(folder, "Ben").holders("s-1", datetime.now(UTC))
    assert (seen.coach, seen.same_laptop) == ("Ann", False)
    assert twin.exists()
    twin.write_text(json.dumps(data | {"boot": ann.boot}))  # this boot: a killed window here
    assert Presence(folder, "Ben").holders("s-1", datetime.now(UTC)) == []
    assert not twin.exists()


def test_junk_in_the_markers_folder_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    (folder / "s-1.laptop-2.json").write_bytes(b"not json")
    (folder / "s-1.laptop-3.json").write_bytes(b'{"since": "yesterday"}')
    (folder / "s-1.laptop-4.json").write_bytes(b'{"since": "2026-12-01T10:00:00"}')  # naive
    (folder / "s-1.laptop-5.json").write_bytes(b"[1, 2]")
    (folder / "s-1.laptop-6.json").write_bytes(b" " * 10_000)
    os.mkfifo(folder / "s-1.laptop-7.json")
    assert Presence(folder, "Ben").holders("s-1", datetime.now(UTC)) == []


@pytest.mark.parametrize(
    ("holder", "said"),
    [
        (Holder("Ben", "bens-mac", NOW, same_laptop=False), "open on Ben's laptop since 10:02"),
        (Holder("", "bens-mac", NOW, same_laptop=False), "open on the bens-mac laptop since 10:02"),
        (
            Holder("Ben", "here", NOW, same_laptop=True),
            "open in another window on this laptop (Ben) since 10:02",
        ),
    ],
)
def test_what_the_coach_is_told(
    holder: Holder, said: str, pin_time_zone: Callable[[str], None]
) -> None:
    pin_time_zone("UTC")
    assert holder.describe() == said


@pytest.mark.parametrize(
    ("host", "laptop"),
    [
        ("Ben's MacBook-Air.local", "ben-s-macbook-air-local"),
        ("--", "laptop"),
        ("", "laptop"),
        ("x" * 60, "x" * 40),
    ],
)
def test_a_laptop_is_named_by_its_host_name_made_safe_for_a_file_name(
    host: str, laptop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("socket.gethostname", lambda: host)
    assert presence._laptop() == laptop


def test_a_machine_is_told_by_a_hash_of_its_id_never_the_id_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = Path.read_text
    ids = {"/etc/machine-id": "0123abcd\n", "/var/lib/dbus/machine-id": "ffff\n"}

    def machine_ids(path: Path, *args: object, **kwargs: object) -> str:
        if str(path) in ids:
            return ids[str(path)]
        return read(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", machine_ids)
    assert presence._machine() == hashlib.sha256(b"0123abcd").hexdigest()[:12]
    ids["/etc/machine-id"] = ""  # an empty file: the next one
    assert presence._machine() == hashlib.sha256(b"ffff").hexdigest()[:12]

    def unreadable(path: Path, *args: object, **kwargs: object) -> str:
        if "/etc/" in str(path):
            raise PermissionError(13, "denied", str(path))
        raise UnicodeDecodeError("ascii", b"\xff", 0, 1, "not ascii")

    monkeypatch.setattr(Path, "read_text", unreadable)
    monkeypatch.setattr("uuid.getnode", lambda: 0x0A1B2C3D4E5F)
    assert presence._machine() == hashlib.sha256(b"0a1b2c3d4e5f").hexdigest()[:12]


def test_a_marker_names_the_coach_laptop_machine_boot_and_process(tmp_path: Path) -> None:
    ann = Presence(tmp_path / "open", "Ann")
    ann.hold("s-1", NOW)
    (marker,) = (tmp_path / "open").iterdir()
    assert marker.name == f"s-1.{ann.laptop}-{ann.machine}-{os.getpid()}.json"
    assert json.loads(marker.read_bytes()) == {
        "coach": "Ann",
        "laptop": ann.laptop,
        "machine": ann.machine,
        "boot": ann.boot,
        "process": os.getpid(),
        "since": NOW.isoformat(),
    }


def test_a_marker_is_written_again_once_a_minute_and_not_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[Path] = []
    real = write_atomic

    def counted(path: Path, data: bytes) -> os.stat_result:
        writes.append(path)
        return real(path, data)

    monkeypatch.setattr("observer_tui.core.presence.write_atomic", counted)
    ann = Presence(tmp_path / "open", "Ann")
    ann.hold("s-1", NOW)
    ann.hold("s-1", NOW + RENEW_AFTER - timedelta(seconds=1))
    ann.hold("s-2", NOW)
    assert len(writes) == 2  # one each: the second look at s-1 was too soon
    ann.hold("s-1", NOW + RENEW_AFTER)
    assert len(writes) == 3
    ann.release("s-1")  # only that one goes
    assert [p.name.split(".")[0] for p in (tmp_path / "open").iterdir()] == ["s-2"]
    ann.hold("s-1", NOW + RENEW_AFTER)  # held again: written again at once
    assert len(writes) == 4


def test_renewing_on_a_folder_that_refuses_says_nothing_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = Presence(tmp_path / "open", "Ann")
    ann.hold("s-1", NOW)

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("observer_tui.core.presence.write_atomic", refuse)
    ann.renew(NOW + timedelta(minutes=2))  # no exception: the timer goes on


def test_a_file_with_a_dot_in_its_window_part_is_no_marker(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    ann = Presence(folder, "Ann")
    ann.hold("s-1", NOW)
    (marker,) = folder.iterdir()
    (folder / "s-1.other-laptop-1.json.sync.json").write_bytes(marker.read_bytes())
    ann.release()
    assert Presence(folder, "Ben").holders("s-1", datetime.now(UTC)) == []


def test_another_window_here_without_a_coach_is_told_plainly() -> None:
    here = Holder("", "here", NOW, same_laptop=True)
    since = NOW.astimezone().strftime("%H:%M")
    assert here.describe() == f"open in another window on this laptop since {since}"
