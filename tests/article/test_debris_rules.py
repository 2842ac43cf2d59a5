"""The hand-written debris rules: page furniture every site shares, and the prose they must leave alone."""

from __future__ import annotations

import pytest

from hark.article.classify import is_debris, is_tail_marker

FURNITURE = [
    "Advertisement - Continue Reading Below",
    "Article continues below",
    "Was this article helpful?",
    "Was the article useful?",
    "Be the first to comment",
    "Powered by Bear",
    "Image Source: Mises Institute",
    "https://example.org/runs/2003911#step:18:4162 (failures)",
    "If you liked this post you might also like:",
    "You may be interested in the following topics as well:",
    "Recently by Jane Doe",
    "Contact Us Today!",
    "Get in touch today to see how we can help you!",
    "Schedule a Free Call",
    "Request A Free Consultation for Accounting Services",
    "Buy on Amazon",
    "SHARE YOUR STORY",
    "Sponsor Message",
    "Table of Contents",
    "This article contains affiliate links that may earn us a commission at no extra cost to you.",
    "Products are chosen independently by our editors. Purchases made through our links may earn us a commission.",
    "By using Conductor, you agree to our Terms of Service and Privacy Policy.",
    "Note: The views expressed on this site are not necessarily those of the institute.",
    "Want to see how it works? Learn more here.",
    "Ready to simplify your meal planning? Get started today.",
    "Learn more here",
    "If you're enjoying this article, consider supporting our journalism by subscribing.",
    "Join Our Weekly Newsletter",
    "Join 80,000+ subscribers who get our best recipes every Friday.",
    "Great! Check your inbox and click the link to confirm your subscription.",
    "January 22nd, 2019",
    "Published on the 3rd of March 2024",
]

PROSE = [
    "The advertisement ran for a week before regulators asked the company to withdraw it.",
    "Contact us, the sign said, and the residents did: more than 400 wrote to the council.",
    "Get started early: the queue at the harbour office forms before six.",
    "You might like the new design, but the committee did not.",
    "The article continues a debate that began in the 1990s about who should pay for the wall.",
    "Was the plan useful? Most of the traders we spoke to said it was not.",
    '"We may earn a commission on it," the dealer admitted, "but the price is fair."',
    "Powered by two diesel engines, the ferry crosses in forty minutes.",
    "Want to know why? Learn more about the harbour's history, and the answer is plain.",
    "Voters should consider supporting the measure, the mayor said on Tuesday.",
    "The 2nd amendment, 2019",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_debris(line: str) -> None:
    assert is_debris(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_like_furniture_is_kept(line: str) -> None:
    assert not is_debris(line)


@pytest.mark.parametrize("line", [
    "More Articles", "More you might like", "Further reading", "Keep reading", "Related Posts", "Leave a Reply",
    "Discussion about this post", "More from this author", "124 Reader Comments", "12 thoughts on “Backup Strategy”",
])
def test_link_list_headers_end_the_article(line: str) -> None:
    assert is_tail_marker(line)


@pytest.mark.parametrize("line,glued", [
    ("About the AuthorTOI Lifestyle Desk", True),
    ("Related ArticlesHow the harbour was saved", True),
    ("About the author of the report, little is known.", False),
    ("Tagsmanship is a word nobody uses.", False),
])
def test_a_tail_marker_run_into_the_next_line_is_still_seen(line: str, glued: bool) -> None:
    assert is_tail_marker(line) is glued
