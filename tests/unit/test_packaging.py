"""The installed package finds its bundled rubrics and starters, wherever it is run from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_bundled_rubrics_are_found_from_any_folder(tmp_path: Path) -> None:
    script = (
        "from observer_tui.core.rubrics import load_library\n"
        "library = load_library(None)\n"
        "print(sorted(library.rubrics), library.problems)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert result.stdout.strip() == "['drop-in', 'five-challenges', 'teach'] []"


def test_the_starter_files_ship_with_the_package(tmp_path: Path) -> None:
    for args in (["rubrics", "new"], ["rubrics", "new", "--csv"]):
        result = subprocess.run(
            [sys.executable, "-m", "observer_tui", "--data-dir", str(tmp_path), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=True,
        )
        assert result.stdout.startswith(("{\n", "domain,element_code,"))
