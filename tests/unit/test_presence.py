"""Who has a session open: the marker files another laptop reads before resuming."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from observer_tui.core.presence import STALE_AFTER, Holder, Presence

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


def test_a_same_named_laptop_is_another_laptop(tmp_path: Path) -> None:
    """Two school laptops both called `macbook-air`: the other's process number means
    nothing here, so its marker is believed, whatever runs under that number here."""
    folder = tmp_path / "open"
    killed = subprocess.Popen([sys.executable, "-c", "pass"])
    killed.wait()
    ann = Presence(folder, "Ann")
    ann.hold("s-1", NOW)
    (marker,) = folder.iterdir()
    data = json.loads(marker.read_bytes()) | {"process": killed.pid, "machine": "0123456789ab"}
    twin = folder / f"s-1.{ann.laptop}-0123456789ab-{killed.pid}.json"
    twin.write_text(json.dumps(data))
    ann.release()
    (seen,) = Presence(folder, "Ben").holders("s-1", datetime.now(UTC))
    assert (seen.coach, seen.same_laptop) == ("Ann", False)
    assert seen.describe() == f"open on Ann's laptop since {NOW.astimezone():%H:%M}"
    assert twin.exists()


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
