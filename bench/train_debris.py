"""Trains the plain-text debris model on ../shared/bench/scraped/ and reports 5-fold CV by page.

    PYTHONPATH=$PWD/src /work/main/.venv/bin/python bench/train_debris.py [DIR] [--cv] [--write]
        [--thresholds 0.3 0.4 0.5] [--threshold T] [--extra bench/data/extraction]

--extra adds pages rendered by bench/render_extraction.py as training pages only: CV still scores only the
DEV pages' held-out folds (each fold trains on the other DEV folds plus every extra page).

Gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier): mixed-scale features need no
scaling, training takes seconds, and shallow trees export to a small JSON that NumPy evaluates without
scikit-learn at run time. Two stages (the second sees the first's verdicts on the neighbours) and a debris
vocabulary (log-odds of tokens and whole lines, counted on the training pages only and fed to the trees
out-of-fold, so the trees learn how far to trust it on pages it was not counted on).
Labels: a line is article text when its normalised text occurs in NAME.expected.txt (or is the title), or
most of its word 4-grams do (OVERLAP). The model sees each line as it would be read (text.clean_unit).
Fixed seeds and page order: the same data gives the same model.
"""

from __future__ import annotations

import os

# One thread: the trees come out the same on any machine, and on a shared 2-core box OpenMP threads only
# wait on each other.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import importlib.util
import json
import math
import pathlib
import re
import sys
from collections import Counter
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from hark.article import classify, features, headline
from hark.article import model as debris_model
from hark.article import text as text_path
from hark.errors import NoArticleError

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "scraped"
PARAMS = dict(
    max_iter=250, learning_rate=0.08, max_leaf_nodes=24, max_depth=5, min_samples_leaf=20, l2_regularization=1.0,
    early_stopping=False, random_state=0,
)
SHIPPED_THRESHOLD = 0.3
"""The threshold the shipped model carries (the best in CV): `--cv` and `--write` use it unless told otherwise."""
MIN_PAGES = 3
"""A token or line joins the vocabulary only when it occurs on this many training pages: what one site
says about itself is not evidence about the next site."""
PER_PAGE_CAP = 5
"""Lines a page counts for one token: a site's 80 menu items do not outvote the other pages."""
INNER = 3
HEADLINE_PARAMS = dict(max_iter=100, learning_rate=0.1, max_depth=3, min_samples_leaf=20, early_stopping=False,
                       random_state=0)
"""Small trees for the headline picker: a few hundred pages give one positive each."""
HEADLINE_SHARE = 0.6
OVERLAP = 0.6
"""Share of a long line's word 4-grams found in the truth that makes it article text: the truth was annotated
from another rendering of the page, so a paragraph can differ in a quote mark, a link's text or spacing and
still be the article's (exact matching alone called ~600 article paragraphs debris and taught the model so)."""


