"""The learned headline picker: the article's headline among a scraped page's short lines."""

from __future__ import annotations

import dataclasses
import json

from hark.article import headline, model
from hark.article.text import extract_text, render, split_marked

# Written for this test (not in the training corpus). The first line the rules would take, from the top, is a
# sales banner; the headline and its standfirst sit in a "Topics" link list, which the rules drop.
PAGE = """Skip to content
Solutions
Pricing
Trusted by 2,000+ leading brands worldwide
Talk to our team about your next campaign today
Topics
What a four-day week did to a small bakery's books
How the owners of a twelve-person bakery tested a shorter week for a year
By Hannah Cole
March 4, 2025
When the owners of a small bakery in Leeds decided to try a four-day week, they expected their costs to rise and their sales to fall, and they planned for both.
Neither happened. Over the twelve months of the trial, sales at the bakery rose by six per cent, and the owners spent less on agency staff than in any year before.
The staff worked the same hours over four days, starting earlier and closing the shop on Wednesdays, when it had always been quiet.
"We were sure we would lose customers on the day we closed," said one of the owners. "Instead they came on Tuesday and Thursday."
The bakery has now made the change permanent, and two other shops on the same street are trying it this spring.
Share this article
Related posts
Ten ways to cut your energy bill this winter
"""
HEADLINE = "What a four-day week did to a small bakery's books"
STANDFIRST = "How the owners of a twelve-person bakery tested a shorter week for a year"


def test_the_headline_is_the_line_that_heads_the_article_not_the_first_banner():
    article = extract_text(PAGE)
    assert (article.title, article.standfirst) == (HEADLINE, STANDFIRST)
    out = render(article)
    assert "Trusted by" not in out and "Talk to our team" not in out and "Topics" not in out


def test_without_the_picker_the_rules_take_the_banner():
    # What the picker is for: the rules alone, on the same verdicts, head the story with the sales banner.
    rules_only = dataclasses.replace(model.shipped(), headline=None)
    assert extract_text(PAGE, model=rules_only).title == "Trusted by 2,000+ leading brands worldwide"


def test_candidates_are_short_lines_near_the_body_not_sentences_or_furniture():
    units, _ = split_marked(PAGE)
    body = [i for i, u in enumerate(units) if u.startswith(("When the owners", "Neither", "The staff"))]
    found = [units[i] for i in headline.candidates(units, body)]
    assert HEADLINE in found and STANDFIRST in found
    assert "Skip to content" not in found  # furniture by its own look
    assert not any(u.endswith(".") for u in found)  # a sentence is body, not a headline


def test_a_model_saved_before_the_picker_still_loads_and_uses_the_rules():
    data = json.loads((model.resources.files("hark.article") / "data/debris_model.json").read_text("utf-8"))
    del data["headline"]
    old = model.load(data)
    assert old.headline is None
    assert extract_text(PAGE, model=old).body[0].text.startswith("When the owners")


STORY = """The town council voted on Tuesday night to rebuild the sea wall that failed during January's storms, ending a year of argument over who should pay for the work and how high the new wall should stand.
The vote was nine to two. Councillors who opposed the plan said the town could not afford the eleven million pounds it will cost, and that the government should carry more of the bill.
Residents packed the public gallery for the debate, and several who lost furniture and cars in the flood spoke before the vote, asking the council not to delay again.
Engineers told the meeting that the new wall will stand a metre higher than the old one and will be built in sections, so that the harbour can stay open while the work goes on.
"""
SEA_WALL = "Harbour town votes to rebuild its sea wall after winter floods"


def test_a_breadcrumb_that_ends_in_the_headline_gives_way_to_it():
    # Without the rule the picker heads the story with the breadcrumb, and the headline becomes its standfirst.
    page = f"Skip to content\nRequest Info\nDonate\nHome > News > {SEA_WALL}\n{SEA_WALL}\nPublished on: February 14, 2025\n"
    article = extract_text(page + STORY)
    assert (article.title, article.standfirst) == (SEA_WALL, "")


def test_a_line_the_model_is_sure_is_furniture_is_no_standfirst():
    page = f"Skip to content\nNews\n{SEA_WALL}\nREVIEWED BY: HARBOUR DESK EDITOR, SARAH MILLS\nMarch 4, 2025\n"
    article = extract_text(page + STORY)
    assert article.title == SEA_WALL
    assert article.standfirst == "" and "REVIEWED BY" not in render(article)
