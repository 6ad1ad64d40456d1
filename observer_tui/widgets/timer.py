"""The observation timer: elapsed and remaining, warning as the end nears, overtime after."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from observer_tui.core.timer import TimerState, clock_text


class ObservationTimer(Static):
    """Shows a TimerState; the screen sets `state` a few times a second."""

    DEFAULT_CSS = """
    ObservationTimer {
        width: auto;
        padding: 0 1;
        text-style: bold;
        background: $success-darken-2;
        color: $text;
    }
    ObservationTimer.-ending { background: $warning-darken-1; }
    ObservationTimer.-overtime { background: $error; }
    ObservationTimer.-paused { background: $panel; color: $text-muted; }
    """

    state: reactive[TimerState | None] = reactive(None)

    def watch_state(self, state: TimerState | None) -> None:
        if state is None:
            return
        self.set_class(state.ending_soon, "-ending")
        self.set_class(state.overtime, "-overtime")
        self.set_class(state.paused, "-paused")
        self.update(Text(timer_text(state)))


def timer_text(state: TimerState) -> str:
    """'04:12 · 10:48 left', '15:40 · +00:40 over', with 'paused' or 'ended' first."""
    if state.overtime:
        left = f"+{clock_text(-state.remaining)} over"
    else:
        left = f"{clock_text(state.remaining)} left"
    status = "⏸ paused · " if state.paused else "■ ended · " if state.ended else ""
    return f"{status}{clock_text(state.elapsed)} · {left}"
