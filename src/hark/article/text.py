"""Scraped plain text → headline, standfirst and body blocks, with the page's debris left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hark.article import classify
from hark.article import debris as debris_vocabulary
from hark.article import headline
from hark.article import model as debris_model
from hark.article.features import main_run
from hark.errors import NoArticleError
from hark.models import Block

_KICKER = re.compile(r"^(?:[A-Z][\w'’-]*(?: [A-Z&][\w'’-]*){0,2})\s*[|│]\s+(?=\S)")
"""A section label set before the headline: "Opinion | China and Russia ...", "Live | ..."."""
_BULLET = re.compile(r"^[•·▪►▶●◦‣∙*–—-]+\s+")
_LONE_FIGURE = re.compile(r"^[\W_]*(?:\d+(?:[.,:]\d+)*\s*[kKmM]?)[\W_]*$")
"""A line that is only a number or a time: a comment count "6", a video duration "03:01"."""

_MIN_DUPLICATE_WORDS = 5
"""Shorter lines may repeat on purpose ("No." twice); longer repeats are a second copy of the body."""
_TAIL_SHARE = 0.5
"""A tail marker ends the article only once this share of its prose words came before it."""
_MAX_HEADING_WORDS = 12
_MAX_STANDFIRST_WORDS = 60


@dataclass(frozen=True)
class LineDecision:
    """One input line (unit) and what became of it: for `hark extract --explain`."""

    text: str
    kept: bool
    why: str
    confidence: float
    """The model's probability that the line is article text (-1 without the model)."""


@dataclass(frozen=True)
class TextArticle:
    title: str
    standfirst: str
    body: tuple[Block, ...]
    lines: tuple[LineDecision, ...] = ()


def split_units(text: str) -> list[str]:
    """Non-empty lines, with hard-wrapped prose joined back into its paragraph."""
    return split_marked(text)[0]


def split_marked(text: str) -> tuple[list[str], list[bool]]:
    """`split_units`, and for each unit whether a blank line came before it (paragraphs are set apart, menus
    are not)."""
    units: list[str] = []
    after_blank: list[bool] = []
    previous_blank = True
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        # A wrapped line continues a sentence: the line before it is unfinished and this one starts in
        # lower case, and either the line before is long or this one finishes the sentence (a short
        # menu item in lower case never does). Lines after a blank line always start a new unit.
        if (
            units and not previous_blank and line[0].islower() and not classify.ends_sentence(units[-1])
            and (classify.word_count(units[-1]) >= 8 or classify.ends_sentence(line))
        ):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
            after_blank.append(previous_blank)
        previous_blank = False
    return units, after_blank


def _mark_debris(units: list[str]) -> list[bool]:
    debris = [classify.is_debris(unit) for unit in units]
    seen: set[str] = set()
    for i, unit in enumerate(units):
        key = classify.normalize(unit)
        if classify.is_duration(unit):
            # A video card: its title sits next to the duration.
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and classify.is_headline_like(units[j]) and not classify.is_prose(units[j]):
                    if j == i + 1 and _opens_section(units, j):
                        continue  # a subhead followed by prose, not a video title
                    debris[j] = True
        if key in seen and (classify.word_count(unit) >= _MIN_DUPLICATE_WORDS or classify.is_headline_like(unit)):
            debris[i] = True  # the second copy of a paragraph (pages often repeat the body)
        seen.add(key)
    _mark_link_lists(units, debris)
    return debris


def _opens_section(units: list[str], j: int) -> bool:
    return j + 1 < len(units) and classify.is_prose(units[j + 1])


def _mark_link_lists(units: list[str], debris: list[bool]) -> None:
    # After "Related stories", "Most viewed" and the like come headlines of other articles:
    # short lines that do not end a sentence, up to the next paragraph of prose.
    i = 0
    while i < len(units):
        if classify.is_tail_marker(units[i]):
            j = i + 1
            while j < len(units) and not classify.is_prose(units[j]) and (
                classify.is_headline_like(units[j]) or debris[j]
            ):
                debris[j] = True
                j += 1
            i = j
        else:
            i += 1


def _body_end(units: list[str], debris: list[bool], start: int, chance: list[float]) -> int:
    prose_words = [classify.word_count(u) if not d and classify.is_prose(u) else 0 for u, d in zip(units, debris)]
    total = sum(prose_words[start:])
    before = 0
    for i in range(start, len(units)):
        if (
            i > start and classify.is_tail_marker(units[i]) and before >= _TAIL_SHARE * total
            and not _story_resumes(units, debris, chance, i)
        ):
            return i  # comments, link lists and bios follow: the story is over
        before += prose_words[i]
    return len(units)


