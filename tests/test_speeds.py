"""Speeds: presets as WPM and listening time, from measured figures."""

from hark.speeds import format_duration, speeds


def test_presets_scale_wpm_and_time() -> None:
    table = {s.label: s for s in speeds(base_wpm=184.8, duration_at_1x_s=240)}
    assert table["Fast"].describe() == "1.25x · 231 WPM · 3 min 12 s"
    assert table["Slow"].wpm == 184.8 * 0.75 and table["Slow"].seconds == 320
    assert table["2x"].seconds == 120


def test_format_duration() -> None:
    assert format_duration(59.6) == "1 min 0 s"
    assert format_duration(7) == "7 s"
    assert format_duration(3725) == "1 h 2 min"
