"""Two real app processes, two coaches, one data folder, one session: no note is lost.

Coach Ann observes under `observe`; coach Ben opens the same session from his session list
(each with their own cache folder, as two laptops have), is told it is open on Ann's laptop,
opens it anyway, and both type in turn. Every note either screen showed as saved is in the
file at the end, and each screen shows the other's notes once its next save merged them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.app.test_kill_and_resume import (
    WAIT_SECONDS,
    Terminal,
    flat,
    pytestmark,
    read_only_session,
    running,
)

__all__ = ["pytestmark"]


def environment(tmp_path: Path, coach: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"OBSERVER_TUI_DATA_DIR", "COLUMNS", "LINES"}
        and not name.startswith("TEXTUAL")
    }
    home = tmp_path / coach
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        OBSERVER_TUI_COACH=coach,
    )
    return env


def words(screen: str) -> str:
    """The screen's words, without the boxes drawn round dialogs and notifications."""
    return flat(re.sub("[\u2500-\u259f]", " ", screen))


def type_note(terminal: Terminal, text: str) -> None:
    """Type a note and wait until the screen shows it, and '✓ saved' after it."""
    terminal.type(text.encode())
    terminal.wait_for(f"{text!r} typed", lambda screen: text in screen)
    terminal.type(b"\r")
    terminal.wait_for(
        f"{text!r} saved",
        lambda screen: "✓ saved" in screen and f"{text}" in screen and "saving" not in screen,
    )


def quit_app(terminal: Terminal) -> None:
    terminal.type(b"\x11")  # ctrl+q: during a drop-in it asks how to leave
    terminal.wait_for("the leave question", lambda text: "Leave the observation?" in text)
    terminal.type(b"l")  # quit, resume later
    try:
        code = terminal.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ctrl+q did not quit within 10 s. Screen:\n{terminal.text()}")
    assert code == 0, terminal.text()


def notes_on_disk(sessions: Path) -> list[str]:
    session = read_only_session(sessions)
    assert session is not None, sorted(os.listdir(sessions))
    return [note["text"] for note in session["notes"]]


def test_two_laptops_typing_into_one_session_lose_no_note(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sessions = data / "sessions"
    ann_env, ben_env = environment(tmp_path, "Ann"), environment(tmp_path, "Ben")
    shown_saved: list[str] = []
    with running(["--data-dir", str(data), "observe", "Jane Doe"], ann_env) as ann:
        ann.wait_for("'Ready:'", lambda text: "Ready:" in text)
        type_note(ann, "ann one: cold call")
        shown_saved.append("ann one: cold call")
        assert list((data / "open").glob("*.json")), "Ann's laptop left no marker"

        with running(["--data-dir", str(data)], ben_env) as ben:
            ben.wait_for("the session in Ben's list", lambda text: "Jane Doe" in text)
            ben.type(b"\r")
            question = ben.wait_for("the warning", lambda text: "Open elsewhere" in text)
            # One machine plays both laptops here; the marker says whose window it is.
            assert "open in another window on this laptop (Ann) since" in words(question)
            ben.type(b"y")
            ben.wait_for("Ann's note on Ben's screen", lambda t: "ann one: cold call" in t)
            for turn in range(3):
                for name, terminal in (("ben", ben), ("ann", ann)):
                    text = f"{name} {turn + 2}: note"
                    type_note(terminal, text)
                    shown_saved.append(text)
            # Each screen has merged the other's notes into its own by now.
            ann.wait_for("Ben's last note on Ann's screen", lambda t: "ben 4: note" in t)
            quit_app(ben)
        quit_app(ann)

    on_disk = notes_on_disk(sessions)
    assert sorted(on_disk) == sorted(shown_saved)
    assert len(on_disk) == len(set(on_disk)) == 7
    # Both windows let go of the session: no marker is left to warn anyone.
    assert list((data / "open").glob("*.json")) == []


def test_a_session_deleted_on_another_laptop_keeps_the_new_notes_in_the_trash(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    sessions = data / "sessions"
    with running(
        ["--data-dir", str(data), "observe", "Jane Doe"], environment(tmp_path, "Ann")
    ) as ann:
        ann.wait_for("'Ready:'", lambda text: "Ready:" in text)
        type_note(ann, "before the deletion")
        (file,) = list(sessions.glob("*.json"))
        (data / "trash").mkdir(exist_ok=True)
        os.replace(file, data / "trash" / file.name)  # the other laptop moved it there
        ann.type(b"after the deletion\r")
        ann.wait_for(
            "where the notes went",
            lambda text: "kept in trash" in text and "deleted on another laptop" in words(text),
        )
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and not (data / "trash" / file.name).exists():
            time.sleep(0.05)
        quit_app(ann)
    assert list(sessions.glob("*.json")) == []  # not re-created
    kept = json.loads((data / "trash" / file.name).read_bytes())
    assert [note["text"] for note in kept["notes"]] == ["before the deletion", "after the deletion"]
