"""The rubrics screen: every rubric and school profile file, with source, version and validity."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from observer_tui.commands import Command, action, bindings, screen_commands
from observer_tui.core.numbers import plural
from observer_tui.core.profiles import ProfileEntry
from observer_tui.core.rubrics import RubricEntry
from observer_tui.core.workspace import Change, RubricsChanged
from observer_tui.screens.base import HouseScreen
from observer_tui.screens.help import HelpScreen
from observer_tui.screens.import_csv import ImportCsvScreen
from observer_tui.screens.rubric_browser import RubricBrowserScreen
from observer_tui.widgets.shown import one_line, shown


def row(*cells: str | Text) -> Table:
    """One line of the list: id, name, version, source, status, in fixed columns."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=16, no_wrap=True, overflow="ellipsis")
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(width=6, no_wrap=True, overflow="ellipsis")
    table.add_column(width=7, no_wrap=True)
    table.add_column(width=13, no_wrap=True)
    table.add_row(
        *(Text(one_line(c)) if isinstance(c, str) else shown(c, one_line=True) for c in cells)
    )
    return table


INVALID = Text("✗ invalid", style="bold red")


def entry_row(entry: RubricEntry | ProfileEntry) -> Table:
    """'teach  Teach…  1.0  bundled  ✓ 9 elements', or the file name and '✗ invalid'."""
    if isinstance(entry, ProfileEntry):
        profile = entry.profile
        if profile is None:
            return row(entry.path.name, Text(entry.problems[0], style="red"), "", "school", INVALID)
        return row(profile.id, profile.name, "", "school", Text(f"✓ uses {profile.rubric}"))
    rubric = entry.rubric
    source = "bundled" if entry.bundled else "user*" if entry.overrides else "user"
    if rubric is None:
        return row(entry.path.name, Text(entry.problems[0], style="red"), "", source, INVALID)
    if entry.overridden:
        status = Text("replaced", style="dim")
    else:
        status = Text(f"✓ {rubric.element_count} elements", style="green")
    return row(rubric.id, rubric.name, rubric.version, source, status)


def entry_details(entry: RubricEntry | ProfileEntry) -> Text:
    """Below the list: the file and its problems, or what the rubric or profile holds."""
    text = Text(str(entry.path), style="dim")
    if entry.problems:
        count = plural(len(entry.problems), "problem")
        text.append(f"\n{count}; the file is skipped until it is fixed:\n")
        text.append("\n".join(f"• {one_line(p)}" for p in entry.problems), style="red")
        return shown(text)
    if isinstance(entry, ProfileEntry):
        if entry.profile is not None:
            name = one_line(entry.profile.name)
            text.append(f"\nSchool profile for {name}: pick it as School for a new drop-in.")
        return shown(text)
    rubric = entry.rubric
    if rubric is None:
        return shown(text)
    if entry.overrides:
        text.append(f"\nuser*: replaces the bundled rubric '{rubric.id}'.", style="italic")
    if entry.overridden:
        text.append(f"\nNot in use: your own '{rubric.id}' replaces it.", style="italic")
    text.append(f"\nAreas: {', '.join(one_line(domain.name) for domain in rubric.domains)}")
    if rubric.source:
        text.append(f"\nSource: {rubric.source}")
    return shown(text)


class RubricsScreen(HouseScreen[None]):
    """Lists bundled and user rubrics; invalid files show their problems here."""

    def __init__(self) -> None:
        super().__init__()
        self._imported = ""
        """The id of a rubric just imported, highlighted once the list is read again."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Rubrics and school profiles", style="bold"), classes="screen-title")
        yield Static(row("ID", "NAME", "VER", "SOURCE", ""), id="rubrics-heading")
        yield OptionList(id="rubric-list", compact=True)
        with VerticalScroll(id="rubric-details"):
            yield Static(id="rubric-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.app.clear_notifications()  # a start-up warning about files points here
        self._show_entries()
        self.query_one("#rubric-list").focus()

    def folder_changed(self, change: Change | None) -> None:
        if isinstance(change, RubricsChanged) or change is None:
            self._show_entries()

    @property
    def _entries(self) -> list[RubricEntry | ProfileEntry]:
        return [*self.workspace.rubrics.entries, *self.workspace.profiles]

    def _show_entries(self) -> None:
        entries = self._entries
        listing = self.query_one("#rubric-list", OptionList)
        previous = listing.highlighted
        listing.clear_options()
        listing.add_options(Option(entry_row(entry)) for entry in entries)
        imported = [
            index
            for index, entry in enumerate(entries)
            if isinstance(entry, RubricEntry) and entry.path.stem == self._imported
        ]
        if imported:
            listing.highlighted = imported[0]
        elif entries:
            listing.highlighted = min(previous or 0, len(entries) - 1)

    def _entry(self) -> RubricEntry | ProfileEntry | None:
        index = self.query_one("#rubric-list", OptionList).highlighted
        entries = self._entries
        return entries[index] if index is not None and index < len(entries) else None

    @on(OptionList.OptionHighlighted, "#rubric-list")
    def _show_details(self) -> None:
        entry = self._entry()
        details = entry_details(entry) if entry else Text("")
        self.query_one("#rubric-detail-text", Static).update(details)

    @on(OptionList.OptionSelected, "#rubric-list")
    def action_browse(self) -> None:
        """Open the highlighted rubric, or say why an invalid one cannot be opened."""
        entry = self._entry()
        if entry is None or isinstance(entry, ProfileEntry):
            return
        if entry.rubric is None:
            self.notify("Fix the problems listed below first, then press r.", markup=False)
            return
        self.app.push_screen(RubricBrowserScreen(entry.rubric))

    def action_import_csv(self) -> None:
        def imported(rubric_id: str | None) -> None:
            if rubric_id:
                self._imported = rubric_id
                self._reload()

        self.app.push_screen(ImportCsvScreen(self.workspace.data.rubrics), imported)

    def action_reload(self) -> None:
        self._reload()
        self.notify("Rubric files read again.", markup=False, timeout=3)

    @work(thread=True, exclusive=True, group="rubrics", exit_on_error=False)
    def _reload(self) -> None:
        self.workspace.read_rubrics()

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                "Rubrics",
                self.ACTIONS,
                [("↑ ↓", "Highlight a rubric; its file and any problems show below")],
            )
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    ACTIONS = screen_commands(
        "rubrics",
        Command(
            "enter",
            action(action_browse),
            "Browse",
            "Browse the highlighted rubric's areas and look-fors",
        ),
        Command(
            "i",
            action(action_import_csv),
            "Import CSV",
            "Import a school's framework from a spreadsheet",
        ),
        Command(
            "r", action(action_reload), "Reload", "Read the rubric files again after editing them"
        ),
        Command("ctrl+g,f1", action(action_help), "Help", "Show every key"),
        Command("escape", action(action_back), "Back", "Back to the session list"),
    )
    BINDINGS = bindings(ACTIONS)
