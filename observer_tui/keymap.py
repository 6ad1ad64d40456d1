"""The coach's keymap file: other keys for the app's commands, named by binding id.

It lives in the user's config folder (`core/locations.keymap_file`), never in the data
folder: keys belong to one laptop's keyboard, not to a team sharing sessions. A file that
cannot be read, or an entry that cannot be used, is told of once, naming the file and the
entry; every other command keeps its default keys, and the file is never changed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding
from textual.keys import Keys, _character_to_key
from textual.widgets import Input, TextArea

from observer_tui.commands import Command, keys_display
from observer_tui.core.files import MB, FileKind, read_file
from observer_tui.core.visible import visible

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
"""What may come before a key's name, as in `ctrl+b`."""
KEY_NAMES = frozenset(
    {key.value.split("+")[-1] for key in Keys if not key.value.startswith("<")}
    | {_character_to_key(chr(code)) for code in range(33, 127)}
)
"""Every key name Textual sends besides a single character: `f9`, `escape`, `question_mark`."""
APP_KEYS = {
    "ctrl+q": "quit",
    "ctrl+p": "the command palette",
    "ctrl+c": "copy",
    "tab": "the next field",
    "shift+tab": "the previous field",
}
"""Keys the app keeps on every screen."""
EDITING_KEYS = frozenset(
    binding.key
    for binding in Binding.make_bindings([*TextArea.BINDINGS, *Input.BINDINGS])
    if not binding.key.startswith("f")
) | {"backspace", "enter", "ctrl+h", "ctrl+i", "ctrl+m", "ctrl+j", "ctrl+z"}
"""Keys a text field uses while the coach types (Ctrl+A: start of the line, and so on);
Ctrl+H, I, M and J are what terminals send for Backspace, Tab and Enter."""


@dataclass(frozen=True)
class KeymapFile:
    """What a keymap file sets, and what in it could not be used."""

    path: Path
    """The file (it may not exist: then it sets nothing)."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id to its keys in force, comma-separated (`observation.pause`: `ctrl+y,f9`)."""
    problems: list[str] = field(default_factory=list)
    """One line per entry left out, or one for a file that cannot be read."""

    def warning(self) -> str | None:
        """The one warning the coach sees, naming the file and each entry, or None."""
        if not self.problems:
            return None
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        return f"Keymap {visible(str(self.path))}: using the default keys for\n{lines}"


def all_commands() -> dict[str, Command]:
    """Every screen's commands by binding id, in the order a coach meets the screens.
    Imports every screen: for `observer-tui keys` and a worker, not for the first paint."""
    from observer_tui.screens.debrief import DebriefScreen
    from observer_tui.screens.library import LibraryScreen
    from observer_tui.screens.observation import ObservationScreen
    from observer_tui.screens.rubric_browser import RubricBrowserScreen
    from observer_tui.screens.rubrics import RubricsScreen
    from observer_tui.screens.search import SearchScreen
    from observer_tui.screens.start import StartScreen
    from observer_tui.screens.stats import StatsScreen
    from observer_tui.screens.summary import SummaryScreen
    from observer_tui.screens.teacher import TeacherScreen
    from observer_tui.screens.walk import WalkScreen

    screens = (
        LibraryScreen,
        StartScreen,
        ObservationScreen,
        DebriefScreen,
        SummaryScreen,
        SearchScreen,
        TeacherScreen,
        WalkScreen,
        StatsScreen,
        RubricsScreen,
        RubricBrowserScreen,
    )
    commands: dict[str, Command] = {}
    for screen in screens:
        for command in screen.ACTIONS:
            # Two names of one key (Pause, Resume) share an id: the first names it.
            commands.setdefault(command.id, command)
    return commands


def normal_key(key: str) -> str | None:
    """A key as Textual names it (`Ctrl+B` is `ctrl+b`, `?` is `question_mark`), or None
    if it is no key."""
    *modifiers, name = key.strip().split("+")
    modifiers = [m.strip().lower() for m in modifiers]
    if any(m not in MODIFIERS for m in modifiers) or len(set(modifiers)) < len(modifiers):
        return None
    if len(name) == 1 and name.isprintable() and not name.isspace():
        name = _character_to_key(name.lower() if modifiers else name)
    else:
        name = name.lower()
        if name not in KEY_NAMES:
            return None
    return "+".join([*modifiers, name])


def _entries(document: Mapping[str, object]) -> Iterable[tuple[str, object]]:
    """`[observation] pause = "..."` and `"observation.pause" = "..."` alike, as
    (`observation.pause`, value)."""
    for name, value in document.items():
        if isinstance(value, dict):
            for inner, keys in value.items():
                yield f"{name}.{inner}", keys
        else:
            yield name, value