_RESUME_LINES = 3
_RESUME_CHANCE = 0.5


def _story_resumes(units: list[str], debris: list[bool], chance: list[float], marker: int) -> bool:
    """Whether the story goes on after a "Related articles" box set inside it: the first lines kept after the
    box are all prose the model keeps (a link list or footer after the end is not). Never after comments or
    the author's bio, and never without the model (`chance` -1)."""
    if debris_vocabulary.CLOSING_MARKER.search(units[marker]):
        return False
    after = [i for i in range(marker + 1, len(units)) if not debris[i]][:_RESUME_LINES]
    return len(after) == _RESUME_LINES and all(
        chance[i] >= _RESUME_CHANCE and classify.is_prose(units[i]) for i in after
    )


_TITLE_REACH = 14
"""The headline is followed by the body within this many lines (standfirst, byline, date, share bar)."""


def _pick_title(units: list[str], debris: list[bool], prose: list[int]) -> int | None:
    prose_set = set(prose)
    for i in range(len(units)):
        if i > prose[0] + _TITLE_REACH:
            break
        if not any(j in prose_set for j in range(i + 1, i + 1 + _TITLE_REACH)):
            continue
        unit = units[i]
        if debris[i] or unit.rstrip().endswith((".", ";", ":")):
            continue
        words = unit.split()
        # A short headline ("Harbour plans approved") is believed only where a person typing the text
        # would put it: the first line, directly above the prose. Elsewhere on a scraped page a short
        # line is a section label or a button far more often than a headline.
        short_first = i == 0 and 2 <= len(words) < 4 and 1 in prose_set and unit[0].isupper()
        if not (4 <= len(words) <= 30 or short_first):
            continue
        ui_words = sum(classify.is_ui(word) for word in words)
        if ui_words * 2 >= len(words):
            continue  # "Home News Sport Share": a navigation bar flattened into one line
        return i
    return None


@dataclass
class Judged:
    """Every line's verdict before the headline and the body's bounds are placed."""

    units: list[str]
    """The lines as they will be read (kicker and bullet stripped)."""
    ruled: list[bool]
    """Debris by the hand-written rules alone."""
    debris: list[bool]
    why: list[str]
    chance: list[float]
    prose: list[int]
    """Kept lines of prose, in order."""
    judged: bool
    """Whether the model's verdicts stand (not when the rules had to take over)."""


def judge(raw_units: list[str], chance: list[float] | None, cut: float) -> Judged:
    """The rules' and the model's verdicts (`chance`: its probabilities, None for the rules alone);
    NoArticleError when no prose is left."""
    debris = _mark_debris(raw_units)
    why = ["debris rule" if d else "" for d in debris]
    for i, unit in enumerate(raw_units):
        if not debris[i] and _LONE_FIGURE.match(unit):
            debris[i], why[i] = True, "lone number or time"
    ruled = list(debris)
    judged = chance is not None
    if chance is not None:
        for i, p in enumerate(chance):
            if not debris[i] and p < cut:
                debris[i], why[i] = True, "model: not article text"
        if ISLAND_PENALTY:
            _drop_islands(raw_units, debris, why, chance)
        _rescue_inner_prose(raw_units, debris, why, ruled, chance)
    units = [clean_unit(u) for u in raw_units]
    prose = [i for i, (u, d) in enumerate(zip(units, debris)) if not d and classify.is_prose(u)]
    if not prose and judged:
        # The model learned from whole pages; on a text too short or too clean to look like one it can doubt
        # every sentence. It may remove debris around an article, never the whole article: the rules decide.
        debris = list(ruled)
        judged = False
        why = [w if r else "" for w, r in zip(why, ruled)]
        prose = [i for i, (u, d) in enumerate(zip(units, debris)) if not d and classify.is_prose(u)]
    if not prose:
        raise NoArticleError(
            "no article found in the text: it has no paragraph of prose; paste the article's own text"
        )
    return Judged(units, ruled, debris, why, list(chance) if chance is not None else [-1.0] * len(units), prose, judged)


