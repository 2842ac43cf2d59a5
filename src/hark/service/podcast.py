"""Podcast feeds: narrated articles as an RSS 2.0 feed with the iTunes and Podcasting 2.0 tags apps require."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import quote

from lxml import etree

from hark.audio import content_type
from hark.errors import NotFoundError
from hark.models import StoredArticle, StoredNarration
from hark.service.runtime import Runtime
from hark.service.views import audio_url, main_narration

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
ARTWORK_PATH = "/podcast-artwork.png"
EPISODES = 300
"""Most episodes in one feed (apps page through nothing; old ones drop off the end)."""


@dataclass(frozen=True)
class Episode:
    article: StoredArticle
    narration: StoredNarration


@dataclass(frozen=True)
class PodcastFeed:
    body: bytes
    etag: str
    last_modified: float


def guid(article_id: str) -> str:
    """Stable across re-narrations and edits: it names the article, never a version of its audio."""
    return f"hark:article:{article_id}"


def episodes(rt: Runtime, feed_id: int | None = None) -> list[Episode]:
    """Narrated articles newest first: all of them, or those that came from feed `feed_id`."""
    with rt.store.read() as tx:
        ids = None
        if feed_id is not None:
            if tx.feeds.get(feed_id) is None:
                raise NotFoundError(f"no feed with id {feed_id}")
            ids = tx.feeds.article_ids(feed_id)
        stored = tx.articles.newest(EPISODES, ids=ids)
        narrations = tx.narrations.of_articles([s.id for s in stored])
    found = []
    for article in stored:
        ready = [n for n in narrations[article.id] if n.audio_key and n.status == "ready"]
        main = main_narration(ready, rt.voices.default_for(article.article.language).id)
        if main is not None:
            found.append(Episode(article, main))
    return found


def build(rt: Runtime, base_url: str, self_path: str, feed_id: int | None = None) -> PodcastFeed:
    """The feed's XML, with an ETag over its bytes and the time its newest change was made."""
    found = episodes(rt, feed_id)
    body = render(rt, found, base_url.rstrip("/"), self_path)
    changed = max([e.narration.updated_at for e in found] + [e.article.updated_at for e in found], default=0.0)
    return PodcastFeed(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', changed)


def render(rt: Runtime, found: list[Episode], base: str, self_path: str) -> bytes:
    s = rt.settings
    nsmap = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
    rss = etree.Element("rss", nsmap=nsmap, version="2.0")
    channel = etree.SubElement(rss, "channel")
    _text(channel, "title", s.podcast_title)
    _text(channel, "link", base + "/")
    _text(channel, "description", f"Articles from {s.podcast_title}, read aloud.")
    languages = {e.article.article.language for e in found}
    _text(channel, "language", languages.pop() if len(languages) == 1 else "en")
    _text(channel, "generator", "Hark")
    if found:
        _text(channel, "lastBuildDate", formatdate(max(e.narration.updated_at for e in found), usegmt=True))
    etree.SubElement(channel, f"{{{ATOM}}}link", href=base + self_path, rel="self", type="application/rss+xml")
    _text(channel, f"{{{ITUNES}}}author", s.podcast_author)
    owner = etree.SubElement(channel, f"{{{ITUNES}}}owner")
    _text(owner, f"{{{ITUNES}}}name", s.podcast_author)
    # Apps refuse a show without art: the publisher's, else one drawn with the title (/podcast-artwork.png).
    art = s.podcast_artwork_url or f"{base}{ARTWORK_PATH}"
    etree.SubElement(channel, f"{{{ITUNES}}}image", href=art)
    image = etree.SubElement(channel, "image")
    _text(image, "url", art)
    _text(image, "title", s.podcast_title)
    _text(image, "link", base + "/")
    etree.SubElement(channel, f"{{{ITUNES}}}category", text=s.podcast_category)
    _text(channel, f"{{{ITUNES}}}explicit", "true" if s.podcast_explicit else "false")
    _text(channel, f"{{{ITUNES}}}type", "episodic")
    _text(channel, f"{{{PODCAST}}}locked", "no")
    for episode in found:
        _item(channel, episode, base, s.podcast_explicit)
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(channel: etree._Element, episode: Episode, base: str, explicit: bool) -> None:
    stored, n = episode.article, episode.narration
    article = stored.article
    item = etree.SubElement(channel, "item")
    _text(item, "title", article.title)
    page = stored.canonical_url or f"{base}/articles/{quote(stored.id, safe='')}"
    _text(item, "link", page)
    etree.SubElement(item, "guid", isPermaLink="false").text = guid(stored.id)
    _text(item, "pubDate", formatdate(stored.created_at, usegmt=True))
    summary = article.standfirst or next((b.text for b in article.body if b.kind == "paragraph"), "")
    _text(item, "description", summary)
    if article.byline:
        _text(item, f"{{{ITUNES}}}author", article.byline)
    etree.SubElement(item, "enclosure", url=base + audio_url(n), length=str(n.audio_bytes),
                     type=content_type(n.format))
    _text(item, f"{{{ITUNES}}}duration", str(round((n.duration_ms or 0) / 1000)))
    _text(item, f"{{{ITUNES}}}explicit", "true" if explicit else "false")
    _text(item, f"{{{ITUNES}}}episodeType", "full")
    captions = f"{base}/v1/articles/{stored.id}/captions.vtt?voice={quote(n.voice_id, safe='')}"
    etree.SubElement(item, f"{{{PODCAST}}}transcript", url=captions, type="text/vtt")


def _text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = value
    return element
