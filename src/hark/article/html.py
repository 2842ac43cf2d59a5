"""HTML → body blocks: trafilatura and readability run on one parsed tree, the better result kept."""

from __future__ import annotations

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from hark.article.blocks import iter_blocks
from hark.article.compare import choose_blocks
from hark.article.prune import prune_tree
from hark.article.readable import readability_blocks
from hark.models import Block


def parse_html(html: str) -> etree._Element | None:
    """The page as an lxml tree, or None when lxml finds no document in it."""
    try:
        return load_html(html)
    except (ValueError, etree.LxmlError):
        return None


def extract_blocks(tree: etree._Element, url: str | None) -> list[Block]:
    """Body blocks of the page's article, in reading order (possibly empty); consumes the tree."""
    pruned = prune_tree(tree)
    primary = _trafilatura_blocks(pruned, url)  # trafilatura works on its own copy
    secondary = readability_blocks(pruned)  # readability consumes the tree: last
    return choose_blocks(primary, secondary)


def _trafilatura_blocks(tree: etree._Element, url: str | None) -> list[Block]:
    # fast=True: skip trafilatura's own fallback comparison, we run the comparison ourselves.
    xml = trafilatura.extract(
        tree, url=url, output_format="xml", fast=True, include_comments=False,
        include_tables=True, include_images=False, with_metadata=False,
    )
    if not xml:
        return []
    try:
        doc = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return []
    main = doc.find("main")
    return list(iter_blocks(main if main is not None else doc))
