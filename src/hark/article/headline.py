"""Which line of a scraped text page is the article's headline.

On a scraped page the headline is one short line among many: breadcrumbs, the site's name, menu
entries, the previous article's title, subheads. Which one it is shows in how it relates to the
article the model found: it stands a few lines above the body, shares its words, and the page
often repeats it (breadcrumb, share text). (Title case is left out on purpose: the training pages are
mostly American blogs, and a British paper's sentence-case headline must look as much like one.) A small learned model (trained with
the debris model in bench/train_debris.py, on the pages' own titles) weighs those signs.
"""

from __future__ import annotations

import re

import numpy as np

from hark.article import classify
from hark.article import model as debris_model

ABOVE = 30
"""Lines above the start of the body where the headline may stand (standfirst, byline, date, share bar, and
an opening the model doubted)."""
BELOW = 14
"""Lines below it (a promo line the model kept above the article)."""
MAX_WORDS = 30
CUT = 0.05
"""Below this probability the picker is unsure, and the rules' choice (text._pick_title) stands."""

STANDFIRST_WORDS = 14
STANDFIRST_RATIO = 0.05
"""A long pick with a shorter candidate directly above it that is at least this likely gives way to it
(news standfirsts often end without a full stop, and look like a long headline)."""

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SEPARATORS = re.compile(r"\s[|>»›·/–—-]\s|\s?[>»›]\s?")
_BODY_WORDS = 300
"""How much of the body a candidate's words are looked for in."""

FEATURES = (
    "lines to body", "candidates between", "words", "question or exclamation", "ui words",
    "model p", "model p after", "copies later", "separators", "words above body", "body share above",
    "words in body", "first line", "digits", "letters",
    "dropped by the rules", "words before", "words after", "the rules' pick",
)


def candidates(units: list[str], prose: list[int]) -> list[int]:
    """Lines that could be the headline: near the body's start, short, not ending a sentence, not debris
    by their own look. (A line the rules dropped for its place, as a second copy or in a link list after
    "Topics", may still be the headline.)"""
    if not prose:
        return []
    anchor = prose[0]
    out = []
    for i in range(max(0, anchor - ABOVE), min(len(units), anchor + BELOW)):
        unit = units[i].rstrip()
        words = unit.split()
        # A quote that ends a sentence ('... added. "Nobody knew."') is a sentence too.
        ends = unit.rstrip("\"”’'»)").endswith((".", ";", ":", ","))
        if classify.is_debris(unit) or not 1 <= len(words) <= MAX_WORDS or ends:
            continue
        if sum(classify.is_ui(w) for w in words) * 2 >= len(words):
            continue  # "Home News Sport Share": a navigation bar flattened into one line
        out.append(i)
    return out


def rows(
    units: list[str], ruled: list[bool], debris: list[bool], chance: list[float], prose: list[int], found: list[int],
    rule_pick: int | None,
) -> np.ndarray:
    """One feature row per candidate in `found` (FEATURES, in order); `rule_pick`: the line the hand-written
    rules take for the headline (text._pick_title), a sign the trees weigh with the others."""
    anchor = prose[0]
    prose_words = [classify.word_count(units[i]) for i in prose]
    total = max(sum(prose_words), 1)
    body: set[str] = set()
    for i in prose:
        if len(body) >= _BODY_WORDS:
            break
        body.update(w.lower() for w in _WORD.findall(units[i]))
    keys = [classify.normalize(u) for u in units]
    out = np.zeros((len(found), len(FEATURES)))
    for r, i in enumerate(found):
        unit = units[i]
        words = unit.split()
        letters = _WORD.findall(unit)
        content = [w.lower() for w in letters if len(w) > 3]
        after = [chance[j] for j in range(i + 1, min(len(units), i + 4))]
        between = range(min(i, anchor) + 1, max(i, anchor))
        out[r] = (
            anchor - i,
            sum(j in between for j in found),
            len(words),
            unit.rstrip().endswith(("?", "!")),
            sum(classify.is_ui(w) for w in words) / len(words),
            chance[i],
            sum(after) / len(after) if after else 0.0,
            keys[i + 1:].count(keys[i]),
            len(_SEPARATORS.findall(unit)),
            sum(classify.word_count(units[j]) for j in range(i + 1, anchor) if not debris[j]),
            sum(n for j, n in zip(prose, prose_words) if j < i) / total,
            sum(w in body for w in content) / len(content) if content else 0.0,
            i == 0,
            sum(c.isdigit() for c in unit) / len(unit),
            len(unit),
            ruled[i],
            classify.word_count(units[i - 1]) if i > 0 else 0,
            classify.word_count(units[i + 1]) if i + 1 < len(units) else 0,
            i == rule_pick,
        )
    return out


def pick(
    units: list[str], ruled: list[bool], debris: list[bool], chance: list[float], prose: list[int],
    rule_pick: int | None, model: debris_model.Model,
) -> int | None:
    """The headline's index (None: no headline); the rules' pick when the picker is unsure (CUT)."""
    found = candidates(units, prose)
    if not found:
        return None
    p = debris_model.headline_probability(rows(units, ruled, debris, chance, prose, found, rule_pick), model)
    best = int(np.argmax(p))
    at = found[best]
    if (
        best > 0 and found[best - 1] == at - 1 and p[best - 1] >= STANDFIRST_RATIO * p[best]
        and classify.word_count(units[at]) >= STANDFIRST_WORDS
        and classify.word_count(units[at - 1]) < classify.word_count(units[at])
    ):
        at = at - 1  # a long line right under a shorter candidate is its standfirst: the headline comes first
    if at + 1 < len(units) and at + 1 in found and _SEPARATORS.search(units[at]):
        tail = classify.normalize(units[at + 1])
        if tail and classify.normalize(units[at]).endswith(tail):
            at = at + 1  # "Home > Blog > Title" above "Title": the breadcrumb ends in the headline
    # Unsure (a short paste, a page unlike the training pages): the rules' choice stands.
    return at if p[best] >= CUT else rule_pick