def _scorer(directory: pathlib.Path):
    spec = importlib.util.spec_from_file_location("score", directory / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(directory: pathlib.Path) -> list[pathlib.Path]:
    return sorted(
        p for p in directory.glob("*.txt")
        if not p.name.endswith((".expected.txt", ".debris.txt")) and p.with_suffix(".expected.txt").exists()
    )


class Page:
    def __init__(self, path: pathlib.Path, score, extra: bool = False) -> None:
        self.path = path
        self.raw = path.read_text(encoding="utf-8")
        units, after_blank = text_path.split_marked(self.raw)
        want = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
        meta = path.with_suffix(".json")
        title = json.loads(meta.read_text(encoding="utf-8")).get("title") or "" if meta.exists() else ""
        want_n, title_n = score.norm(want), score.norm(title)
        self.labels = np.asarray(
            [int(score.occurs(score.norm(u), want_n) or bool(title_n and score.norm(u) == title_n)
                 or _overlap(u, want_n, score) >= OVERLAP) for u in units]
        )
        self.lines = features.page_lines([text_path.clean_unit(u) for u in units], after_blank)
        self.units = units
        self.is_title = np.asarray([_is_title(score.norm(text_path.clean_unit(u)), title_n) for u in units])
        if extra and self.labels.any():
            # The extra pages' truth leaves out the standfirst: prose just above the body is not taught as
            # debris, or the model learns to drop a page's lead paragraph.
            first = int(np.argmax(self.labels))
            for i in range(max(0, first - 3), first):
                if len(units[i].split()) >= 12 and classify.ends_sentence(units[i]):
                    self.labels[i] = 1
        self.want = title + "\n" + want if title and title_n not in want_n else want
        dfile = path.with_suffix(".debris.txt")
        self.debris = [l.strip() for l in dfile.read_text(encoding="utf-8").splitlines() if l.strip()] if dfile.exists() else []


def _is_title(line_n: str, title_n: str) -> bool:
    """The page's headline: its title, or most of it (a site name added or dropped: "X | Site")."""
    if not line_n or not title_n:
        return False
    short, long = sorted((line_n, title_n), key=len)
    return line_n == title_n or (short in long and len(short) >= HEADLINE_SHARE * len(long))


def _overlap(line: str, want_n: str, score) -> float:
    """Share of a line's word 4-grams found in the truth (0 for lines under 8 words, which must match
    whole)."""
    toks = score.norm(line).split()
    if len(toks) < 8:
        return 0.0
    grams = [" ".join(toks[i:i + 4]) for i in range(len(toks) - 3)]
    return sum(g in want_n for g in grams) / len(grams)


def vocabulary(train: list[Page]) -> tuple[dict[str, float], dict[str, float]]:
    """Log-odds of article text for tokens and whole lines seen on at least MIN_PAGES training pages."""
    def table(items_of) -> dict[str, float]:
        art, deb, df = Counter(), Counter(), Counter()
        for page in train:
            a, d = Counter(), Counter()
            for items, label in zip(items_of(page), page.labels):
                (a if label else d).update(items)
            df.update(set(a) | set(d))
            art.update({k: min(v, PER_PAGE_CAP) for k, v in a.items()})
            deb.update({k: min(v, PER_PAGE_CAP) for k, v in d.items()})
        prior = math.log((sum(art.values()) + 1) / (sum(deb.values()) + 1))
        out = {}
        for k, n in df.items():
            if n >= MIN_PAGES:
                w = round(math.log((art[k] + 1) / (deb[k] + 1)) - prior, 2)
                if abs(w) >= 0.1:
                    out[k] = w
        return out

    tokens = table(lambda p: [set(t) for t in p.lines.tokens])
    whole = table(lambda p: [[k] for k in p.lines.keys])
    return tokens, whole


def _inner_folds(train: list[Page]):
    groups = np.arange(len(train))
    return list(GroupKFold(INNER).split(groups, groups, groups))


def _hgb(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=w)


def _export(clf: HistGradientBoostingClassifier) -> dict[str, Any]:
    trees = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": np.where(leaf, -1, nodes["feature_idx"].astype(np.int64)).tolist(),
            "threshold": [float(t) if not l else 0.0 for t, l in zip(nodes["num_threshold"], leaf)],
            "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
            "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
            "value": [round(float(v), 5) if l else 0.0 for v, l in zip(nodes["value"], leaf)],
        })
    return {"base": float(np.ravel(clf._baseline_prediction)[0]), "trees": trees}


EXTRA_WEIGHT = 0.5
"""Weight of an extra page's lines: their truth was matched across renderings, so it is noisier."""


