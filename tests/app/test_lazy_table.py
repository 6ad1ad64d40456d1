"""The session list's table: keys move the cursor within the rows, and the cursor stays on
its item when the rows change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from observer_tui.widgets.lazy_table import Column, LazyTable, widened


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LazyTable[str](
            [Column("Name", 10)], lambda name: [name], key=lambda name: name, empty="None."
        )


def lines(app: TableApp) -> list[str]:
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


async def test_keys_stay_within_the_rows_and_the_cursor_follows_its_item() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 8)) as pilot:
        table = app.query_one(LazyTable)
        table.focus()
        await pilot.pause()
        assert lines(app)[:2] == [" Name", " None."]
        await pilot.press("end", "enter")  # nothing to go to or open
        assert table.cursor == 0 and table.highlighted is None
        table.show([f"row {n}" for n in range(20)])
        await pilot.press("up")
        assert table.highlighted == "row 0"  # not wrapped round to the last row
        await pilot.press("pagedown")
        assert table.highlighted == "row 7"  # a screenful: 8 lines less the header
        await pilot.press("end")
        await pilot.pause()
        assert table.highlighted == "row 19" and lines(app)[-1].strip() == "row 19"
        await pilot.press("home", "down", "down")
        table.show(["new", *(row for _, row in table.items.loaded())])
        assert table.highlighted == "row 2"  # the same row, one further down
        table.show(["only"])
        assert table.highlighted == "only"


@given(
    st.lists(st.tuples(st.integers(1, 30), st.integers(0, 3)), min_size=1, max_size=8),
    st.integers(0, 400),
)
def test_a_wider_table_gives_its_room_to_the_growing_columns(
    spec: list[tuple[int, int]], room: int
) -> None:
    columns = [Column(f"c{i}", width, grow=grow) for i, (width, grow) in enumerate(spec)]
    shown = widened(columns, room)
    needed = sum(column.width + 2 for column in columns)
    for before, after in zip(columns, shown, strict=True):
        assert after.width == before.width or (before.grow and after.width > before.width)
    if room > needed and any(column.grow for column in columns):
        assert sum(column.width + 2 for column in shown) == room  # every cell used
        shares = sum(column.grow for column in columns)
        for before, after in zip(columns, shown, strict=True):  # by their shares, to a cell
            fair = (room - needed) * before.grow // shares
            assert fair <= after.width - before.width <= fair + (before.grow > 0)
    else:
        assert shown == tuple(columns)


NAMES = [Column("Teacher", 13, grow=2), Column("Class", 8, grow=2), Column("Rubric", 7, grow=1)]
"""The session list's growing columns (screens/library.py): 34 cells with their padding."""


@pytest.mark.parametrize(
    ("room", "needs", "widths"),
    [
        # Room for the names and the class whole: the rubric takes what is left.
        (34 + 40, [21, 27, 40], [21, 27, 20]),
        # Not enough: the class, cut the most, is cut no more than the teacher.
        (34 + 10, [21, 27, 40], [13, 18, 7]),
        (34 + 11, [21, 27, 40], [13, 19, 7]),
        (34 + 13, [21, 27, 40], [14, 20, 7]),
        # Only the rubric is cut: it takes its 5 cells, the other 15 go by shares.
        (34 + 20, [10, 8, 12], [13 + 6, 8 + 6, 12 + 3]),
        # Nothing drawn yet: all by shares.
        (34 + 20, [], [13 + 8, 8 + 8, 7 + 4]),
        # No room to spare: the columns as they are.
        (30, [21, 27, 40], [13, 8, 7]),
    ],
)
def test_spare_room_goes_first_to_the_columns_whose_cells_are_cut(
    room: int, needs: list[int], widths: list[int]
) -> None:
    assert [column.width for column in widened(NAMES, room, needs)] == widths