def rule_title(j: Judged) -> int | None:
    """The headline by the hand-written rules, near the first kept prose."""
    if j.judged:
        return _pick_title(j.units, j.ruled, j.prose)
    ruled_prose = [i for i, (u, d) in enumerate(zip(j.units, j.ruled)) if not d and classify.is_prose(u)]
    return _pick_title(j.units, j.ruled, ruled_prose or j.prose)


def extract_text(
    text: str, model: debris_model.Model | None | bool = None, threshold: float | None = None,
    restore: frozenset[int] = frozenset(), remove: frozenset[int] = frozenset(),
) -> TextArticle:
    """The article in a scraped text page; NoArticleError when no prose is found in it.

    `model`: the debris model (None: the shipped one; False: the hand-written rules alone).
    `restore` / `remove`: a publisher's overrides, as 0-based indexes into `split_units(text)`: those lines are
    read (in page order) or left out whatever the rules and the model decided."""
    raw_units, after_blank = split_marked(text)
    chance, cut, chosen_model = None, 0.0, None
    if model is not False:
        chosen_model = debris_model.shipped() if model is None or model is True else model
        # The model judges what would be read: a headline behind an "Opinion |" kicker is a headline.
        chance = debris_model.article_probability([clean_unit(u) for u in raw_units], chosen_model, after_blank)
        cut = chosen_model.threshold if threshold is None else threshold
    j = judge(raw_units, chance, cut)
    units, ruled, debris, why, prose, judged = j.units, j.ruled, j.debris, j.why, j.prose, j.judged
    chance = j.chance
    title_at = rule_title(j)
    if judged and chosen_model is not None and chosen_model.headline is not None:
        title_at = headline.pick(units, ruled, debris, chance, prose, title_at, chosen_model)
    title = units[title_at] if title_at is not None else ""
    if title_at is not None:
        # Everything above the headline is masthead, banners and navigation, unless the model is sure it is
        # the article's prose: then the "headline" the rules found was one of its subheads.
        below = [i for i in prose if i > title_at or (judged and chance[i] >= SURE)]
        prose = below or prose
        if prose[0] < title_at:
            # Prose the model is sure of above it, or none under it: the line was a subhead (or stray
            # furniture), read in its place if at all.
            title_at, title = None, ""
    first = prose[0]
    standfirst = ""
    if title_at is not None:
        # Directly under the headline, a line the rules dropped only for its place (in a link list after
        # "Topics", like the headline itself) may be the standfirst; one the model doubts (a byline, "Sign in
        # to read", a disclosure) may not.
        lead = [i for i in range(title_at + 1, first) if classify.word_count(units[i]) >= 6
                and not (ruled[i] and (i > title_at + 1 or classify.is_debris(units[i])))
                and not (judged and debris[i] and chance[i] < LEAD_CHANCE)]
        if lead:
            standfirst = units[lead[0]]
    # A standfirst is a sentence set apart from the body by furniture (byline, date, share bar).
    next_prose = prose[1] if len(prose) > 1 else None
    if (
        not standfirst
        and next_prose is not None
        and next_prose > first + 1
        and all(debris[first + 1 : next_prose])
        and classify.word_count(units[first]) <= _MAX_STANDFIRST_WORDS
    ):
        standfirst, first = units[first], next_prose
    end = _body_end(units, debris, first, chance)
    for i in range(prose[-1] + 1, end):
        if debris_vocabulary.TAIL_LABEL.match(units[i]):
            debris[i] = True  # after the last paragraph, "Label: Some Title" is a footer link
    if title_at is not None and title_at in remove:
        title = ""
    standfirst_at = next((i for i in range(len(units)) if standfirst and units[i] == standfirst), None)
    if standfirst_at is not None and standfirst_at in remove:
        standfirst = ""
    chosen = {i for i in range(first, end) if not debris[i]}
    chosen |= {i for i in restore if i != title_at and not (standfirst and i == standfirst_at)}
    body = tuple(_block(units, i) for i in sorted(chosen - remove))
    if not body:
        raise NoArticleError("no article found in the text: only a headline and page furniture")
    lines = []
    for i, unit in enumerate(raw_units):
        if i in remove:
            kept, reason = False, "removed by the publisher"
        elif i in restore:
            kept, reason = True, "restored by the publisher"
        elif i == title_at:
            kept, reason = True, "headline"
        elif units[i] == standfirst and standfirst:
            kept, reason = True, "standfirst"
        elif why[i]:
            kept, reason = False, why[i]
        elif title_at is not None and i < title_at:
            kept, reason = False, "above the headline"
        elif i >= end:
            kept, reason = False, "after the article's end"
        elif i < first:
            kept, reason = False, "between headline and body"
        else:
            kept, reason = True, "body"
        if kept and units[i] != unit:
            reason += " (kicker/bullet stripped)"
        lines.append(LineDecision(unit, kept, reason, float(chance[i])))
    return TextArticle(title=title, standfirst=standfirst, body=body, lines=tuple(lines))


