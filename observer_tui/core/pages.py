"""A long list read a page at a time: its length is known at once, its rows as they are read.

The session list of a trust's folder holds 100,000 sessions; a table shows twenty. `Pages`
holds the first page and the count, and reads any other page when it is first drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

Row = TypeVar("Row")

PAGE_SIZE = 100


class Pages(Generic[Row]):
    """`total` rows, read `size` at a time by `read(offset, limit)` (blocking: call `load`
    off the event loop); `get` answers at once, with None for a row not read yet."""

    def __init__(
        self,
        total: int,
        read: Callable[[int, int], Sequence[Row]],
        first: Sequence[Row] = (),
        size: int = PAGE_SIZE,
    ) -> None:
        self.total = total
        self.size = size
        self._read = read
        self._pages: dict[int, Sequence[Row]] = {0: first} if first or not total else {}

    def __len__(self) -> int:
        return self.total

    def get(self, index: int) -> Row | None:
        """The row at `index`, or None if its page has not been read."""
        page = self._pages.get(index // self.size)
        offset = index % self.size
        return page[offset] if page is not None and offset < len(page) else None

    def missing(self, start: int, stop: int) -> list[int]:
        """The pages not read yet that hold rows `start` to `stop` (exclusive)."""
        first, last = start // self.size, max(start, stop - 1) // self.size
        return [
            n for n in range(first, last + 1) if n not in self._pages and n * self.size < self.total
        ]

    def load(self, number: int) -> None:
        """Read one page (blocking)."""
        self._pages[number] = self._read(number * self.size, self.size)

    def loaded(self) -> Iterator[tuple[int, Row]]:
        """Every row read so far, with its index."""
        for number, page in list(self._pages.items()):
            for offset, row in enumerate(page):
                yield number * self.size + offset, row


def as_pages(rows: Sequence[Row]) -> Pages[Row]:
    """A list already in memory, as pages (all read)."""
    pages = Pages(
        len(rows), lambda offset, limit: rows[offset : offset + limit], size=max(1, len(rows))
    )
    pages.load(0)
    return pages
