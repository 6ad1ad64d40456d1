"""The keymap file's reader, the default keys it starts from, and `observer-tui keys`."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_tui.cli import main
from observer_tui.keymap import (
    APP_KEYS,
    EDITING_KEYS,
    all_commands,
    keymap_template,
    parse_keymap,
    read_keymap,
)

COMMANDS = all_commands()


def test_every_f_key_command_in_the_footer_shows_a_key_that_needs_no_fn() -> None:
    # Those the footer leaves out (Details, F7) run from Ctrl+G 7 (tests/app/test_keys.py).
    for binding_id, command in COMMANDS.items():
        keys = command.key.split(",")
        if command.show and any(re.fullmatch(r"f\d+", key) for key in keys):
            first = keys[0]
            assert first.startswith("ctrl+"), f"{binding_id}: the footer would show an F-key"


def test_every_command_has_a_key_that_needs_no_fn_insert_or_a_us_layout() -> None:
    # Ctrl+] and Ctrl+\ are other keys, or none, on a German or French keyboard.
    awkward = re.compile(r"f\d+|insert|ctrl\+(?![a-z]$).+")
    for binding_id, command in COMMANDS.items():
        keys = command.key.split(",")
        digit = any(re.fullmatch(r"f([1-9]|10)", key) for key in keys)  # Ctrl+G 1…0
        plain = any(not awkward.fullmatch(key) for key in keys)
        assert plain or digit or command.leader, f"{binding_id}: only {command.key}"
    leaders: dict[tuple[str, str], str] = {}
    for binding_id, command in COMMANDS.items():
        if command.leader:
            # A letter help does not keep for itself (q closes it), one command's per screen.
            assert re.fullmatch(r"[a-pr-z]", command.leader), binding_id
            screen = binding_id.split(".")[0]
            other = leaders.setdefault((screen, command.leader), binding_id)
            assert other == binding_id, f"Ctrl+G {command.leader}: {other} and {binding_id}"


def test_no_default_key_edits_text_or_is_the_apps() -> None:
    for binding_id, command in COMMANDS.items():
        for key in command.key.split(","):
            assert key not in APP_KEYS, binding_id
            if command.works_while_typing:
                assert key not in EDITING_KEYS, f"{binding_id}: {key} edits text"


def test_no_two_commands_of_a_screen_share_a_key() -> None:
    assert parse_keymap("", COMMANDS) == ({}, [])  # the defaults clash with nothing
    seen: dict[tuple[str, str], str] = {}
    for binding_id, command in COMMANDS.items():
        for key in command.key.split(","):
            other = seen.setdefault((binding_id.split(".")[0], key), binding_id)
            assert other == binding_id, f"{key}: {other} and {binding_id}"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ('[observation]\npause = "ctrl+backslash,f9"\n', "ctrl+backslash,f9"),
        ('"observation.pause" = "Ctrl+Backslash"\n', "ctrl+backslash"),
        ('observation.pause = ["ctrl+backslash", " f9 "]\n', "ctrl+backslash,f9"),
        ('[observation]\npause = "f12"\n', "f12"),
    ],
)
def test_a_keymap_entry_is_read_in_any_of_tomls_spellings(text: str, keys: str) -> None:
    assert parse_keymap(text, COMMANDS) == ({"observation.pause": keys}, [])


def test_a_letter_command_may_take_a_plain_character() -> None:
    keymap, problems = parse_keymap('[summary]\nmarkdown = "?"\n', COMMANDS)
    assert (keymap, problems) == ({"summary.markdown": "question_mark"}, [])


def test_a_clash_leaves_out_the_entry_and_the_rest_is_kept() -> None:
    text = '[library]\nnew = "ctrl+t"\nsearch = "ctrl+backslash,f7"\n'
    keymap, problems = parse_keymap(text, COMMANDS)
    assert keymap == {"library.search": "ctrl+backslash,f7"}
    assert problems == ["library.new: Ctrl+T is already library.teacher's key"]


def test_no_file_is_no_keys_and_no_warning(tmp_path: Path) -> None:
    keymap = read_keymap(tmp_path / "keymap.toml", COMMANDS)
    assert (keymap.keys, keymap.warning()) == ({}, None)


def test_an_unreadable_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_bytes(b"\xff\xfe[observation]")
    warning = read_keymap(path, COMMANDS).warning()
    assert warning is not None
    assert str(path) in warning
    assert "cannot read the file" in warning


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_for_a_keymap_is_named_never_waited_on(tmp_path: Path) -> None:
    """Before, reading it blocked the app's start for ever."""
    path = tmp_path / "keymap.toml"
    os.mkfifo(path)
    warning = read_keymap(path, COMMANDS).warning()
    assert warning is not None and "cannot read the file (a named pipe, not a file)" in warning


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_without_raising(text: str) -> None:
    keymap, problems = parse_keymap(text, COMMANDS)
    assert set(keymap) <= set(COMMANDS)
    assert all(isinstance(p, str) for p in problems)