def _keys_of(entry: str, value: object, command: Command) -> tuple[str | None, str | None]:
    """(the keys, normalised) or (None, why not)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not value or not all(isinstance(k, str) for k in value):
        return None, 'give the keys as a string, like "ctrl+y" or "ctrl+y,f9"'
    keys: list[str] = []
    for written in value:
        key = normal_key(written)
        shown = visible(repr(written.strip()), one_line=True)
        if key is None:
            return None, f"{shown} is not a key"
        if key in APP_KEYS:
            return None, f"{shown} is kept for {APP_KEYS[key]}"
        if command.works_while_typing and key in EDITING_KEYS:
            return None, f"{shown} edits the text you type"
        if command.works_while_typing and len(written.strip()) == 1:
            return None, f"{shown} would be typed, not run: use Ctrl+ or an F-key"
        if key not in keys:
            keys.append(key)
    return ",".join(keys), None


def parse_keymap(text: str, commands: Mapping[str, Command]) -> tuple[dict[str, str], list[str]]:
    """The keys a keymap file's text sets, by binding id, and a line for each entry left
    out. Never raises: a file that is not TOML is one problem, and sets nothing."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"every command: not a TOML file ({visible(str(error), one_line=True)})"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for entry, value in _entries(document):
        name = visible(entry, one_line=True)
        command = commands.get(entry)
        if command is None:
            problems.append(f"{name}: no such command (observer-tui keys lists them)")
            continue
        keys, why_not = _keys_of(entry, value, command)
        if keys is None:
            problems.append(f"{name}: {why_not}")
        else:
            keymap[entry] = keys
    problems += _drop_clashes(keymap, commands)
    return keymap, problems


def _drop_clashes(keymap: dict[str, str], commands: Mapping[str, Command]) -> list[str]:
    """Leave out entries that give a key another command of the same screen has (after
    the file: a swap of two keys is fine). Repeated, as a dropped entry's command takes
    back its default keys."""
    problems: list[str] = []
    while True:
        owner: dict[tuple[str, str], str] = {}
        clash: tuple[str, str, str] | None = None
        for binding_id, command in commands.items():
            screen = binding_id.split(".")[0]
            for key in command.keys_in_force(keymap).split(","):
                other = owner.setdefault((screen, key), binding_id)
                if other != binding_id:
                    # Blame the entry in the file (the other may be a default).
                    blamed = binding_id if binding_id in keymap else other
                    clash = (blamed, other if blamed == binding_id else binding_id, key)
                    break
            if clash:
                break
        if clash is None:
            return problems
        blamed, other, key = clash
        del keymap[blamed]
        problems.append(f"{blamed}: {keys_display(key)} is already {other}'s key")


KEYMAP_FILE = FileKind("keymap", MB)
"""A keymap is a few lines; a named pipe or a device in its place is refused, not read."""


def read_keymap(path: Path, commands: Mapping[str, Command]) -> KeymapFile:
    """The keymap file at `path`: nothing set if it is not there."""
    try:
        text = read_file(path, KEYMAP_FILE).decode("utf-8")
    except FileNotFoundError:
        return KeymapFile(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = visible(getattr(error, "strerror", None) or str(error), one_line=True)
        return KeymapFile(path, problems=[f"every command: cannot read the file ({reason})"])
    keys, problems = parse_keymap(text, commands)
    return KeymapFile(path, keys, problems)


def keys_table(commands: Mapping[str, Command], keymap: Mapping[str, str]) -> str:
    """Every command: its binding id, keys in force (and the leader's way, if no Ctrl+letter
    is among them: `Insert or Ctrl+G M`) and what it does, a line each."""
    keys = {binding_id: c.keys_to_read(keymap) for binding_id, c in commands.items()}
    width = max(len(binding_id) for binding_id in commands)
    keys_width = max(len(shown) for shown in keys.values())
    return "\n".join(
        f"{binding_id:<{width}}  {keys[binding_id]:<{keys_width}}  {command.help}"
        for binding_id, command in commands.items()
    )


def keymap_template(commands: Mapping[str, Command], keymap: Mapping[str, str]) -> str:
    """A keymap file with a line per command and its keys now: those the file sets as
    they are, the others commented out, for the coach to uncomment and change."""
    lines = [
        "# observer-tui keymap: remove the # before a line and change its keys.",
        '# Keys are comma-separated, like "ctrl+y,f9"; the first one shows in the footer.',
    ]
    screen = ""
    for binding_id, command in commands.items():
        section, name = binding_id.split(".", 1)
        if section != screen:
            screen = section
            lines += ["", f"[{section}]"]
        keys = command.keys_in_force(keymap)
        mark = "" if binding_id in keymap else "# "
        lines.append(f'{mark}{name} = "{keys}"  # {command.help}')
    return "\n".join(lines) + "\n"
