"""The text classifier runs in linear time on untrusted input (no backtracking blow-ups)."""

from __future__ import annotations


from hark.article.text import extract_text
from tests.support import cpu_seconds

_LINES = (
    "The council said the river rose faster than expected on Tuesday night, officials said.",
    "Advertisement",
    "Share",
    "By Jane Doe" + " and Someone" * 3,
    "a" * 300 + ":" + "1" * 50,
    "Read more: " + "word " * 40,
    "Photograph: " + "x/" * 60,
)


def _elapsed(n: int) -> float:
    text = "Headline of the page for the test\n" + "\n".join(f"{i} " + _LINES[i % len(_LINES)] for i in range(n))
    return cpu_seconds(lambda: extract_text(text))


def test_scaling_is_linear() -> None:
    small, large = _elapsed(2_000), _elapsed(8_000)
    assert large / max(small, 1e-3) < 9.0
