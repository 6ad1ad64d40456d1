"""observer-tui: keyboard-first lesson drop-ins for instructional coaches."""

__version__ = "0.1.0"
