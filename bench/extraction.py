"""Benchmark: Hark's HTML extraction beside plain trafilatura (and readability-lxml) on word 4-grams.

Usage: .venv/bin/python bench/extraction.py [--json OUT] [--only hark] [--bootstrap 1000]

Data: the ScrapingHub article-extraction-benchmark copy in ../shared/bench/extraction/
(override with HARK_BENCH_EXTRACTION_DIR). The metric is the one its README describes;
the scorer below is our own code.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

_TOKEN = re.compile(r"\w+")


def data_dir() -> Path:
    override = os.environ.get("HARK_BENCH_EXTRACTION_DIR")
    if override:
        return Path(override)
    return ROOT.parent / "shared" / "bench" / "extraction"


# --- metric (README "Metric", steps 1-6) -------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(toks: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass
class PageScore:
    precision: float | None
    """None when the extractor returned no text (costs recall only)."""
    recall: float
    exact: bool


def score_page(truth: str, extracted: str) -> PageScore:
    t_toks, e_toks = tokens(truth), tokens(extracted)
    t, e = shingles(t_toks), shingles(e_toks)
    tp = sum((t & e).values())
    fp = sum(e.values()) - tp
    fn = sum(t.values()) - tp
    precision = tp / (tp + fp) if e else None
    recall = tp / (tp + fn) if (tp + fn) else 1.0
    return PageScore(precision, recall, t_toks == e_toks)


@dataclass
class Summary:
    precision: float
    recall: float
    f1: float
    accuracy: float


def summarize(scores: list[PageScore]) -> Summary:
    with_text = [s.precision for s in scores if s.precision is not None]
    p = sum(with_text) / len(with_text) if with_text else 0.0
    r = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return Summary(p, r, f1, acc)


def bootstrap_f1_std(scores: list[PageScore], rounds: int, seed: int = 7) -> float:
    if rounds <= 0 or not scores:
        return 0.0
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        sample = [scores[rng.randrange(len(scores))] for _ in scores]
        values.append(summarize(sample).f1)
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


# --- extractors ---------------------------------------------------------------------------------


def hark_extract(html: str, url: str) -> str:
    from hark.article import extract_article
    from hark.errors import HarkError
    from hark.models import Page

    try:
        article = extract_article(Page(content=html, kind="html", url=url))
    except HarkError:
        return ""
    return "\n".join(article.paragraphs)


def trafilatura_extract(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def readability_extract(html: str, url: str) -> str:
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content()
    except Exception:  # readability raises bare Unpaper/ParserError on odd pages
        return ""


def available_extractors() -> dict[str, Callable[[str, str], str]]:
    found: dict[str, Callable[[str, str], str]] = {"hark": hark_extract, "trafilatura": trafilatura_extract}
    try:
        import readability  # noqa: F401

        found["readability"] = readability_extract
    except ImportError:
        pass
    return found


# --- run ----------------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    scores: list[PageScore] = field(default_factory=list)
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)


def load_pages(folder: Path) -> list[tuple[str, str, str, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
        pages.append((page_id, html, truth[page_id]["articleBody"], truth[page_id].get("url", "")))
    return pages


def run_all(pages: list[tuple[str, str, str, str]], names: list[str]) -> list[Run]:
    extractors = available_extractors()
    runs = [Run(name) for name in names if name in extractors]
    for run in runs:  # warm up (imports, language model) so the first timed page does not pay for it
        extractors[run.name](pages[0][1], pages[0][3])
    for page_id, html, truth, url in pages:
        for run in runs:
            start = time.perf_counter()
            text = extractors[run.name](html, url)
            run.seconds += time.perf_counter() - start
            run.outputs[page_id] = text
            run.scores.append(score_page(truth, text))
    return runs


def print_table(runs: list[Run], pages: int, rounds: int) -> None:
    header = f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'±F1':>6} {'accuracy':>8} {'pages/s':>8}"
    print(f"{pages} pages, word 4-gram shingles (bench/extraction.py)")
    print(header)
    print("-" * len(header))
    for run in runs:
        s = summarize(run.scores)
        std = bootstrap_f1_std(run.scores, rounds)
        speed = pages / run.seconds if run.seconds else 0.0
        print(
            f"{run.name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {std:>6.3f} {s.accuracy:>8.3f} {speed:>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this extractor (repeatable)")
    parser.add_argument("--json", type=Path, help="write per-page outputs and scores here")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for ±F1")
    args = parser.parse_args()
    pages = load_pages(data_dir())
    names = args.only or ["hark", "trafilatura", "readability"]
    runs = run_all(pages, names)
    print_table(runs, len(pages), args.bootstrap)
    if args.json:
        dump = {
            run.name: {
                page_id: {"precision": sc.precision, "recall": sc.recall, "text": run.outputs[page_id]}
                for (page_id, *_), sc in zip(pages, run.scores)
            }
            for run in runs
        }
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
