"""Article text is untrusted: segmentation and normalization stay linear on pathological input."""

from __future__ import annotations

import time

import pytest

from hark.models import Article, Block, count_words
from hark.script import build_script
from tests.support import cpu_seconds

N = 20_000  # large enough that a run takes milliseconds, not timer noise

PATHOLOGICAL = {
    "initials": "a.",
    "initials spaced": "a. ",
    "digits": "1",
    "dollars": "$",
    "dots": ".",
    "hyphens": "a-",
    "number hyphens": "1-",
    "separators": "1,",
    "titles": "Dr. ",
    "dotted acronym": "U.S.",
    "money": "$1",
    "long word": "x",
    "decimals": "1.",
    "at signs": "a@",
    "hosts": "www.",
    "slashes": "9/",
    "dashes": "—a",
    "marks": "e\u0301",
    "numbers": "1 ",
    "words": "word ",
    "names": "Xi ",
    "codes": "A1",
    "brackets": "(",
    "quotes": "'",
}


def _elapsed(text: str) -> float:
    article = Article(title="", body=(Block("paragraph", text),))
    return cpu_seconds(lambda: build_script(article))


@pytest.mark.parametrize("unit", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_scaling_is_linear(unit: str) -> None:
    small = _elapsed(unit * N)
    large = _elapsed(unit * 4 * N)
    assert large / max(small, 1e-3) < 9.0


def test_200k_word_article() -> None:
    paragraph = (
        "Dr. Smith said on Jan 5 that the U.S. economy grew 2.5% to $5bn in 2020-21, while Xi Jinping's "
        "G7 talks at 3.30pm — with Nato and the WHO — ran 52-48. "
    )
    block = paragraph * 20
    body = tuple(Block("paragraph", block) for _ in range(200_000 // count_words(block) + 1))
    article = Article(title="Long", body=body)
    start = time.perf_counter()
    script = build_script(article)
    elapsed = time.perf_counter() - start
    assert script.words >= 200_000
    assert elapsed < 60
