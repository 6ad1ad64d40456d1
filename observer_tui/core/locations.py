"""Where observer-tui keeps its data: one folder, private to the coach."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

DATA_DIR_VARIABLE = "OBSERVER_TUI_DATA_DIR"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


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
    def markers(self) -> Path:
        """One small file per session open in some app window (core/presence.py)."""
        return self.root / "open"

    @property
    def trash(self) -> Path:
        """Deleted sessions, kept until the coach empties it by hand."""
        return self.root / "trash"

    def create(self) -> None:
        """Create the folders, private to the coach (0700)."""
        for folder in (self.root, self.sessions, self.rubrics, self.profiles):
            private_folder(folder)


def private_folder(folder: Path) -> None:
    """Make a folder (and missing parents) and set it to 0700."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o777 != FOLDER_MODE:
        folder.chmod(FOLDER_MODE)


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
