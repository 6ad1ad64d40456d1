"""What the observation timer shows, and mm:ss. No pydantic here: the observation screen needs
these before the models load."""

from __future__ import annotations

from dataclasses import dataclass

ENDING_SOON_SECONDS = 120


@dataclass(frozen=True)
class TimerState:
    """What the timer shows."""

    elapsed: float
    """Seconds observed, pauses excluded."""
    planned: float
    """Seconds planned."""
    paused: bool
    ended: bool

    @property
    def remaining(self) -> float:
        """Seconds left; negative in overtime."""
        return self.planned - self.elapsed

    @property
    def ending_soon(self) -> bool:
        """The last two minutes (or the last fifth of a short drop-in)."""
        return 0 < self.remaining <= min(ENDING_SOON_SECONDS, self.planned / 5)

    @property
    def overtime(self) -> bool:
        return self.remaining <= 0


def clock_text(seconds: float) -> str:
    """mm:ss (or h:mm:ss past an hour) for a number of seconds."""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
