"""The rubric panel: areas, elements with their codes and look-fors, and notes per element."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from observer_tui.widgets.shown import one_line, shown

if TYPE_CHECKING:
    from observer_tui.core.rubric import Element, Rubric


def element_label(element: Element, count: int, *, focus: bool) -> Text:
    """'★CFU 3 Checks for understanding': code and count first, so a narrow panel clips the name."""
    label = Text.assemble(
        ("★" if focus else " ", "bold yellow"),
        (element.code, "bold"),
        (f" {count} ", "bold green" if count else "dim"),
        element.name,
    )
    return shown(label, one_line=True)


class RubricPanel(Tree["Element"]):
    """A tree of the rubric; counts are set by the screen as notes change."""

    DEFAULT_CSS = """
    /* 32 cells at 80 columns; a wider terminal gives it room for whole element names
    (the notes log keeps the most of it). */
    RubricPanel {
        width: 38%;
        min-width: 32;
        max-width: 48;
        border-left: vkey $surface-lighten-2;
        padding: 0;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._focus: set[str] = set()
        self._element_nodes: dict[str, TreeNode[Element]] = {}

    def show(self, rubric: Rubric, focus: Sequence[str]) -> None:
        """Fill the tree with the rubric's areas and elements, focus elements starred."""
        self.clear()
        self._focus = set(focus)
        self._element_nodes = {}
        for area, elements in rubric.areas():
            branch = self.root.add(Text(one_line(area), style="bold underline"), expand=True)
            for element in elements:
                node = branch.add(
                    element_label(element, 0, focus=element.code in self._focus), data=element
                )
                for look_for in element.look_fors:
                    node.add_leaf(Text(one_line(look_for), style="italic"))
                self._element_nodes[element.code] = node

    def show_counts(self, counts: dict[str, int]) -> None:
        """Relabel each element with its number of notes."""
        for code, node in self._element_nodes.items():
            element = node.data
            if element is not None:
                node.set_label(
                    element_label(element, counts.get(code, 0), focus=code in self._focus)
                )
