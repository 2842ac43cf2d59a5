"""Table-driven normalization: each input with everything said for it, grouped by category."""

from __future__ import annotations

import pytest

from tests.script.cases import CASES
from tests.script.helpers import said

PARAMS = [pytest.param(text, expected, id=f"{category}:{text}") for category, rows in CASES.items() for text, expected in rows]


@pytest.mark.parametrize(("text", "expected"), PARAMS)
def test_said(text: str, expected: str) -> None:
    assert said(text) == expected


def test_enough_cases() -> None:
    assert len(PARAMS) >= 200