def train(dev: list[Page], threshold: float = debris_model.THRESHOLD, extra: list[Page] = ()) -> dict[str, Any]:
    """The model from the DEV pages and any extra pages. Only DEV pages count towards the vocabulary: the
    extra pages' sites (and their truth, matched across renderings) would teach it their own words."""
    train = list(dev) + list(extra)
    is_dev = [i < len(dev) for i in range(len(train))]
    folds = _inner_folds(train)
    vocab_oof: list[np.ndarray | None] = [None] * len(train)
    for inner_train, inner_test in folds:
        tokens, whole = vocabulary([train[i] for i in inner_train if is_dev[i]])
        for i in inner_test:
            vocab_oof[i] = features.vocabulary_features(train[i].lines, tokens, whole)
    x1 = [features.context_features(p.lines, v) for p, v in zip(train, vocab_oof)]
    ys = [p.labels for p in train]
    ws = [np.full(len(p.labels), 1.0 if d else EXTRA_WEIGHT) for p, d in zip(train, is_dev)]
    y, w = np.concatenate(ys), np.concatenate(ws)
    first = _hgb(np.vstack(x1), y, w)
    p_oof: list[np.ndarray | None] = [None] * len(train)
    for inner_train, inner_test in folds:
        clf = _hgb(np.vstack([x1[i] for i in inner_train]), np.concatenate([ys[i] for i in inner_train]),
                   np.concatenate([ws[i] for i in inner_train]))
        for i in inner_test:
            p_oof[i] = clf.predict_proba(x1[i])[:, 1]
    x2 = [features.stage_two_features(x, p, page.lines.own[:, features.WORDS]) for x, p, page in zip(x1, p_oof, train)]
    second = _hgb(np.vstack(x2), y, w)
    # The headline picker learns from the verdicts the model gives on pages it was not trained on.
    p2_oof: list[np.ndarray | None] = [None] * len(train)
    for inner_train, inner_test in folds:
        clf = _hgb(np.vstack([x2[i] for i in inner_train]), np.concatenate([ys[i] for i in inner_train]),
                   np.concatenate([ws[i] for i in inner_train]))
        for i in inner_test:
            p2_oof[i] = clf.predict_proba(x2[i])[:, 1]
    headline_x, headline_y = [], []
    for page, p, d in zip(train, p2_oof, is_dev):
        found = _headline_rows(page, p, threshold) if d else None
        if found is not None:
            headline_x.append(found[0])
            headline_y.append(found[1])
    picker = HistGradientBoostingClassifier(**HEADLINE_PARAMS).fit(np.vstack(headline_x), np.concatenate(headline_y))
    tokens, whole = vocabulary(list(dev))
    data = {"first": _export(first), "second": _export(second), "tokens": tokens, "whole": whole,
            "threshold": threshold, "headline": _export(picker)}
    _check(data, first, second, train[0], tokens, whole)
    return data


