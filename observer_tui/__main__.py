"""`python -m observer_tui`: the command line, in observer_tui.cli."""

from __future__ import annotations

import sys

from observer_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
