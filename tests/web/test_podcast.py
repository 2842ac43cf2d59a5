"""The podcast feed: parses cleanly, enclosures match the served files, GUIDs survive re-narration, revalidates."""

from __future__ import annotations

import secrets

import feedparser
import httpx

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


def _publish(base: str, auth: dict[str, str], url: str, title: str, last: str) -> str:
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{FILLER}</p><p>{last}</p></article></body></html>"
    body = {"url": url, "voice": "test:tone", "html": html}
    r = httpx.post(f"{base}/v1/articles", json=body, headers=auth)
    assert r.status_code == 202, r.text
    return r.json()["id"]  # type: ignore[no-any-return]


def _version(base: str, article_id: str) -> int | None:
    data = httpx.get(f"{base}/v1/articles/{article_id}").json()
    (n,) = data["narrations"]
    assert n["status"] != "failed", n
    return n["version"] if n["status"] == "ready" else None


def test_podcast_feed(settings_factory, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone", podcast_title="Harbour News",
                                podcast_artwork_url="https://news.example/art.png")
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    tag = secrets.token_hex(3)
    first = _publish(base, auth, f"https://news.example/a-{tag}", f"Ferry {tag} returns", "The ferry is back.")
    second = _publish(base, auth, f"https://news.example/b-{tag}", f"Bridge {tag} opens", "The bridge is open.")
    for article_id in (first, second):
        poll(lambda: _version(base, article_id), 60, what="the narration")

    r = httpx.get(f"{base}/podcast.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Harbour News" and parsed.feed.image.href == "https://news.example/art.png"
    assert parsed.feed.tags[0].term == "News" and b"<itunes:explicit>false</itunes:explicit>" in r.content
    titles = [e.title for e in parsed.entries]
    assert len(titles) == 2 and all(titles), titles
    assert titles.index(f"Bridge {tag} opens") < titles.index(f"Ferry {tag} returns")  # newest first
    guids = {e.title: e.id for e in parsed.entries}
    for entry in parsed.entries:
        (enclosure,) = entry.enclosures
        audio = httpx.get(enclosure.href)
        assert audio.status_code == 200 and int(enclosure.length) == len(audio.content) > 0
        assert enclosure.type == audio.headers["content-type"]
        assert int(entry.itunes_duration) >= 1
        transcript = entry.podcast_transcript
        assert transcript["type"] == "text/vtt"
        assert httpx.get(transcript["url"]).text.startswith("WEBVTT")

    # Conditional GET: the same feed is a 304 by ETag and by date.
    again = httpx.get(f"{base}/podcast.xml", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    since = httpx.get(f"{base}/podcast.xml", headers={"If-Modified-Since": r.headers["last-modified"]})
    assert since.status_code == 304

    # Re-narration (an edit): a new version of the audio, the same GUID, a changed feed.
    before = _version(base, first)
    _publish(base, auth, f"https://news.example/a-{tag}", f"Ferry {tag} returns", "The ferry is back again.")
    poll(lambda: (_version(base, first) or 0) > (before or 0), 60, what="the re-narration")
    changed = httpx.get(f"{base}/podcast.xml", headers={"If-None-Match": r.headers["etag"]})
    assert changed.status_code == 200
    reparsed = feedparser.parse(changed.content)
    assert not reparsed.bozo
    assert {e.title: e.id for e in reparsed.entries}[f"Ferry {tag} returns"] == guids[f"Ferry {tag} returns"]
    entry = next(e for e in reparsed.entries if e.title == f"Ferry {tag} returns")
    assert int(entry.enclosures[0].length) == len(httpx.get(entry.enclosures[0].href).content)

    # A feed that is not registered is a problem+json 404.
    missing = httpx.get(f"{base}/v1/feeds/999999/podcast.xml")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
