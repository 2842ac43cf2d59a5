"""Listening speeds: the range of rates, the presets, and what each means in words per minute and minutes."""

from __future__ import annotations

from dataclasses import dataclass

RATE_MIN = 0.5
RATE_MAX = 2.0
RATE_STEP = 0.05
"""Every rate from RATE_MIN to RATE_MAX in RATE_STEP steps: defined here once, published to the player by
`GET /v1/voices`, checked once by `SynthesisOptions` where a request enters."""
PRESETS: tuple[tuple[str, float], ...] = (("Slow", 0.75), ("Average", 1.0), ("Fast", 1.25), ("2x", 2.0))


@dataclass(frozen=True)
class Speed:
    label: str
    rate: float
    wpm: float
    seconds: float
    """Listening time of the whole narration at this rate."""

    def describe(self) -> str:
        """`1.25x · 231 WPM · 3 min 12 s`"""
        return f"{self.rate:g}x · {round(self.wpm)} WPM · {format_duration(self.seconds)}"


def speeds(base_wpm: float, duration_at_1x_s: float) -> list[Speed]:
    """Each preset for a narration whose 1x reading is `base_wpm` and lasts `duration_at_1x_s`."""
    return [Speed(label, rate, base_wpm * rate, duration_at_1x_s / rate) for label, rate in PRESETS]


def format_duration(seconds: float) -> str:
    total = int(round(seconds))
    minutes, secs = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"
