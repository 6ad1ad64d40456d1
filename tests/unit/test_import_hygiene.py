"""The core never imports textual, nor does any command but the one that runs the app (also
enforced by import-linter in pyproject.toml), and modules import each other without circles."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import grimp

import observer_tui.cli
import observer_tui.core


def test_core_modules_load_without_textual() -> None:
    modules = [
        f"observer_tui.core.{m.name}" for m in pkgutil.iter_modules(observer_tui.core.__path__)
    ]
    assert len(modules) >= 8
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_observe_is_on_screen_before_the_models_load() -> None:
    """`observe` paints the observation screen from these modules alone; pydantic, orjson and
    the rubric files come after (bench/startup.py measures the difference)."""
    script = (
        "import sys\n"
        "import observer_tui.__main__, observer_tui.cli.observe\n"
        "import observer_tui.app, observer_tui.screens.observation\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'orjson')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_only_the_command_that_runs_the_app_loads_textual() -> None:
    modules = [
        f"observer_tui.cli.{m.name}"
        for m in pkgutil.iter_modules(observer_tui.cli.__path__)
        if m.name != "observe"
    ]
    assert len(modules) >= 4
    script = (
        "import importlib, sys\n"
        "import observer_tui.cli\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_import_circle_among_the_core_modules() -> None:
    """Each core module can be read on its own terms: the debrief models, for one, never
    import the session that holds them (the debriefing that changes both does)."""
    graph = grimp.build_graph("observer_tui")
    core = sorted(m for m in graph.modules if m.startswith("observer_tui.core."))
    assert "observer_tui.core.debriefing" in core
    circles = [
        (first, second)
        for first in core
        for second in core
        if first < second
        and graph.chain_exists(first, second)
        and graph.chain_exists(second, first)
    ]
    assert circles == []
    assert not graph.chain_exists("observer_tui.core.debrief", "observer_tui.core.session")