values = st.recursive(
    st.text(max_size=12) | st.integers() | st.booleans(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*COMMANDS, "observation", "x.y", ""]) | st.text(max_size=10),
        values,
        max_size=4,
    )
)
def test_any_toml_document_is_read_without_raising(document: dict[str, object]) -> None:
    keymap, _ = parse_keymap(_toml(document), COMMANDS)
    for binding_id, keys in keymap.items():
        assert keys and binding_id in COMMANDS


def _toml(document: dict[str, object]) -> str:
    """A TOML document for `document`, as the coach might write it (strings quoted)."""

    def value(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, str):
            return '"' + v.encode("unicode_escape").decode().replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        assert isinstance(v, dict)
        return "{" + ", ".join(f"{value(k)} = {value(x)}" for k, x in v.items()) + "}"

    return "".join(f"{value(k)} = {value(v)}\n" for k, v in document.items())


def test_keys_lists_every_command_and_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys"]) == 0
    out = capsys.readouterr().out
    assert str(Path.home() / ".config" / "observer-tui" / "keymap.toml") in out
    assert re.search(r"observation\.pause +Ctrl\+B, F9 +Pause or resume", out)
    assert all(binding_id in out for binding_id in COMMANDS)


def test_keys_names_keys_as_they_are_read_with_the_leaders_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["keys"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"library\.walk +Ctrl\+\], F11 or Ctrl\+G W +A learning walk", out)
    assert re.search(r"library\.mark +Insert or Ctrl\+G M +Mark or unmark", out)
    assert re.search(r"debrief\.goal +Ctrl\+_, F11 or Ctrl\+G G +Next step: mark", out)
    assert re.search(r"debrief\.steps +Ctrl\+\\, F6 or Ctrl\+G 6 +Next step: pick", out)
    for name in ("Right_square_bracket", "Underscore", "Backslash"):
        assert name not in out


def test_keys_shows_the_files_keys_and_warns_of_a_bad_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = Path.home() / ".config" / "observer-tui" / "keymap.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[observation]\npause = "ctrl+backslash,f9"\nend = "ctrl+pasue"\n')
    assert main(["keys"]) == 1
    captured = capsys.readouterr()
    assert re.search(r"observation\.pause +Ctrl\+\\, F9", captured.out)
    assert re.search(r"observation\.end +Ctrl\+L, F10", captured.out)
    assert "observation.end: 'ctrl+pasue' is not a key" in captured.err
    assert "Traceback" not in captured.err


def test_the_keymap_to_start_from_gives_the_keys_back_once_uncommented(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["keys", "--toml"]) == 0
    template = capsys.readouterr().out
    assert parse_keymap(template, COMMANDS) == ({}, [])  # all commented out
    uncommented = re.sub(r"^# (\w+ = )", r"\1", template, flags=re.M)
    tomllib.loads(uncommented)
    keymap, problems = parse_keymap(uncommented, COMMANDS)
    assert problems == []
    assert keymap["observation.pause"] == "ctrl+b,f9"
    assert set(keymap) == set(COMMANDS)


def test_keymap_template_keeps_the_files_entries_live() -> None:
    template = keymap_template(COMMANDS, {"observation.pause": "ctrl+backslash,f9"})
    assert '\npause = "ctrl+backslash,f9"  # Pause or resume' in template
    assert '\n# end = "ctrl+l,f10"  # End the observation' in template
