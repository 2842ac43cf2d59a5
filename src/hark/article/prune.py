"""Removing what a reader never sees from an HTML tree before extraction: hidden copies, captions."""

from __future__ import annotations

from lxml import etree

# Hidden copies of the body (schema.org microdata blocks, "print" versions) double the text
# when kept; a browser shows none of them, so neither does a listener hear them.
_HIDDEN = etree.XPath(
    "//*[@hidden or @aria-hidden='true'"
    " or contains(translate(@style, 'DISPLAYNOE ', 'displaynoe'), 'display:none')"
    " or contains(translate(@style, 'VISBLTYHDN ', 'visbltyhdn'), 'visibility:hidden')]"
)
# Captions and image credits describe a picture the listener cannot see.
_CAPTIONS = etree.XPath("//figcaption | //figure//*[contains(@class, 'caption') or contains(@class, 'credit')]")
_STRUCTURE = frozenset(["html", "body", "head", "main", "article"])


def prune_tree(tree: etree._Element) -> etree._Element:
    """Drop hidden elements and figure captions in place; returns the same tree."""
    for element in _HIDDEN(tree) + _CAPTIONS(tree):
        if not isinstance(element.tag, str) or element.tag.lower() in _STRUCTURE:
            continue  # a hidden <body> is a script-rendered page: hiding it is no signal
        parent = element.getparent()
        if parent is None:
            continue
        _drop_keep_tail(element, parent)
    return tree


def _drop_keep_tail(element: etree._Element, parent: etree._Element) -> None:
    # The tail is text that follows the element in its parent; it is visible, keep it.
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
