"""The core's mutation score, estimated from a random sample of its mutants.

A full `mutmut run` over observer_tui/core makes about 10,000 mutants and takes hours on a
laptop. A random sample of a few hundred, run the same way, estimates the score within a
few points: this script draws one (seeded, so a rerun draws the same mutants), runs
mutmut on just those, and reports the killed share with a 95% Wilson interval, per module
and in all. Goal: the core at 90% or more.

Timeouts count as killed, as in mutmut's own score; "no tests" and "survived" count as
not killed; skipped mutants and those the type checker caught are left out.

Run from a checkout with the test extras:
    python bench/mutation_sample.py [--size 300] [--seed 11] [--module merge]
The first run makes the mutants (a minute); each mutant then takes a second or two.

mutmut keeps which tests reach which function (`mutants/mutmut-stats.json`) from its last
collection and does not always collect again when tests change: a test added since then
is not run against the mutants it would kill. So each run starts by removing that file;
mutmut then collects it afresh (a minute or two).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants" / "observer_tui" / "core"
GOAL = 0.90
KILLED = {1, 3, 24, -24, 36, 152, 255}
LEFT_OUT = {34, 37}  # skipped, caught by the type checker


def mutant_names() -> dict[str, int | None]:
    """Every mutant of the core, by name, with its last exit code (None: not run)."""
    names: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.glob("*.py.meta")):
        names.update(json.loads(meta.read_text())["exit_code_by_key"])
    return names


def wilson(killed: int, total: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a share."""
    if total == 0:
        return (0.0, 1.0)
    z = 1.96
    share = killed / total
    middle = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (middle - half / (1 + z * z / total), middle + half / (1 + z * z / total))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300, help="mutants to sample")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--module", help="sample only this core module, e.g. merge")
    parser.add_argument("--children", type=int, default=1, help="mutmut's --max-children")
    arguments = parser.parse_args()
    mutmut = [sys.executable, "-m", "mutmut"]
    if not MUTANTS.is_dir():
        # Makes the mutants: a filter that matches none of them runs nothing else.
        subprocess.run([*mutmut, "run", "observer_tui.core.none_at_all*"], cwd=ROOT, check=False)
    (ROOT / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    names = sorted(mutant_names())
    if arguments.module:
        names = [n for n in names if n.startswith(f"observer_tui.core.{arguments.module}.")]
    sample = sorted(random.Random(arguments.seed).sample(names, min(arguments.size, len(names))))
    subprocess.run(
        [*mutmut, "run", "--max-children", str(arguments.children), *sample],
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    codes = mutant_names()
    counted: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    survivors: list[str] = []
    for name in sample:
        code = codes.get(name)
        if code in LEFT_OUT:
            continue
        module = name.split(".")[2]
        counted[module] += 1
        if code in KILLED:
            killed[module] += 1
        else:
            survivors.append(name)
    print(f"{'module':<14}{'sampled':>8}{'killed':>8}{'score':>8}")
    for module in sorted(counted):
        share = killed[module] / counted[module]
        print(f"{module:<14}{counted[module]:>8}{killed[module]:>8}{share:>8.0%}")
    total, all_killed = sum(counted.values()), sum(killed.values())
    if total == 0:
        print("no mutants sampled")
        return 1
    low, high = wilson(all_killed, total)
    share = all_killed / total
    print(
        f"\ncore: {all_killed} of {total} sampled mutants killed: {share:.1%}"
        f" (95% interval {low:.1%}-{high:.1%}) of {len(names)} mutants; goal {GOAL:.0%}"
    )
    print("not killed (mutmut show NAME):", *survivors, sep="\n  ")
    return 0 if share >= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
