"""Trains the plain-text debris model on ../shared/bench/scraped/ and reports 5-fold CV by page.

    PYTHONPATH=$PWD/src /work/main/.venv/bin/python bench/train_debris.py [DIR] [--cv] [--write]

Gradient-boosted trees (scikit-learn): mixed-scale features with thresholds, no scaling needed, and
shallow trees export to a small JSON that NumPy evaluates without scikit-learn at run time.
Labels: a line is article text when its normalised text occurs in NAME.expected.txt (or the title).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import sys

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from hark.article import model as debris_model
from hark.article import text as text_path
from hark.article.features import line_features
from hark.errors import NoArticleError

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "scraped"
PARAMS = dict(n_estimators=120, max_depth=3, learning_rate=0.1, subsample=0.8, random_state=0)


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


def page_rows(page: pathlib.Path, score) -> tuple[list[list[float]], list[int]]:
    units = text_path.split_units(page.read_text(encoding="utf-8"))
    want = score.norm(page.with_suffix(".expected.txt").read_text(encoding="utf-8"))
    meta = page.with_suffix(".json")
    title = score.norm(json.loads(meta.read_text(encoding="utf-8")).get("title") or "") if meta.exists() else ""
    labels = [int(score.occurs(score.norm(u), want) or (title and score.norm(u) == title)) for u in units]
    return line_features(units), labels


def fit(x, y) -> dict:
    clf = GradientBoostingClassifier(**PARAMS).fit(x, y)
    prior = y.mean()
    trees = []
    for (estimator,) in clf.estimators_:
        t = estimator.tree_
        trees.append({
            "feature": t.feature.tolist(), "threshold": t.threshold.tolist(),
            "left": t.children_left.tolist(), "right": t.children_right.tolist(),
            "value": t.value[:, 0, 0].tolist(),
        })
    data = {"init": float(np.log(prior / (1 - prior))), "rate": PARAMS["learning_rate"], "trees": trees}
    check = debris_model.load(data)
    got = np.asarray(_raw(x[:200], check))
    want = clf.predict_proba(x[:200])[:, 1]
    assert np.allclose(got, want, atol=1e-6), "exported trees disagree with scikit-learn"
    return data


def _raw(x, m):
    init, rate, trees = m
    score = np.full(len(x), init)
    rows = np.arange(len(x))
    for feature, threshold, left, right, value in trees:
        node = np.zeros(len(x), dtype=np.int64)
        while (left[node] >= 0).any():
            inner = left[node] >= 0
            go_left = x[rows, np.maximum(feature[node], 0)] <= threshold[node]
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        score += rate * value[node]
    return 1 / (1 + np.exp(-score))


def score_pages(test_pages, score, mode, m=None, threshold=0.5):
    rows = []
    for page in test_pages:
        want = page.with_suffix(".expected.txt").read_text(encoding="utf-8")
        meta = page.with_suffix(".json")
        title = json.loads(meta.read_text(encoding="utf-8")).get("title") or "" if meta.exists() else ""
        if title and score.norm(title) not in score.norm(want):
            want = title + "\n" + want
        debris = [l.strip() for l in page.with_suffix(".debris.txt").read_text(encoding="utf-8").splitlines() if l.strip()]
        raw = page.read_text(encoding="utf-8")
        if mode == "raw":
            got = raw
        else:
            try:
                got = text_path.render(text_path.extract_text(raw, model=m if mode == "model" else False, threshold=threshold))
            except NoArticleError:
                got = ""
        p, r, f = score.prf(got, want)
        got_n = score.norm(got)
        rows.append((p, r, f, sum(score.occurs(score.norm(d), got_n) for d in debris), len(debris)))
    a = np.asarray(rows, dtype=float)
    return a[:, 0].mean(), a[:, 1].mean(), a[:, 2].mean(), a[:, 3].sum(), a[:, 4].sum()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", type=pathlib.Path, default=DEFAULT)
    ap.add_argument("--cv", action="store_true", help="5-fold cross-validation grouped by page")
    ap.add_argument("--write", action="store_true", help="train on all pages and ship the model")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5], help="model thresholds to compare in CV")
    a = ap.parse_args()
    score = _scorer(a.dir)
    all_pages = pages(a.dir)
    per_page = [page_rows(p, score) for p in all_pages]
    x = np.asarray([r for rows, _ in per_page for r in rows], dtype=np.float64)
    y = np.asarray([l for _, labels in per_page for l in labels])
    groups = np.asarray([i for i, (rows, _) in enumerate(per_page) for _ in rows])
    print(f"{len(all_pages)} pages, {len(y)} lines, {y.mean():.1%} article")
    if a.cv:
        print(f"{'fold':>4} {'method':<10} {'P':>6} {'R':>6} {'F1':>6} {'debris kept':>14}")
        modes = ["keep-all", "rules"] + [f"model@{t:g}" for t in a.thresholds]
        totals = {m: [] for m in modes}
        for k, (train, test) in enumerate(GroupKFold(5).split(x, y, groups)):
            m = debris_model.load(fit(x[train], y[train]))
            test_pages = [all_pages[i] for i in sorted(set(groups[test]))]
            for mode in totals:
                kind = {"keep-all": "raw", "rules": "rules"}.get(mode, "model")
                t = float(mode.split("@")[1]) if "@" in mode else 0.5
                P, R, F, K, D = score_pages(test_pages, score, kind, m, t)
                totals[mode].append((P, R, F, K, D))
                print(f"{k:>4} {mode:<10} {P:6.3f} {R:6.3f} {F:6.3f} {int(K):>5}/{int(D):<4} {K / D:5.1%}")
        for mode, rows in totals.items():
            r = np.asarray(rows)
            print(f"mean {mode:<10} {r[:, 0].mean():6.3f} {r[:, 1].mean():6.3f} {r[:, 2].mean():6.3f} "
                  f"{int(r[:, 3].sum()):>5}/{int(r[:, 4].sum()):<4} {r[:, 3].sum() / r[:, 4].sum():5.1%}")
    if a.write:
        out = HERE.parent / "src" / "hark" / "article" / "data" / "debris_model.json"
        out.write_text(json.dumps(fit(x, y), separators=(",", ":")), encoding="utf-8")
        print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    sys.exit(main())
