"""Where observer-tui keeps its data: one folder, private to the coach, or to a team's
group when it lives in a group-shared folder (a network share or a group folder)."""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

from observer_tui.core.visible import visible

DATA_DIR_VARIABLE = "OBSERVER_TUI_DATA_DIR"
FOLDER_MODE = 0o700
"""A folder the app creates, private to the coach."""
FILE_MODE = 0o600
"""A file the app creates, private to the coach."""
GROUP_FOLDER_MODE = 0o770
"""A folder the app creates inside a group-shared folder (plus the parent's setgid bit)."""
GROUP_FILE_MODE = 0o660
"""A file the app creates inside a group-shared folder: the other coaches read and save it."""
TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")
"""The temp files `storage.write_atomic` writes beside a file: `.NAME.XXXXXXXX.tmp`."""
TEMP_MAX_AGE = 600.0
"""Seconds after which a temp file of the app's own is taken for a crash's leftover.
Younger ones may be another laptop's write in progress on a shared folder."""


class DataFolder:
    """The data folder and its sub-folders: sessions, rubrics and profiles."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def resolve(cls, option: str | None) -> DataFolder:
        """`--data-dir` if given, else $OBSERVER_TUI_DATA_DIR, else the platform's data dir."""
        chosen = option or os.environ.get(DATA_DIR_VARIABLE)
        root = Path(chosen).expanduser() if chosen else user_data_path("observer-tui")
        return cls(root.absolute())

    @property
    def sessions(self) -> Path:
        """One JSON file per observation session."""
        return self.root / "sessions"

    @property
    def rubrics(self) -> Path:
        """The coach's own rubric files; they override bundled ones with the same id."""
        return self.root / "rubrics"

    @property
    def profiles(self) -> Path:
        """School profiles."""
        return self.root / "profiles"

    @property
    def steps(self) -> Path:
        """Action-step banks: the coach's own and imported ones (core/steps.py)."""
        return self.root / "steps"

    @property
    def walks(self) -> Path:
        """One JSON file per learning walk (core/walks.py)."""
        return self.root / "walks"

    @property
    def markers(self) -> Path:
        """One small file per session open in some app window (core/presence.py)."""
        return self.root / "open"

    @property
    def trash(self) -> Path:
        """Deleted sessions, kept until the coach empties it by hand."""
        return self.root / "trash"

    @property
    def exports(self) -> Path:
        """Exports written from the app's summary screen."""
        return self.root / "exports"

    def create(self) -> None:
        """Create the folders that are missing: private to the coach (0700), or to the
        group in a group-shared folder (see `private_folder`)."""
        for folder in (self.root, self.sessions, self.rubrics, self.profiles):
            private_folder(folder)

    def warnings(self) -> list[str]:
        """One line if any of its folders can be read or written by every user of this
        machine (the app never changes the mode of a folder it did not create), else none."""
        open_to_all: list[tuple[Path, int]] = []
        for folder in (self.root, self.sessions, self.rubrics, self.profiles):
            try:
                mode = stat.S_IMODE(folder.stat().st_mode)
            except OSError:
                continue
            if mode & (stat.S_IROTH | stat.S_IWOTH):
                open_to_all.append((folder, mode))
        if not open_to_all:
            return []
        (first, mode), inside = open_to_all[0], [f"{f.name}/" for f, _ in open_to_all[1:]]
        also = f", and {', '.join(inside)} in it" if inside else ""
        return [
            f"{visible(str(first), one_line=True)} can be read by every user of this computer "
            f"(mode {mode:04o}{also}); 'chmod o-rwx' makes a folder private (the app leaves "
            "it as it is)"
        ]

    def remove_stale_temp_files(self, now: float | None = None) -> list[Path]:
        """Remove the temp files a crash left in its folders (see `remove_stale_temp_files`)."""
        removed: list[Path] = []
        for folder in (
            self.root,
            self.sessions,
            self.rubrics,
            self.profiles,
            self.steps,
            self.walks,
            self.markers,
            self.trash,
            self.exports,
        ):
            removed += remove_stale_temp_files(folder, now)
        return removed


def is_group_shared(folder: Path) -> bool:
    """Whether a folder is set up for a team: setgid (new files take its group), or
    writable by its group but not by everyone (/tmp is no team's folder)."""
    return _group_shared(os.stat(folder).st_mode)


def _group_shared(mode: int) -> bool:
    return bool(mode & stat.S_ISGID or (mode & stat.S_IWGRP and not mode & stat.S_IWOTH))


def file_mode(folder: Path) -> int:
    """The mode of a new file in `folder`: 0660 in a group-shared folder, else 0600."""
    try:
        return GROUP_FILE_MODE if is_group_shared(folder) else FILE_MODE
    except OSError:
        return FILE_MODE


def private_folder(folder: Path, *, shareable: bool = True) -> None:
    """Make a folder and its missing parents, each private to the coach (0700) or, inside
    a group-shared folder, to its group (0770, keeping the parent's setgid bit).

    Only the folders it creates get a mode: a folder that exists is left as it is (it may
    be the team's, root's, or a symlink's target); `DataFolder.warnings` tells of one
    anyone can read. `shareable` False makes them 0700 whatever the parent (the cache).
    """
    missing: list[Path] = []
    probe = folder
    while not os.path.lexists(probe) and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        parent = os.stat(path.parent).st_mode
        shared = shareable and _group_shared(parent)
        mode = (GROUP_FOLDER_MODE | (parent & stat.S_ISGID)) if shared else FOLDER_MODE
        try:
            path.mkdir(mode=mode & 0o777)
        except FileExistsError:
            continue  # made meanwhile by another process: theirs, left as it is
        # mkdir's mode passes through the umask (022 would leave the group read-only).
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    if not folder.is_dir():
        raise NotADirectoryError(20, "not a folder", str(folder))


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temp files of the app's own pattern (`.NAME.XXXXXXXX.tmp`) in `folder`
    older than `TEMP_MAX_AGE`, left by a crash mid-write; returns those removed.

    Younger ones are kept (another laptop may be writing one into a shared folder), and
    so is every file of another pattern. `now` is the file system's time (seconds), not
    the lesson clock. A folder that cannot be listed removes nothing.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            if not entry.name.startswith(".") or not TEMP_NAME.fullmatch(entry.name):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if now - entry.stat(follow_symlinks=False).st_mtime < TEMP_MAX_AGE:
                    continue
                os.unlink(entry.path)
            except OSError:
                continue  # gone meanwhile, or not ours to remove: left as it is
            removed.append(Path(entry.path))
    return removed


def bundled_data() -> Path:
    """The folder holding the files shipped with observer-tui: `rubrics/` and `starters/`.

    In the repository they are in the top-level `data/`; the wheel carries them inside the
    package as `observer_tui/data/` (hatch force-include in pyproject.toml). An installed
    package finds its own copy; a checkout or an editable install finds the repository's.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "data"
    return installed if (installed / "rubrics").is_dir() else package.parent / "data"


def cache_folder() -> Path:
    """Where caches live: on this machine only, never in the (maybe shared) data folder."""
    return user_cache_path("observer-tui")


def keymap_file() -> Path:
    """The coach's own keys: on this machine's config folder, never in the (maybe shared)
    data folder, since keys belong to one laptop's keyboard."""
    return user_config_path("observer-tui") / "keymap.toml"
