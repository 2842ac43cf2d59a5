"""Listen beacons (text/plain or JSON, no cookies) and the per-article summary."""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx

from hark.errors import RateLimitedError
from hark.models import ListenEvent
from hark.web.limits import RateLimit
from hark.web.routes.events import charge

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


def test_beacons_and_summary(settings, live_server, api_key):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    article = httpx.post(f"{base}/v1/articles", json={"text": f"Pier reopens\n\n{FILLER}"}, headers=auth).json()["id"]
    voice = settings.default_voice
    beacon = {"Content-Type": "text/plain;charset=UTF-8"}
    for session in ("s1", "s2"):
        for event in ({"type": "load"}, {"type": "play", "voice": voice, "rate": 1.25},
                      {"type": "progress", "value": 1, "position_ms": 1000}):
            r = httpx.post(f"{base}/v1/events", content=json.dumps({"article": article, "session": session, **event}),
                           headers=beacon)
            assert r.status_code == 204 and "set-cookie" not in r.headers
    batch = [{"article": article, "session": "s1", "type": t, "value": v}
             for t, v in (("progress", 2), ("paragraph", 3), ("seek", 5000), ("complete", None))]
    assert httpx.post(f"{base}/v1/events", json=batch).status_code == 204
    assert httpx.post(f"{base}/v1/events", json={"events": batch[:1]}).status_code == 204

    summary = httpx.get(f"{base}/v1/articles/{article}/listens", headers=auth).json()
    assert summary["loads"] == 2 and summary["listeners"] == 2 and summary["completions"] == 1
    assert summary["completion_rate"] == 0.5
    assert summary["reached_decile"]["10"] == 2 and summary["reached_decile"]["20"] == 1
    assert summary["voices"] == {voice: 2} and summary["mean_rate"] == 1.25
    assert httpx.get(f"{base}/v1/articles/{article}/listens").status_code == 401

    for body, status in ((b"{nope", 400), (json.dumps({"article": article, "type": "dance"}).encode(), 422),
                         (json.dumps({"article": "missing", "type": "load"}).encode(), 404),
                         (json.dumps({"article": article, "type": "load", "cookie": "x"}).encode(), 422)):
        r = httpx.post(f"{base}/v1/events", content=body, headers=beacon)
        assert r.status_code == status and r.headers["content-type"] == "application/problem+json"


def _article(base: str, auth: dict[str, str], title: str) -> str:
    return httpx.post(f"{base}/v1/articles", json={"text": f"{title}\n\n{FILLER}"}, headers=auth).json()["id"]


def test_numbers_must_be_finite_and_in_range(settings, live_server, api_key):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    article = _article(base, {"Authorization": f"Bearer {api_key}"}, "Ferry timetable")
    # Python's json reads NaN and Infinity; the player never sends them, so they are refused, not stored.
    for field, raw in (("value", "NaN"), ("rate", "Infinity"), ("position_ms", "-1e300"), ("value", "-1e300"),
                       ("value", "1e300"), ("rate", "-Infinity"), ("position_ms", "NaN")):
        body = f'{{"article": "{article}", "type": "seek", "session": "s", "{field}": {raw}}}'
        r = httpx.post(f"{base}/v1/events", content=body, headers={"Content-Type": "text/plain"})
        assert r.status_code == 422, (field, raw)
        assert r.headers["content-type"] == "application/problem+json"
    assert httpx.get(f"{base}/v1/articles/{article}/listens",
                     headers={"Authorization": f"Bearer {api_key}"}).json()["events"]["seek"] == 0


def test_rows_per_session_are_bounded(settings_factory, live_server, api_key):  # type: ignore[no-untyped-def]
    base = live_server(settings_factory(events_per_session=120, events_per_minute=60000))
    auth = {"Authorization": f"Bearer {api_key}"}
    article = _article(base, auth, "Harbour dredging")
    batch = [{"article": article, "session": "loop", "type": "progress", "value": 1}] * 100
    assert httpx.post(f"{base}/v1/events", json=batch).status_code == 204
    refused = httpx.post(f"{base}/v1/events", json=batch[:50])
    assert refused.status_code == 429 and refused.headers["content-type"] == "application/problem+json"
    assert httpx.post(f"{base}/v1/events", json=batch[:20]).status_code == 204  # exactly up to the bound
    assert httpx.post(f"{base}/v1/events", json=batch[:1]).status_code == 429
    # Beacons without a session share one bound per article.
    anonymous = [{"article": article, "type": "load"}] * 100
    assert httpx.post(f"{base}/v1/events", json=anonymous).status_code == 204
    assert httpx.post(f"{base}/v1/events", json=anonymous[:21]).status_code == 429
    counts = httpx.get(f"{base}/v1/articles/{article}/listens", headers=auth).json()["events"]
    assert counts["progress"] == 120 and counts["load"] == 100


def test_a_batch_costs_every_event_it_carries(settings_factory, live_server, api_key):  # type: ignore[no-untyped-def]
    # 300 events a minute per address (burst 100): one 100-event batch spends the burst, where a
    # limit counting requests let one address write 100 × 200 rows at once.
    base = live_server(settings_factory(events_per_minute=300))
    article = _article(base, {"Authorization": f"Bearer {api_key}"}, "Lighthouse repairs")
    batch = [{"article": article, "session": "a", "type": "progress", "value": 1}] * 100
    assert httpx.post(f"{base}/v1/events", json=batch).status_code == 204
    refused = httpx.post(f"{base}/v1/events", json=[{**batch[0], "session": "b"}] * 10)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_many_addresses_and_sessions_share_the_article_and_global_budgets() -> None:
    state = SimpleNamespace(events_limit=RateLimit(600, 200), events_article_limit=RateLimit(300, 100),
                            events_total_limit=RateLimit(900, 300))
    accepted = 0
    for i in range(50):  # 50 addresses, each with a fresh session and its own full address bucket
        try:
            charge(state, f"198.51.100.{i}", [ListenEvent("art1", "progress", session=f"s{i}", value=1)] * 10)
            accepted += 10
        except RateLimitedError:
            pass
    assert accepted == 100  # the article's burst, however many addresses
    charge(state, "198.51.100.99", [ListenEvent("art2", "load", session="x")] * 100)  # another article: own budget
    charge(state, "198.51.100.98", [ListenEvent("art3", "load", session="y")] * 100)
    try:
        charge(state, "198.51.100.97", [ListenEvent("art4", "load", session="z")] * 10)
        raise AssertionError("the service-wide budget (burst 300) should be spent")
    except RateLimitedError as exc:
        assert "right now" in exc.message


def test_reader_voices_only_without_a_key(settings, live_server, api_key):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    article = _article(base, auth, "Quayside market")
    url = f"{base}/v1/articles/{article}/narrations"
    refused = httpx.post(url, json={"voice": "espeak:en-gb"})  # installed, but not one the player offers
    assert refused.status_code == 422 and "readers may choose only" in refused.json()["detail"]
    assert httpx.post(url, json={"voice": "espeak:en-gb"}, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert httpx.post(url, json={"voice": "espeak:en-gb"}, headers=auth).status_code == 202
    assert httpx.post(url, json={"voice": settings.default_voice}).status_code == 202
    voices = {n["voice"] for n in httpx.get(f"{base}/v1/articles/{article}").json()["narrations"]}
    assert voices == {settings.default_voice, "espeak:en-gb"}