def _block(units: list[str], i: int) -> Block:
    unit = units[i]
    heading = (
        classify.word_count(unit) <= _MAX_HEADING_WORDS
        and not classify.ends_sentence(unit)
        and i + 1 < len(units)
    )
    return Block("heading" if heading else "paragraph", unit)


ISLAND_PENALTY = 5.0
"""Words of kept text that a removed line between two kept stretches costs: the article is one run, and a
few kept lines far from it (a promo box, a footer sentence) are not part of it."""


LEAD_CHANCE = 0.1
"""Below this chance a removed line under the headline is no standfirst: the model doubts a standfirst (it
stands apart from the body) but is sure of a byline, "Sign in to read" or a disclosure."""


SURE = 0.9
"""Model probability at which a line is article prose wherever it stands: above a line the rules took for
the headline, or away from the main run of kept text (a listicle's sections between their furniture)."""


def _drop_islands(units: list[str], debris: list[bool], why: list[str], chance: list[float]) -> None:
    weight = [-ISLAND_PENALTY if d else float(max(classify.word_count(u), 1)) for u, d in zip(units, debris)]
    start, end = main_run(weight)
    for i in [*range(start), *range(end, len(units))]:
        if not debris[i] and chance[i] < SURE:
            debris[i], why[i] = True, "model: away from the article"


RESCUE_FLOOR = 0.1
"""Below this probability the model is sure enough that no rescue rule brings a line back ("Want to know
more?" between two paragraphs is a promo box's call, however sentence-like)."""


def _rescue_inner_prose(
    units: list[str], debris: list[bool], why: list[str], ruled: list[bool], chance: list[float],
) -> None:
    # A sentence the rules let through that sits between two paragraphs the model kept is the
    # article's own: inside the body, debris comes as labels and links, which the rules catch.
    # (The model, trained on long pages, doubts short quoted lines and a closing paragraph.)
    kept = [i for i, d in enumerate(debris) if not d and classify.is_prose(units[i])]
    if not kept:
        return
    for i in range(kept[0] + 1, kept[-1]):
        if debris[i] and not ruled[i] and chance[i] >= RESCUE_FLOOR and classify.ends_sentence(units[i]):
            debris[i], why[i] = False, ""
    # A subhead sandwiched between paragraphs of the article opens the next section of it.
    for i in range(kept[0] + 1, kept[-1]):
        if (
            debris[i] and not ruled[i] and chance[i] >= RESCUE_FLOOR and classify.word_count(units[i]) <= _MAX_HEADING_WORDS
            and not debris[i - 1] and not debris[i + 1] and classify.is_prose(units[i + 1])
        ):
            debris[i], why[i] = False, ""
    # The closing lines run on in sentences, past inline furniture ("Advertisement", a caption),
    # until a tail marker ("Share this:", "Most viewed") or a line that is not a sentence.
    for i in range(kept[-1] + 1, len(units)):
        if ruled[i]:
            if classify.is_tail_marker(units[i]):
                break
            continue
        if not classify.ends_sentence(units[i]) or chance[i] < RESCUE_FLOOR:
            break
        debris[i], why[i] = False, ""


def clean_unit(unit: str) -> str:
    """Without what no line classifier sees: a leading bullet and a leading "Opinion |" kicker."""
    unit = _BULLET.sub("", unit)
    return _KICKER.sub("", unit)


def explain(article: TextArticle) -> str:
    """Every input line with its decision, the reason and the model's confidence."""
    rows = []
    for line in article.lines:
        mark = "+" if line.kept else "-"
        confidence = f"{line.confidence:.2f}" if line.confidence >= 0 else "  - "
        rows.append(f"{mark} {confidence}  {line.why:<28} {line.text}")
    return "\n".join(rows)


def render(article: TextArticle) -> str:
    """The text that will be read, one unit a line (as `hark extract` prints it)."""
    lines = [article.title, article.standfirst, *(block.text for block in article.body)]
    return "\n".join(line for line in lines if line)
