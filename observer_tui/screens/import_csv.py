"""Importing a spreadsheet (CSV) as a rubric, from the app: a file, an id and a name."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from observer_tui.core.csv_import import Imported, import_csv
from observer_tui.core.numbers import plural
from observer_tui.core.rubrics import InvalidFile, rubric_size
from observer_tui.core.session import slug
from observer_tui.widgets.fields import SafeInput


class ImportCsvScreen(ModalScreen[str | None]):
    """Dismisses with the new rubric's id once it is written, or None if cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False)]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-dialog"):
            yield Static(Text("Import a rubric from CSV", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    "Columns: domain, element_code, element_name, description, look_for; "
                    "one row per look-for.",
                    style="dim",
                )
            )
            with Horizontal(classes="field"):
                yield Label("File")
                yield SafeInput(
                    placeholder="~/Downloads/framework.csv",
                    id="csv-path",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Id")
                yield SafeInput(
                    placeholder="from the file name",
                    id="csv-id",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Name")
                yield SafeInput(
                    placeholder="from the file name",
                    id="csv-name",
                    compact=True,
                )
            yield Checkbox("Replace a rubric with this id", id="csv-force", compact=True)
            with VerticalScroll(id="import-problems"):
                yield Static(id="import-report")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import (Enter)", variant="primary", id="import")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#import-problems").display = False
        self.query_one("#csv-path", Input).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        raw = self.query_one("#csv-path", Input).value.strip()
        if not raw:
            self._report(Text("Type the path of a CSV file.", style="bold red"))
            return
        source = Path(raw).expanduser()
        rubric_id = self.query_one("#csv-id", Input).value.strip() or slug(source.stem, 64)
        name = self.query_one("#csv-name", Input).value.strip() or source.stem.replace("_", " ")
        force = self.query_one("#csv-force", Checkbox).value
        self._report(Text(f"Reading {source.name}…", style="dim"))
        self._run_import(source, rubric_id, name, force)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _run_import(self, source: Path, rubric_id: str, name: str, force: bool) -> None:
        try:
            imported = import_csv(source, self.folder, rubric_id=rubric_id, name=name, force=force)
        except InvalidFile as error:
            lines = [f"{source.name}: nothing imported, {plural(len(error.problems), 'problem')}"]
            self.app.call_from_thread(self._failed, lines + error.problems)
        except FileExistsError:
            problem = f"A rubric with the id '{rubric_id}' exists; tick Replace to overwrite it."
            self.app.call_from_thread(self._failed, [problem])
        except OSError as error:
            problem = f"{error.filename or source}: {error.strerror or error}"
            self.app.call_from_thread(self._failed, [problem])
        else:
            self.app.call_from_thread(self._done, imported)

    def _report(self, text: Text) -> None:
        self.query_one("#import-problems").display = True
        self.query_one("#import-report", Static).update(text)

    def _failed(self, problems: list[str]) -> None:
        self._report(Text("\n".join(problems), style="red"))

    def _done(self, imported: Imported) -> None:
        rubric = imported.result.rubric
        message = (
            f"{'Replaced' if imported.replaced else 'Imported'} {rubric.name} "
            f"(version {rubric.version}): {rubric_size(rubric)}."
        )
        for warning in imported.result.warnings:
            message += f"\n{warning}"
        self.app.notify(message, title="Rubric imported", markup=False, timeout=10)
        self.dismiss(rubric.id)
