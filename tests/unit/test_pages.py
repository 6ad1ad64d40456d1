"""A long list read a page at a time: rows appear as their page is read, never a wrong one."""

from __future__ import annotations

from collections.abc import Sequence

from observer_tui.core.pages import PAGE_SIZE, Pages, as_pages


class Rows:
    """250 rows, counting the reads asked of it."""

    def __init__(self, total: int = 250) -> None:
        self.rows = [f"row {i}" for i in range(total)]
        self.reads: list[tuple[int, int]] = []

    def __call__(self, offset: int, limit: int) -> Sequence[str]:
        self.reads.append((offset, limit))
        return self.rows[offset : offset + limit]


def test_the_first_page_answers_at_once_and_the_others_when_read() -> None:
    rows = Rows()
    pages = Pages(len(rows.rows), rows, rows.rows[:10], size=10)
    assert len(pages) == 250 and pages.size == 10
    assert [pages.get(i) for i in (0, 9, 10)] == ["row 0", "row 9", None]
    assert pages.missing(5, 35) == [1, 2, 3]
    pages.load(2)
    assert rows.reads == [(20, 10)]
    assert [pages.get(i) for i in (19, 20, 29, 30)] == [None, "row 20", "row 29", None]
    assert pages.missing(5, 35) == [1, 3]
    assert pages.missing(0, 10) == []
    assert pages.missing(20, 20) == []
    assert pages.missing(30, 31) == [3]


def test_no_page_past_the_end_is_missing() -> None:
    rows = Rows(25)
    pages = Pages(25, rows, size=10)
    assert pages.get(0) is None
    assert pages.missing(0, 1000) == [0, 1, 2]
    pages.load(2)
    assert pages.get(24) == "row 24" and pages.get(25) is None and pages.get(29) is None


def test_an_empty_list_has_nothing_to_read() -> None:
    rows = Rows(0)
    pages = Pages(0, rows)
    assert len(pages) == 0 and pages.size == PAGE_SIZE == 100
    assert pages.missing(0, 20) == [] and list(pages.loaded()) == []
    assert pages.get(0) is None


def test_loaded_lists_every_row_read_with_its_index() -> None:
    rows = Rows()
    pages = Pages(250, rows, rows.rows[:3], size=3)
    pages.load(5)
    assert list(pages.loaded()) == [
        (0, "row 0"),
        (1, "row 1"),
        (2, "row 2"),
        (15, "row 15"),
        (16, "row 16"),
        (17, "row 17"),
    ]


def test_a_list_in_memory_is_one_page_all_read() -> None:
    pages = as_pages(["a", "b", "c"])
    assert len(pages) == 3 and pages.size == 3
    assert [pages.get(i) for i in range(4)] == ["a", "b", "c", None]
    assert pages.missing(0, 3) == []
    assert list(pages.loaded()) == [(0, "a"), (1, "b"), (2, "c")]
    empty: Pages[str] = as_pages([])
    assert len(empty) == 0 and empty.size == 1 and list(empty.loaded()) == []


def test_the_last_row_asked_for_decides_the_last_page() -> None:
    pages = Pages(20, Rows(20), size=10)
    assert pages.missing(0, 11) == [0, 1]
    assert pages.missing(0, 10) == [0]
    # 20 rows fill pages 0 and 1 exactly: there is no page 2 to read.
    assert pages.missing(0, 30) == [0, 1]
