"""Accepting a pronunciation fix re-narrates only the sentences that say the word, in every article that has it."""

from __future__ import annotations

import secrets

import httpx

from tests.web.test_figures import FILLER


def _publish(base: str, auth: dict[str, str], title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in (FILLER, *paragraphs))
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    r = httpx.post(f"{base}/v1/articles", json={"html": html, "voice": "test:tone"}, headers=auth)
    assert r.status_code == 202, r.text
    return r.json()["id"]  # type: ignore[no-any-return]


def _narration(base: str, article_id: str) -> dict:  # type: ignore[type-arg]
    (n,) = httpx.get(f"{base}/v1/articles/{article_id}").json()["narrations"]
    assert n["status"] != "failed", n
    return n  # type: ignore[no-any-return]


def test_fix_renarrates_only_affected_sentences(settings_factory, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    # A new word each run: the clip cache is shared by the session, and a cached clip is not synthesized.
    word = "Qwert" + "".join(secrets.choice("bdfgklmnprstvz") for _ in range(4))
    one = _publish(base, auth, "Ferry news today", f"The ferry sails to {word} on Monday. It is full.",
                   "Tickets are cheap.")
    two = _publish(base, auth, f"{word} harbour", f"Boats left {word} at dawn. {word} was quiet.",
                   "Nobody minded.")
    other = _publish(base, auth, "Market day", "The market opened early. Stalls sold fish.")
    for article_id in (one, two, other):
        poll(lambda: _narration(base, article_id)["status"] == "ready", 60, what="the first narrations")
    before = {a: _narration(base, a) for a in (one, two, other)}

    r = httpx.post(f"{base}/v1/lexicon", params={"renarrate": "true"}, headers=auth,
                   json={"word": word, "respelling": "Kay " + word.lower(), "language": "en"})
    assert r.status_code == 201, r.text
    assert sorted(r.json()["renarrated"]) == sorted([one, two])

    for a in (one, two):
        poll(lambda: _narration(base, a)["version"] > before[a]["version"], 60, what="the re-narration")
    after = {a: _narration(base, a) for a in (one, two, other)}
    # "one": 1 sentence says the word; "two": its title and 2 sentences do. Nothing else is made again.
    assert after[one]["synthesized"] == 1 and after[one]["sentences"] == before[one]["sentences"]
    assert after[two]["synthesized"] == 3
    assert after[other]["version"] == before[other]["version"]
    # The player's bare audio URL now serves the new version.
    audio = httpx.get(base + f"/v1/articles/{one}/audio?voice=test%3Atone")
    assert audio.headers["x-hark-version"] == str(after[one]["version"]) and audio.headers["etag"] != before[one]["etag"]
    timings = httpx.get(base + after[one]["timings_url"]).json()
    assert timings["duration_ms"] == after[one]["duration_ms"] != before[one]["duration_ms"]
