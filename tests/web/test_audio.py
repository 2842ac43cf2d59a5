"""Audio reads: Range/206, ETag/304, caching, and streaming while the narration is still being made."""

from __future__ import annotations

import secrets

import httpx

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


def _publish(base: str, key: str, text: str) -> str:
    r = httpx.post(f"{base}/v1/articles", json={"text": text}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 202, r.text
    return r.json()["id"]  # type: ignore[no-any-return]


def _ready_narration(base: str, article_id: str, poll) -> dict:  # type: ignore[no-untyped-def]
    def check() -> dict | None:
        data = httpx.get(f"{base}/v1/articles/{article_id}").json()
        return data["narrations"][0] if data["status"] == "ready" else None

    return poll(check, 120, what="narration")  # type: ignore[no-any-return]


def test_range_etag_and_cache_headers(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    n = _ready_narration(base, _publish(base, api_key, f"Harbour wall repaired\n\n{FILLER}"), poll)
    full = httpx.get(base + n["audio_url"])
    assert full.status_code == 200
    size = len(full.content)
    assert full.headers["etag"] == n["etag"] and full.headers["accept-ranges"] == "bytes"
    assert "immutable" in full.headers["cache-control"]  # the version-pinned URL never changes
    part = httpx.get(base + n["audio_url"], headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-1099/{size}" and part.content == full.content[100:1100]
    tail = httpx.get(base + n["audio_url"], headers={"Range": "bytes=-500"})
    assert tail.status_code == 206 and tail.content == full.content[-500:]
    bad = httpx.get(base + n["audio_url"], headers={"Range": f"bytes={size + 10}-"})
    assert bad.status_code == 416
    bare = httpx.get(base + n["audio_url"].split("&v=")[0], headers={"If-None-Match": n["etag"]})
    assert bare.status_code == 304 and "must-revalidate" in bare.headers["cache-control"]


def test_audio_streams_while_narrating(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    tag = secrets.token_hex(3)
    # Fresh sentences (nothing cached) so the narration takes a while and the first bytes come early.
    paragraphs = [f"Sentence {i} of report {tag} is read aloud here." for i in range(12)]
    article_id = _publish(base, api_key, "\n\n".join([f"Long report {tag}", FILLER, *paragraphs]))
    with httpx.stream("GET", f"{base}/v1/articles/{article_id}/audio", timeout=60) as r:
        assert r.status_code == 200
        assert r.headers.get("x-hark-streaming") == "1" and "no-store" in r.headers["cache-control"]
        chunks = r.iter_bytes()
        first = next(chunks)
        # The first bytes come while the rest is still being made (the bench measures how soon).
        (at_first_byte,) = httpx.get(f"{base}/v1/articles/{article_id}").json()["narrations"]
        streamed = first + b"".join(chunks)
    assert at_first_byte["status"] == "narrating" and at_first_byte["version"] == 0
    n = _ready_narration(base, article_id, poll)
    finished = httpx.get(base + n["audio_url"]).content
    # The streamed copy is the finished file, except the MP3 header rewritten at the end.
    assert len(streamed) == len(finished)
    assert streamed[4096:] == finished[4096:]


def test_voice_and_ids_that_name_nothing(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    article_id = _publish(base, api_key, f"Ferry timetable changes\n\n{FILLER}")
    _ready_narration(base, article_id, poll)
    for url, status in [
        (f"/v1/articles/{article_id}/audio?voice=piper:nobody", 422),
        ("/v1/articles/doesnotexist/audio", 404),
        ("/v1/articles/doesnotexist/timings", 404),
        ("/v1/articles/doesnotexist", 404),
        ("/v1/nothing-here", 404),
    ]:
        r = httpx.get(base + url)
        assert r.status_code == status, (url, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == status and r.json()["detail"]
