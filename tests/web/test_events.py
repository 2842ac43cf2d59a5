"""Listen beacons (text/plain or JSON, no cookies) and the per-article summary."""

from __future__ import annotations

import json

import httpx

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
