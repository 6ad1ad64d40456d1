"""The baseline for bench/startup.py: a bare Textual app with the observation screen's stock
widgets (a Static header line, OptionList, Tree, TextArea, Footer) and nothing else.

Once mounted it shows "Ready:" in a Static, as observer-tui does when its observation screen
can take typing, then exits after that frame is drawn. Run: python bench/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, Static, TextArea, Tree

MARKER = "Ready:"


class MinimalApp(App[None]):
    """Stock widgets laid out roughly like the observation screen."""

    CSS = """
    #top { height: 1; }
    #main { height: 1fr; }
    #status { height: 1; }
    TextArea { height: 3; }
    """
    BINDINGS = [("f1", "bell", "Help"), ("f10", "quit", "End")]

    def compose(self) -> ComposeResult:
        yield Static("Teacher · class  focus #CFU", id="top")
        with Horizontal(id="main"):
            yield OptionList(id="notes")
            tree: Tree[None] = Tree("Rubric", id="rubric")
            for area in ("Classroom culture", "Instruction", "Socioemotional skills"):
                branch = tree.root.add(area, expand=True)
                for element in range(3):
                    branch.add_leaf(f"Element {element + 1}")
            tree.root.expand()
            yield tree
        yield Static(id="status")
        yield TextArea(id="note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.query_one("#status", Static).update(f"{MARKER} type here")
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    MinimalApp().run()
