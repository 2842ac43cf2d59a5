"""Plain-text path speed: pages/s in one process over the scraped corpus, and `hark extract` start-up.

    PYTHONPATH=$PWD/src /work/main/.venv/bin/python bench/text_speed.py [DIR] [HARK]

Prints the model path beside the rules alone (the reference; target >= 20 pages/s with the model), and CLI
start-up beside `python -c pass`, importing trafilatura and importing numpy (target <= 0.5 s).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import time

from hark.article.text import extract_text
from hark.errors import NoArticleError

DEFAULT = pathlib.Path(__file__).resolve().parents[2] / "shared" / "bench" / "scraped"


def _rate(texts: list[str], model) -> float:
    start = time.perf_counter()
    for text in texts:
        try:
            extract_text(text, model=model)
        except NoArticleError:
            pass
    return len(texts) / (time.perf_counter() - start)


def _startup(argv: list[str], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    directory = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    hark = sys.argv[2] if len(sys.argv) > 2 else "/work/main/.venv/bin/hark"
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))
        if not p.name.endswith((".expected.txt", ".debris.txt"))
    ]
    extract_text(texts[0])  # the model file is read once, on first use
    print(f"{'path':<24} {'pages/s':>8}")
    print(f"{'rules alone':<24} {_rate(texts, False):8.1f}")
    print(f"{'rules + model':<24} {_rate(texts, None):8.1f}")
    short = pathlib.Path(__file__).resolve().parents[1] / "tests" / "article" / "pages" / "wire.txt"
    print(f"{'start-up':<24} {'best of 5 s':>8}")
    bare = _startup([sys.executable, "-c", "pass"])
    print(f"{'python -c pass':<24} {bare:8.3f}")
    print(f"{'import trafilatura':<24} {_startup([sys.executable, '-c', 'import trafilatura']):8.3f}")
    print(f"{'import numpy':<24} {_startup([sys.executable, '-c', 'import numpy']):8.3f}")
    print(f"{'hark extract (short)':<24} {_startup([hark, 'extract', str(short)]):8.3f}  (target <= 0.5 s)")


if __name__ == "__main__":
    main()
