"""Files that ship with the app and that a coach can add to, by id: the rubrics and the
step banks. A coach's file with a bundled file's id replaces it; two of the coach's files
with one id are one too many, and the second is refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Self, TypeVar


@dataclass(frozen=True)
class LayeredEntry:
    """One such file as a library found it; a subclass adds what it holds, if it is valid."""

    path: Path
    bundled: bool
    """Shipped with observer-tui, rather than in the coach's folder."""
    problems: tuple[str, ...] = ()
    overrides: bool = False
    """A coach's file with the id of a bundled one, which it replaces."""
    overridden: bool = False
    """A bundled file replaced by a coach's file with its id."""

    @property
    def key(self) -> str | None:
        """The id of what the file holds; None if it is not valid."""
        raise NotImplementedError

    def refused(self, problem: str) -> Self:
        """The entry with nothing valid in it, for this problem."""
        raise NotImplementedError

    @property
    def source(self) -> str:
        """'bundled', 'user', 'user, overrides bundled' or 'bundled, overridden'."""
        if self.bundled:
            return "bundled, overridden" if self.overridden else "bundled"
        return "user, overrides bundled" if self.overrides else "user"


E = TypeVar("E", bound=LayeredEntry)


def layered(bundled: Sequence[E], user: Sequence[E]) -> list[E]:
    """The bundled entries, then the coach's, each marked overriding or overridden; a
    coach's file with the id of one read before it is refused, naming that file."""
    bundled_ids = {entry.key for entry in bundled if entry.key is not None}
    files: dict[str, Path] = {}
    own: list[E] = []
    for entry in user:
        key = entry.key
        if key is not None and key in files:
            entry = entry.refused(
                f"id: '{key}' is also the id of {files[key].name}; give one of them another id"
            )
        elif key is not None:
            files[key] = entry.path
            entry = replace(entry, overrides=key in bundled_ids)
        own.append(entry)
    shipped = [replace(e, overridden=True) if e.key in files else e for e in bundled]
    return shipped + own
