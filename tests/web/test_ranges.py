"""Single-range parsing for the hot audio path; everything else falls back to Starlette."""

from __future__ import annotations

import pytest

from hark.web.ranges import single_range


@pytest.mark.parametrize("header,expected", [
    ("bytes=0-99", (0, 99)),
    ("bytes=100-", (100, 999)),
    ("bytes=-100", (900, 999)),
    ("bytes=-5000", (0, 999)),
    ("bytes=990-5000", (990, 999)),
    (" bytes = 5 - 9 ", (5, 9)),
    ("bytes=1000-", None),
    ("bytes=9-5", None),
    ("bytes=-0", None),
    ("bytes=-", None),
    ("bytes=0-1,5-9", None),
    ("items=0-9", None),
    ("", None),
    (None, None),
])
def test_single_range(header, expected):  # type: ignore[no-untyped-def]
    assert single_range(header, 1000) == expected


@pytest.mark.parametrize("header,expected", [
    ("bytes=1000-", True), ("bytes=1000-1099", True), ("bytes=5000-6000", True),
    ("bytes=999-", False), ("bytes=0-99", False), ("bytes=-5000", False), ("bytes=1200-1100", False),
    ("bytes=0-1,2000-3000", False), ("items=2000-", False), (None, False),
])
def test_past_the_end(header, expected):  # type: ignore[no-untyped-def]
    from hark.web.ranges import past_the_end

    assert past_the_end(header, 1000) is expected
