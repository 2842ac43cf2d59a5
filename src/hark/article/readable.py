"""readability-lxml on an already parsed tree, without its slow generic HTML cleaner."""

from __future__ import annotations

import copy

from lxml import etree

from hark.article.blocks import iter_blocks
from hark.models import Block

# What readability's Cleaner(scripts, javascript, comments, style, links) removes; stripping them
# directly is several times faster than the Cleaner, which also rewrites every link.
_STRIP = ("script", "style", "link", etree.Comment, etree.ProcessingInstruction)


def readability_blocks(tree: etree._Element) -> list[Block]:
    """Body blocks readability finds in the tree (whose scripts and styles it strips), or []."""
    try:
        from readability import Document
    except ImportError:  # readability-lxml is optional: without it trafilatura alone decides
        return []

    class _ParsedDocument(Document):  # type: ignore[misc]
        def _parse(self, input: etree._Element) -> etree._Element:
            self.encoding = "utf-8"
            # summary() parses again for its second, less ruthless pass: each pass needs a fresh copy.
            etree.strip_elements(input, *_STRIP, with_tail=False)
            return copy.deepcopy(input)

    try:
        summary = _ParsedDocument(tree).summary(html_partial=True)
        root = etree.fromstring(summary, etree.HTMLParser())
    except Exception:  # readability raises its own Unparseable and assorted lxml errors
        return []
    return list(iter_blocks(root)) if root is not None else []