def _headline_rows(page: Page, chance: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The page's headline candidates as the picker sees them, labelled by the page's title."""
    try:
        j = text_path.judge(page.units, chance.tolist(), threshold)
    except NoArticleError:
        return None
    found = headline.candidates(j.units, j.prose)
    if not found:
        return None
    rows = headline.rows(j.units, j.ruled, j.debris, j.chance, j.prose, found, text_path.rule_title(j))
    return rows, page.is_title[found].astype(int)


def _check(data, first, second, page: Page, tokens, whole) -> None:
    m = debris_model.load(data)
    x = features.context_features(page.lines, features.vocabulary_features(page.lines, tokens, whole))
    got = debris_model._sigmoid(m.first.raw(x))
    want = first.predict_proba(x)[:, 1]
    assert np.allclose(got, want, atol=1e-3), "exported trees disagree with scikit-learn"


_CATEGORIES = (
    ("privacy / cookies / legal", r"privacy|cookie|consent|terms|rights reserved|copyright|©|disclosure|policy"),
    ("newsletter / subscribe", r"newsletter|subscri|sign up|inbox|e-?mail|register|log ?in|sign in|account"),
    ("share / social / follow", r"share|facebook|twitter|tweet|whatsapp|linkedin|pinterest|follow|instagram|youtube"),
    ("caption / photo credit", r"photo|image|credit|getty|reuters|\bap\b|illustration|picture|shutterstock|/"),
    ("byline / author / date", r"\bby\b|author|published|updated|posted|\b\d{4}\b|min read|reading time|editor|writer|reporter"),
    ("related / read more", r"related|read more|read next|recommended|popular|trending|also|more from|latest|stories|see more"),
    ("ads / promo", r"advert|sponsor|promo|offer|deal|\bad\b|partner|affiliate|commission|buy|shop"),
    ("comments", r"comment|repl|discussion"),
)


def category(phrase: str) -> str:
    low = phrase.lower()
    for name, pattern in _CATEGORIES:
        if re.search(pattern, low):
            return name
    return "navigation / menu" if len(low.split()) <= 4 else "other"


def evaluate(test: list[Page], score, mode: str, m=None, threshold: float | None = None):
    rows, kept = [], Counter()
    for page in test:
        if mode == "raw":
            got = page.raw
        else:
            try:
                got = text_path.render(text_path.extract_text(
                    page.raw, model=m if mode == "model" else False, threshold=threshold))
            except NoArticleError:
                got = ""
        p, r, f = score.prf(got, page.want)
        got_n = score.norm(got)
        found = [d for d in page.debris if score.occurs(score.norm(d), got_n)]
        kept.update(category(d) for d in found)
        rows.append((p, r, f, len(found), len(page.debris)))
    return rows, kept


def _line(label: str, rows) -> str:
    a = np.asarray(rows, dtype=float)
    k, d = a[:, 3].sum(), a[:, 4].sum()
    return f"{label:<16} {a[:, 0].mean():6.3f} {a[:, 1].mean():6.3f} {a[:, 2].mean():6.3f} {int(k):>5}/{int(d):<5} {k / d:6.1%}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", type=pathlib.Path, default=DEFAULT)
    ap.add_argument("--cv", action="store_true", help="5-fold cross-validation grouped by page")
    ap.add_argument("--write", action="store_true", help="train on all pages and ship the model")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[SHIPPED_THRESHOLD],
                    help="model thresholds to compare in CV")
    ap.add_argument("--penalties", type=float, nargs="+", default=[text_path.ISLAND_PENALTY],
                    help="island penalties to compare in CV (0: keep kept lines far from the article)")
    ap.add_argument("--threshold", type=float, default=SHIPPED_THRESHOLD, help="the threshold shipped with --write")
    ap.add_argument("--extra", type=pathlib.Path, nargs="*", default=[],
                    help="directories of extra training pages (never scored)")
    a = ap.parse_args()
    score = _scorer(a.dir)
    corpus = [Page(p, score) for p in pages(a.dir)]
    extra = [Page(p, score, extra=True) for d in a.extra for p in pages(d)]
    extra = [p for p in extra if 0 < p.labels.mean() < 1]
    y = np.concatenate([p.labels for p in corpus])
    print(f"{len(corpus)} pages, {len(y)} lines, {y.mean():.1%} article")
    if extra:
        ye = np.concatenate([p.labels for p in extra])
        print(f"extra training: {len(extra)} pages, {len(ye)} lines, {ye.mean():.1%} article")
    if a.cv:
        modes = ["keep-all", "rules"] + [f"model@{t:g}/{q:g}" for q in a.penalties for t in a.thresholds]
        rows: dict[str, list] = {m: [] for m in modes}
        kept: dict[str, Counter] = {m: Counter() for m in modes}
        groups = np.arange(len(corpus))
        print(f"{'fold method':<16} {'P':>6} {'R':>6} {'F1':>6} {'debris kept':>13}")
        for k, (tr, te) in enumerate(GroupKFold(5).split(groups, groups, groups)):
            # The headline picker learns from verdicts at the threshold it is scored at (the first one).
            m = debris_model.load(train([corpus[i] for i in tr], a.thresholds[0], extra=extra))
            test = [corpus[i] for i in te]
            for mode in modes:
                kind = {"keep-all": "raw", "rules": "rules"}.get(mode, "model")
                t = float(mode.split("@")[1].split("/")[0]) if "@" in mode else None
                text_path.ISLAND_PENALTY = float(mode.split("/")[1]) if "/" in mode else 0.0
                got, found = evaluate(test, score, kind, m, t)
                rows[mode] += got
                kept[mode] += found
                print(_line(f"{k} {mode}", got), flush=True)
        print("5-fold CV over all pages (means over pages; never scored on a page trained on):")
        for mode in modes:
            print(_line(f"all {mode}", rows[mode]))
        best = max(modes[2:], key=lambda m: np.mean([r[2] for r in rows[m]]))
        print(f"\ndebris still kept by category ({best}; of all kept by rules alone):")
        for name in sorted(set(kept["rules"]) | set(kept[best]), key=lambda c: -kept[best][c]):
            print(f"  {name:<28} {kept[best][name]:>4}   (rules {kept['rules'][name]})")
    if a.write:
        out = HERE.parent / "src" / "hark" / "article" / "data" / "debris_model.json"
        out.write_text(json.dumps(train(corpus, a.threshold, extra), separators=(",", ":")), encoding="utf-8")
        print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    sys.exit(main())
