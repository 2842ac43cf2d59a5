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
