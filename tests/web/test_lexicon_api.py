"""The lexicon API: keyed writes, per language and voice entries, problem+json errors, and hearing a word."""

from __future__ import annotations

import httpx

PROBLEM = "application/problem+json"


def test_lexicon_api(settings_factory, live_server):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings, workers=False)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    entry = {"word": "Zyx", "respelling": "Zee why ex ex ex", "language": "en", "voice": "test:tone"}

    # Writes need a key; bad bodies and unknown voices are problem+json.
    assert httpx.post(f"{base}/v1/lexicon", json=entry).status_code == 401
    bad = httpx.post(f"{base}/v1/lexicon", json={"word": "Zyx"}, headers=auth)
    assert bad.status_code in (400, 422) and bad.headers["content-type"].startswith(PROBLEM)
    unknown = httpx.post(f"{base}/v1/lexicon", json={**entry, "voice": "piper:nobody"}, headers=auth)
    assert unknown.status_code == 422 and unknown.headers["content-type"].startswith(PROBLEM)

    plain = httpx.get(f"{base}/v1/lexicon/hear", params={"word": "Zyx", "voice": "test:tone"}, headers=auth)
    assert plain.status_code == 200 and plain.headers["content-type"] == "audio/mpeg"
    before = httpx.get(f"{base}/v1/lexicon").json()["version"]

    r = httpx.post(f"{base}/v1/lexicon", json=entry, headers=auth)
    assert r.status_code == 201, r.text
    listed = httpx.get(f"{base}/v1/lexicon", params={"language": "en", "voice": "test:tone"}).json()
    assert listed["version"] != before
    assert {"word": "Zyx", "respelling": "Zee why ex ex ex", "phonemes": None, "language": "en",
            "voice": "test:tone"} in listed["entries"]
    other_voice = httpx.get(f"{base}/v1/lexicon", params={"voice": "test:other"}).json()["entries"]
    assert all(e["word"] != "Zyx" for e in other_voice)
    german = httpx.get(f"{base}/v1/lexicon", params={"language": "de"}).json()["entries"]
    assert all(e["word"] != "Zyx" for e in german)

    # Hearing it says the respelling: 16 letters take longer than 3, so the clip is longer.
    fixed = httpx.get(f"{base}/v1/lexicon/hear", params={"word": "Zyx", "voice": "test:tone"}, headers=auth)
    assert fixed.status_code == 200 and len(fixed.content) > len(plain.content) * 1.5

    assert httpx.delete(f"{base}/v1/lexicon", params={"word": "Zyx", "language": "en"}).status_code == 401
    gone = httpx.delete(f"{base}/v1/lexicon", params={"word": "Zyx", "language": "en", "voice": "test:tone"},
                        headers=auth)
    assert gone.status_code == 204
    assert all(e["word"] != "Zyx" for e in httpx.get(f"{base}/v1/lexicon").json()["entries"])
    again = httpx.delete(f"{base}/v1/lexicon", params={"word": "Zyx", "language": "en", "voice": "test:tone"},
                         headers=auth)
    assert again.status_code == 404 and again.headers["content-type"].startswith(PROBLEM)
