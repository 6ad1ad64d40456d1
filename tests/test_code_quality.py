"""The house rules, run with the suite: ruff, ruff format, mypy --strict and the import contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)


@pytest.mark.parametrize(
    "args",
    [
        ["-m", "ruff", "check", "observer_tui", "tests", "bench"],
        ["-m", "ruff", "format", "--check", "observer_tui", "tests", "bench"],
        ["-m", "mypy"],
        ["-c", LINT_IMPORTS],
    ],
    ids=["ruff", "ruff-format", "mypy-strict", "import-linter"],
)
def test_code_is_clean(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
