"""The installed package finds its bundled rubrics and starters, wherever it is run from,
from a checkout and from a plain (non-editable) install of the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
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
    assert result.stdout.strip() == "['copus', 'drop-in', 'five-challenges', 'teach'] []"


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


ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED = [
    "observer_tui/data/rubrics/drop-in.json",
    "observer_tui/data/rubrics/five-challenges.json",
    "observer_tui/data/rubrics/teach.json",
    "observer_tui/data/starters/rubric.csv",
    "observer_tui/data/starters/rubric.json",
    "observer_tui/data/starters/steps.csv",
    "observer_tui/data/starters/steps.json",
    "observer_tui/data/steps/five-challenges.json",
    "observer_tui/data/steps/teach.json",
]


def test_a_plain_install_of_the_wheel_finds_the_bundled_files(tmp_path: Path) -> None:
    """The files live in the repository's data/; the wheel must carry them in the package."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("observer_tui-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert set(BUNDLED) <= set(archive.namelist())
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The unpacked wheel comes first on the path, so the checkout's data/ is out of reach.
    environment = {**os.environ, "PYTHONPATH": str(site)}
    script = (
        "import observer_tui\n"
        "from observer_tui.core.rubrics import load_library\n"
        "library = load_library(None)\n"
        "print(observer_tui.__file__)\n"
        "print(sorted(library.rubrics), library.problems)\n"
        "from observer_tui.core.steps import load_steps\n"
        "steps = load_steps(None, library.rubrics)\n"
        "print(sorted(steps.banks), steps.problems)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=environment,
        check=True,
    )
    package, rubrics, banks = result.stdout.splitlines()
    assert banks == "['five-challenges', 'teach'] []"
    assert Path(package).is_relative_to(site)
    assert rubrics == "['copus', 'drop-in', 'five-challenges', 'teach'] []"
    for args, starter in ((["new"], "rubric.json"), (["new", "--csv"], "rubric.csv")):
        printed = subprocess.run(
            [sys.executable, "-m", "observer_tui", "--data-dir", str(elsewhere), "rubrics", *args],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=environment,
            check=True,
        )
        shipped = (ROOT / "data" / "starters" / starter).read_text(encoding="utf-8")
        assert printed.stdout == shipped
