"""A school's spreadsheet at scale: CSV rubric import of 10,000 and 100,000 rows.

Each size is imported twice: every row a look-for of one element (the case that was
quadratic: each look-for was checked against all the element's earlier ones), and ten
look-fors per element. Reported: the median time of `parse_csv_rubric` over `--runs`,
and the 100,000-row figure as a ratio to the 10,000-row one measured in the same run.

Goal: ten times the rows take at most 15x the time (linear, with room for noise), and
100,000 rows in one element import in 5 s or less.

Run: python bench/csv_import.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from observer_tui.core.csv_import import parse_csv_rubric

SIZES = (10_000, 100_000)
RATIO_GOAL = 15.0
SECONDS_GOAL = 5.0


def spreadsheet(rows: int, per_element: int) -> bytes:
    """A CSV of `rows` look-for rows, `per_element` of them to an element."""
    lines = ["domain,element_code,element_name,description,look_for"]
    for row in range(rows):
        element = row // per_element
        lines.append(f"Area {element % 7},E{element},Element {element},what it is,look for {row}")
    return ("\r\n".join(lines) + "\r\n").encode()


def timed(data: bytes, runs: int) -> float:
    """The median seconds of importing `data`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_csv_rubric(data, rubric_id="school", name="School")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3)
    runs = options.parse_args().runs
    met = True
    print(f"{'shape':<28}{'10,000 rows':>14}{'100,000 rows':>14}{'ratio':>9}  goal")
    for label, per_element in (("one element", SIZES[-1]), ("10 look-fors per element", 10)):
        small, large = (timed(spreadsheet(rows, per_element), runs) for rows in SIZES)
        ratio = large / small
        ok = ratio <= RATIO_GOAL and (per_element != SIZES[-1] or large <= SECONDS_GOAL)
        met = met and ok
        print(
            f"{label:<28}{small:>12.2f} s{large:>12.2f} s{ratio:>8.1f}x  "
            f"{'met' if ok else 'NOT MET'}"
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
