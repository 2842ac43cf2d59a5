"""Publishing articles over HTTP: queued once, narrated, deduped, edits re-narrated incrementally."""

from __future__ import annotations

import concurrent.futures
import secrets

import httpx
import pytest


FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")
"""Enough prose for the article stage to accept a short test text (it wants 30 words); said once per session."""


def _text(title: str, *paragraphs: str) -> str:
    return "\n\n".join([title, FILLER, *paragraphs])


def _ready(base: str, article_id: str, poll) -> dict:  # type: ignore[no-untyped-def]
    def check() -> dict | None:
        data = httpx.get(f"{base}/v1/articles/{article_id}").json()
        assert data["status"] != "failed", data
        return data if data["status"] == "ready" else None

    return poll(check, 120, what=f"article {article_id} to be ready")  # type: ignore[no-any-return]


def test_publish_narrate_and_read(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    body = {"text": _text("Port opens new ferry terminal", "The terminal opened on Monday. It cost four million pounds.")}
    r = httpx.post(f"{base}/v1/articles", json=body, headers=auth)
    assert r.status_code == 202, r.text
    created = r.json()
    assert created["status"] in ("queued", "narrating") and created["id"] and created["created"] is True
    data = _ready(base, created["id"], poll)
    assert data["title"] == "Port opens new ferry terminal"
    (n,) = data["narrations"]
    assert n["voice"] == settings.default_voice and n["duration_ms"] > 1000 and n["base_wpm"] > 50
    audio = httpx.get(base + n["audio_url"])
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.content[:3] == b"ID3" or audio.content[0] == 0xFF
    timings = httpx.get(base + n["timings_url"]).json()
    assert timings["duration_ms"] == n["duration_ms"]
    assert [s["kind"] for s in timings["segments"]] == ["title", "paragraph", "paragraph"]
    vtt = httpx.get(base + n["captions_url"])
    assert vtt.text.startswith("WEBVTT") and vtt.headers["content-type"].startswith("text/vtt")


def test_same_content_twice_is_one_narration(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    body = {"text": _text("Library extends hours", "The library now opens until nine.")}
    first = httpx.post(f"{base}/v1/articles", json=body, headers=auth).json()
    _ready(base, first["id"], poll)
    # Whitespace-only differences are the same content.
    again = {"text": _text("Library extends  hours", "The library now opens\nuntil nine.")}
    second = httpx.post(f"{base}/v1/articles", json=again, headers=auth)
    assert second.status_code == 202
    assert second.json()["id"] == first["id"] and second.json()["created"] is False and second.json()["changed"] is False
    data = httpx.get(f"{base}/v1/articles/{first['id']}").json()
    assert len(data["narrations"]) == 1 and data["narrations"][0]["version"] == 1


def test_edit_renarrates_only_changed_sentences(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    tag = secrets.randbelow(9000) + 1000
    url = f"https://news.example/story-{tag}"
    paras = [f"Story {tag} begins here.", "The council met on Tuesday. It voted to build a bridge.",
             "Work starts in May. It ends next year."]
    first = httpx.post(f"{base}/v1/articles", json={"url": url, "text": _text(f"Bridge vote {tag}", *paras)}, headers=auth).json()
    v1 = _ready(base, first["id"], poll)["narrations"][0]
    paras[2] = f"Work starts in June under plan {tag}. It ends next year."
    r = httpx.post(f"{base}/v1/articles", json={"url": url, "text": _text(f"Bridge vote {tag}", *paras)}, headers=auth)
    assert r.json()["id"] == first["id"] and r.json()["changed"] is True

    def renarrated() -> dict | None:
        n = httpx.get(f"{base}/v1/articles/{first['id']}").json()["narrations"][0]
        return n if n["version"] == 2 and n["status"] == "ready" else None

    v2 = poll(renarrated, 120, what="the edited narration")
    assert v2["etag"] != v1["etag"]
    assert v2["synthesized"] == 1 and v2["sentences"] == v1["sentences"]
    old = httpx.get(base + v1["audio_url"].split("&v=")[0], headers={"If-None-Match": v1["etag"]})
    assert old.status_code == 200 and old.headers["etag"] == v2["etag"]


@pytest.mark.slow
def test_fifty_concurrent_submissions_get_fifty_narrations(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    # Short texts, each sentence said once per session: the clip cache makes the second database cheap.
    bodies = [{"text": _text(f"Brief number {i}", f"Item {i} is ready.")} for i in range(50)]

    def post(body: dict) -> httpx.Response:
        return httpx.post(f"{base}/v1/articles", json=body, headers=auth, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(post, bodies))
    assert [r.status_code for r in responses] == [202] * 50
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == 50

    def all_ready() -> bool:
        statuses = [httpx.get(f"{base}/v1/articles/{i}").json()["status"] for i in ids]
        assert "failed" not in statuses
        return all(s == "ready" for s in statuses)

    poll(all_ready, 300, every=0.5, what="50 narrations")
    for i in ids:
        assert len(httpx.get(f"{base}/v1/articles/{i}").json()["narrations"]) == 1


def test_lookup_by_canonical_url_and_voice_preview(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    url = f"https://news.example/lookup-{secrets.token_hex(3)}"
    made = httpx.post(f"{base}/v1/articles", json={"url": url, "text": _text("Lookup story", "It is here.")}, headers=auth).json()
    found = httpx.get(f"{base}/v1/articles", params={"url": url}).json()["articles"]
    assert [a["id"] for a in found] == [made["id"]]
    assert httpx.get(f"{base}/v1/articles", params={"url": url + "-nope"}).json() == {"articles": []}
    voice = httpx.get(f"{base}/v1/voices").json()["voices"][0]
    preview = httpx.get(base + voice["preview_url"], timeout=60)
    assert preview.status_code == 200 and preview.headers["content-type"] == "audio/mpeg" and len(preview.content) > 5000
    assert httpx.get(f"{base}/v1/voices/piper:nobody/preview").status_code == 422
