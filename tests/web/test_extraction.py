"""What will be read: an article's line decisions over HTTP, and a publisher's overrides re-narrated."""

from __future__ import annotations

import secrets

import httpx

PROBLEM = "application/problem+json"

PAGE = """Ferry terminal {tag} opens at the port

Residents gathered at the town hall on Monday evening to hear the plans, and most of them said they were pleased with what they heard from the council and the engineers.

Share this Story

The terminal opened on Monday. It cost four million pounds.

Photo by Jane Smith

The first ferry leaves at six. Tickets are on sale at the harbour office.

Privacy Policy
"""


def test_decisions_listed_and_an_override_is_narrated(settings_factory, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    tag = secrets.token_hex(3)
    url = f"https://news.example/ferry-{tag}"
    made = httpx.post(f"{base}/v1/articles", json={"url": url, "text": PAGE.format(tag=tag)}, headers=auth).json()
    article_id = made["id"]

    def ready(version: int) -> dict | None:
        data = httpx.get(f"{base}/v1/articles/{article_id}").json()
        (n,) = data["narrations"]
        assert n["status"] != "failed", n
        return n if n["status"] == "ready" and n["version"] == version else None

    first = poll(lambda: ready(1), 60, what="the first narration")
    said = " ".join(s["text"] for s in httpx.get(base + first["timings_url"]).json()["segments"])
    assert "Privacy Policy" not in said and "Share this Story" not in said

    # Every input line, numbered, with its decision; re-run from the text kept with the article.
    assert httpx.get(f"{base}/v1/articles/{article_id}/extraction").status_code == 401
    listed = httpx.get(f"{base}/v1/articles/{article_id}/extraction", headers=auth)
    assert listed.status_code == 200, listed.text
    assert listed.json()["reproduced"] is True  # the kept text gives back exactly what was narrated
    lines = listed.json()["lines"]
    assert [line["line"] for line in lines] == list(range(1, 8))
    by_text = {line["text"]: line for line in lines}
    assert by_text[f"Ferry terminal {tag} opens at the port"]["kept"] is True
    privacy = by_text["Privacy Policy"]
    assert privacy["kept"] is False and privacy["reason"] and 0 <= privacy["confidence"] < 0.5
    assert by_text["The terminal opened on Monday. It cost four million pounds."]["kept"] is True
    photo = by_text["Photo by Jane Smith"]

    # Writes need a key; line numbers outside the text, or both restored and removed, are 422 problems.
    override = {"restore": [privacy["line"]], "remove": [photo["line"]]}
    keyless = httpx.put(f"{base}/v1/articles/{article_id}/extraction", json=override)
    assert keyless.status_code == 401 and keyless.headers["content-type"].startswith(PROBLEM)
    for bad in ({"restore": [0]}, {"remove": [99]}, {"restore": [3], "remove": [3]}, {"restore": ["x"]}):
        r = httpx.put(f"{base}/v1/articles/{article_id}/extraction", json=bad, headers=auth)
        assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM), (bad, r.text)

    # Restore a removed line and remove a kept one: stored with the article and re-narrated.
    r = httpx.put(f"{base}/v1/articles/{article_id}/extraction", json=override, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["changed"] is True and r.json()["overrides"] == override and r.json()["reproduced"] is True
    after = {line["line"]: line for line in r.json()["lines"]}
    assert after[privacy["line"]]["kept"] is True and after[privacy["line"]]["reason"] == "restored by the publisher"
    assert after[photo["line"]]["kept"] is False
    second = poll(lambda: ready(2), 60, what="the re-narration")
    said = [s["text"] for s in httpx.get(base + second["timings_url"]).json()["segments"]]
    assert said[-1] == "Privacy Policy" and "Photo by Jane Smith" not in said
    page = httpx.get(f"{base}/articles/{article_id}").text  # the article body as shown on its page
    assert "Privacy Policy" in page and "Photo by Jane Smith" not in page

    # The same text published again keeps the overrides: nothing changes, nothing is re-narrated.
    again = httpx.post(f"{base}/v1/articles", json={"url": url, "text": PAGE.format(tag=tag)}, headers=auth).json()
    assert again["id"] == article_id and again["changed"] is False
    stored = httpx.get(f"{base}/v1/articles/{article_id}/extraction", headers=auth).json()
    assert stored["overrides"] == override

    # Deleting the article takes its kept text and overrides with it.
    assert httpx.delete(f"{base}/v1/articles/{article_id}", headers=auth).status_code == 204
    with store_of(settings).read() as tx:
        assert tx.sources.get(article_id) is None


def test_html_articles_have_no_line_decisions(settings_factory, live_server):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings, workers=False)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    paragraph = ("The council met on Tuesday evening and voted to build a new bridge over the river, "
                 "which engineers say will take two years and cost eleven million pounds to finish.")
    html = f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1><p>{paragraph}</p></article></body></html>"
    made = httpx.post(f"{base}/v1/articles", json={"html": html}, headers=auth)
    assert made.status_code == 202, made.text
    r = httpx.get(f"{base}/v1/articles/{made.json()['id']}/extraction", headers=auth)
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM) and "plain text" in r.json()["detail"]
    put = httpx.put(f"{base}/v1/articles/{made.json()['id']}/extraction", json={"restore": [1]}, headers=auth)
    assert put.status_code == 409
    assert httpx.get(f"{base}/v1/articles/nope/extraction", headers=auth).status_code == 404
