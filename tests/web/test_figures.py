"""Listening figures from scripted beacons: play rate, listen-through, speed, voices, drop-off chart, CSV, daily."""

from __future__ import annotations

import csv
import io
import secrets

import httpx
from lxml import etree

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


def publish(base: str, auth: dict[str, str], poll, *paragraphs: str) -> str:  # type: ignore[no-untyped-def]
    title = f"Harbour wall {secrets.token_hex(3)} repaired"
    body = "".join(f"<p>{p}</p>" for p in (FILLER, *paragraphs))
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    r = httpx.post(f"{base}/v1/articles", json={"html": html, "voice": "test:tone"}, headers=auth)
    assert r.status_code == 202, r.text
    article_id: str = r.json()["id"]

    def ready() -> bool:
        (n,) = httpx.get(f"{base}/v1/articles/{article_id}").json()["narrations"]
        assert n["status"] != "failed"
        return n["status"] == "ready"

    poll(ready, 60, what="the narration")
    return article_id


def listen(base: str, article_id: str, session: str, paragraphs: int, deciles: int, rate: float,
           complete: bool = False) -> None:
    ev = [{"article": article_id, "type": "load", "session": session}]
    if paragraphs:
        ev.append({"article": article_id, "type": "play", "session": session, "voice": "test:tone", "rate": rate})
        ev += [{"article": article_id, "type": "paragraph", "session": session, "value": i} for i in range(paragraphs)]
        ev += [{"article": article_id, "type": "progress", "session": session, "value": d}
               for d in range(1, deciles + 1)]
    if complete:
        ev.append({"article": article_id, "type": "complete", "session": session})
    assert httpx.post(f"{base}/v1/events", json={"events": ev}).status_code == 204


def test_figures_from_beacons(settings_factory, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    article_id = publish(base, auth, poll, "The wall was mended in May.", "Boats may moor there again.")
    listen(base, article_id, "s-all", paragraphs=4, deciles=10, rate=1.0, complete=True)
    listen(base, article_id, "s-half", paragraphs=2, deciles=4, rate=1.5)
    listen(base, article_id, "s-load", paragraphs=0, deciles=0, rate=1.0)

    assert httpx.get(f"{base}/v1/articles/{article_id}/figures").status_code == 401
    f = httpx.get(f"{base}/v1/articles/{article_id}/figures", headers=auth).json()
    assert (f["loads"], f["plays"], f["play_rate"]) == (3, 2, 0.667)
    assert f["listen_through"] == {"25": 1.0, "50": 0.5, "75": 0.5, "100": 0.5}
    assert f["average_rate"] == 1.25 and f["voices"] == {"test:tone": 2}
    assert [p["still_listening"] for p in f["drop_off"]] == [1.0, 1.0, 0.5, 0.5]
    assert f["drop_off"][3]["first_words"] == "Boats may moor there again."

    svg = httpx.get(f"{base}/v1/articles/{article_id}/drop-off.svg", headers=auth)
    assert svg.headers["content-type"] == "image/svg+xml"
    root = etree.fromstring(svg.content)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert len(titles) == 4 and titles[3].startswith("Boats may moor there again.") and "50%" in titles[3]

    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{base}/v1/articles/{article_id}/figures.csv",
                                                    headers=auth).text)))
    assert [r["still_listening"] for r in rows] == ["1.0", "1.0", "0.5", "0.5"] and rows[0]["plays"] == "2"

    (today,) = httpx.get(f"{base}/v1/figures/daily", params={"days": 1}, headers=auth).json()["days"]
    assert (today["loads"], today["plays"], today["completions"]) == (3, 2, 1)
    daily = httpx.get(f"{base}/v1/figures/daily.csv", params={"days": 3}, headers=auth).text.splitlines()
    assert daily[0] == "day,loads,plays,completions,play_rate" and len(daily) == 4
