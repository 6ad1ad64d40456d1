"""The core never imports textual (also enforced by import-linter in pyproject.toml)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
