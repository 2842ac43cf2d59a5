"""RSS 2.0 and Atom → feed items (pure: bytes in, dataclasses out; entities and network access off)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from lxml import etree

from hark.errors import NotAFeedError

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
MAX_ITEMS = 50
"""Items looked at per poll: a feed is a window of recent stories, not an archive."""


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    link: str | None
    html: str | None
    """Full content (content:encoded, Atom content) or summary; None when the feed has neither."""
    updated: str | None

    @property
    def fingerprint(self) -> str:
        """Changes when the item changes: a new fingerprint means "narrate again (if the text changed)"."""
        blob = "\x1f".join([self.title, self.link or "", self.html or "", self.updated or ""])
        return hashlib.sha256(blob.encode()).hexdigest()


def parse_feed(data: bytes) -> list[FeedItem]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeedError(f"the response is not an RSS or Atom feed (not well-formed XML: {exc.msg})") from exc
    tag = etree.QName(root).localname.lower()
    if tag == "rss" or tag == "rdf":
        return _rss(root)
    if root.tag == f"{ATOM}feed":
        return _atom(root)
    raise NotAFeedError(f"the response is not an RSS or Atom feed (its root element is <{tag}>)")


def _text(node: etree._Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _rss(root: etree._Element) -> list[FeedItem]:
    items = []
    for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
        link = _text(item.find("link")) or None
        guid = _text(item.find("guid")) or link or _text(item.find("title"))
        html = _text(item.find(CONTENT)) or _text(item.find("description")) or None
        items.append(FeedItem(guid, _text(item.find("title")), link, html, _text(item.find("pubDate")) or None))
        if len(items) == MAX_ITEMS:
            break
    return items


def _atom(root: etree._Element) -> list[FeedItem]:
    items = []
    for entry in root.iter(f"{ATOM}entry"):
        link = None
        for node in entry.findall(f"{ATOM}link"):
            if node.get("rel", "alternate") == "alternate":
                link = node.get("href")
                break
        content = entry.find(f"{ATOM}content")
        html = _text(content) or _text(entry.find(f"{ATOM}summary")) or None
        guid = _text(entry.find(f"{ATOM}id")) or link or _text(entry.find(f"{ATOM}title"))
        updated = _text(entry.find(f"{ATOM}updated")) or _text(entry.find(f"{ATOM}published")) or None
        items.append(FeedItem(guid, _text(entry.find(f"{ATOM}title")), link, html, updated))
        if len(items) == MAX_ITEMS:
            break
    return items
