"""Element trees (trafilatura XML or HTML) → text blocks: one per paragraph, subhead or list item."""

from __future__ import annotations

from typing import Iterator

from lxml import etree

from hark.models import Block

# Tags that start a new displayed block, in both vocabularies: HTML and trafilatura's XML
# (`head` is its subhead, `item` a list item, `quote` a blockquote, `cell` a table cell).
_BLOCK_TAGS = frozenset(
    "p div section article main aside header footer li ul ol dl dt dd blockquote pre figure figcaption "
    "table tr td th tbody thead caption h1 h2 h3 h4 h5 h6 head item list quote cell row doc body html "
    "address details summary form fieldset center".split()
)
_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6 head".split())
_BREAK_TAGS = frozenset("br lb hr".split())
_SKIP_TAGS = frozenset("script style noscript template svg button select option textarea iframe object".split())
_MAX_HEADING_WORDS = 20
"""A "heading" longer than this is a paragraph in disguise (some CMSs wrap prose in <h3>)."""


def _tag(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _clean(text: str) -> str:
    return " ".join(text.split())


def iter_blocks(root: etree._Element) -> Iterator[Block]:
    """The element's text as blocks in document order; inline markup is flattened into its block."""
    buffer: list[str] = []
    kind_stack: list[str] = ["paragraph"]

    def flush() -> Iterator[Block]:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            kind = kind_stack[-1]
            if kind == "heading" and len(text.split()) > _MAX_HEADING_WORDS:
                kind = "paragraph"
            yield Block(kind, text)  # type: ignore[arg-type]

    def walk(element: etree._Element) -> Iterator[Block]:
        tag = _tag(element)
        if tag in _SKIP_TAGS or not tag:
            if element.tail:
                buffer.append(element.tail)
            return
        if tag in _BREAK_TAGS:
            yield from flush()
            if element.tail:
                buffer.append(element.tail)
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            yield from flush()
            kind_stack.append("heading" if tag in _HEADING_TAGS else "paragraph")
        if element.text:
            buffer.append(element.text)
        for child in element:
            yield from walk(child)
        if is_block:
            yield from flush()
            kind_stack.pop()
        if element.tail:
            buffer.append(element.tail)

    yield from walk(root)
    yield from flush()
