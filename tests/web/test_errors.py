"""Bad input gets a precise 4xx problem+json; the service keeps running and stored data stays intact."""

from __future__ import annotations

import httpx
import pytest

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


def _problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body  # type: ignore[no-any-return]


@pytest.fixture
def base(settings, live_server):  # type: ignore[no-untyped-def]
    return live_server(settings)


def test_writes_need_a_valid_key(base):  # type: ignore[no-untyped-def]
    _problem(httpx.post(f"{base}/v1/articles", json={"text": FILLER}), 401)
    _problem(httpx.post(f"{base}/v1/articles", json={"text": FILLER}, headers={"Authorization": "Bearer nope"}), 401)
    _problem(httpx.post(f"{base}/v1/articles", json={"text": FILLER}, headers={"Authorization": "Basic abc"}), 401)
    _problem(httpx.post(f"{base}/v1/feeds", json={"url": "https://news.example/rss"}), 401)


def test_malformed_and_unknown_and_huge(base, api_key, settings):  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
    assert "JSON" in _problem(httpx.post(f"{base}/v1/articles", content=b'{"text": "oops', headers=auth), 400)["title"]
    body = _problem(httpx.post(f"{base}/v1/articles", json={"text": FILLER, "colour": "red"}, headers=auth), 422)
    assert "colour" in body["detail"]
    _problem(httpx.post(f"{base}/v1/articles", json={}, headers=auth), 422)
    _problem(httpx.post(f"{base}/v1/articles", json={"html": "<p>x</p>", "text": "x"}, headers=auth), 422)
    huge = b'{"text": "' + b"a" * (settings.max_body_bytes + 10) + b'"}'
    _problem(httpx.post(f"{base}/v1/articles", content=huge, headers=auth), 413)

    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"text": "'
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    _problem(httpx.post(f"{base}/v1/articles", content=chunks(), headers=auth), 413)


def test_bad_sources_and_voices(base, api_key):  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {api_key}"}
    _problem(httpx.post(f"{base}/v1/articles", json={"text": "Too short."}, headers=auth), 422)
    _problem(httpx.post(f"{base}/v1/articles", json={"url": "ftp://news.example/a"}, headers=auth), 422)
    body = _problem(httpx.post(f"{base}/v1/articles", json={"text": f"T\n\n{FILLER}", "voice": "piper:nobody"},
                               headers=auth), 422)
    assert "voice" in body["detail"]


def test_private_address_urls_are_refused(settings, live_server, api_key, settings_factory):  # type: ignore[no-untyped-def]
    guarded = settings_factory(allow_private_urls=False)
    base = live_server(guarded)
    auth = {"Authorization": f"Bearer {api_key}"}
    for url in ("http://127.0.0.1:9/", "http://localhost:9/x", "http://[::1]:9/", "http://169.254.169.254/latest"):
        _problem(httpx.post(f"{base}/v1/articles", json={"url": url}, headers=auth), 422)


def test_nothing_stored_is_lost_after_bad_requests(base, api_key, poll):  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {api_key}"}
    good = httpx.post(f"{base}/v1/articles", json={"text": f"Harbour notice\n\n{FILLER}"}, headers=auth).json()
    for payload in (b"{", b"[]", b'{"text": 5}', b"\x00\xff"):
        r = httpx.post(f"{base}/v1/articles", content=payload, headers={**auth, "Content-Type": "application/json"})
        assert 400 <= r.status_code < 500
    poll(lambda: httpx.get(f"{base}/v1/articles/{good['id']}").json()["status"] == "ready", 120, what="narration")
    assert httpx.get(f"{base}/v1/voices").status_code == 200


def test_reader_may_ask_for_a_voice_but_not_unbounded(base, api_key, settings):  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {api_key}"}
    article = httpx.post(f"{base}/v1/articles", json={"text": f"Quay lights\n\n{FILLER}"}, headers=auth).json()
    url = f"{base}/v1/articles/{article['id']}/narrations"
    first = httpx.post(url, json={"voice": settings.default_voice})
    assert first.status_code == 202 and first.json()["voice"] == settings.default_voice
    _problem(httpx.post(url, json={"voice": "piper:nobody"}), 422)
    _problem(httpx.post(f"{base}/v1/articles/nope/narrations", json={"voice": settings.default_voice}), 404)
    statuses = [httpx.post(url, json={"voice": settings.default_voice}).status_code for _ in range(12)]
    assert 429 in statuses
    assert len(httpx.get(f"{base}/v1/articles/{article['id']}").json()["narrations"]) == 1


def test_cors_allowlist(base):  # type: ignore[no-untyped-def]
    ok = httpx.options(f"{base}/v1/voices", headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"})
    assert ok.headers.get("access-control-allow-origin") == "https://news.example"
    other = httpx.get(f"{base}/v1/voices", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
