"""DELETE /v1/articles/{id}: the audio, timings, figures, reports, kept text and jobs all go; nothing is left on
disk or in the database, and the article's URLs answer 404."""

from __future__ import annotations

import httpx

from tests.web.test_extraction import PAGE
from tests.web.test_figures import listen


def test_delete_leaves_nothing_behind(settings_factory, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of
    from hark.service.publish import narration_key

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {create_key(store_of(settings), 'tests')}"}
    article_id = httpx.post(f"{base}/v1/articles", json={"text": PAGE.format(tag="delete-me")}, headers=auth).json()["id"]

    def ready(voice: str) -> bool:
        found = [n for n in httpx.get(f"{base}/v1/articles/{article_id}").json()["narrations"] if n["voice"] == voice]
        assert found and found[0]["status"] != "failed", found
        return found[0]["status"] == "ready"

    poll(lambda: ready("test:tone"), 60, what="the narration")
    # A second voice, beacons and a reader's report: each leaves rows that must go too.
    assert httpx.post(f"{base}/v1/articles/{article_id}/narrations", json={"voice": "piper:en_US-joe-medium"}).status_code == 202
    poll(lambda: ready("piper:en_US-joe-medium"), 120, what="the second voice")
    listen(base, article_id, "s-one", paragraphs=2, deciles=5, rate=1.0)
    assert httpx.post(f"{base}/v1/reports", json={"article": article_id, "word": "harbour"}).status_code == 202
    audio = settings.data_dir / "audio" / article_id
    with store_of(settings).read() as tx:
        narrations = tx.narrations.of_article(article_id)
        assert len(narrations) == 2 and tx.sources.get(article_id) is not None and tx.events.of_article(article_id)
        jobs = [j for n in narrations for j in tx.jobs.of_key(narration_key(n.id))]
        assert jobs
    assert len(list(audio.iterdir())) == 2

    assert httpx.delete(f"{base}/v1/articles/{article_id}").status_code == 401
    assert httpx.delete(f"{base}/v1/articles/{article_id}", headers=auth).status_code == 204

    assert not audio.exists()  # the files and the article's folder
    with store_of(settings).read() as tx:
        assert tx.articles.find(article_id) is None and tx.narrations.of_article(article_id) == []
        assert tx.sources.get(article_id) is None and tx.events.of_article(article_id) == []
        assert [r for r in tx.reports.open() if r.article_id == article_id] == []
        assert [j for n in narrations for j in tx.jobs.of_key(narration_key(n.id))] == []
    for path in ("", "/audio?voice=test%3Atone", "/timings?voice=test%3Atone", "/captions.vtt?voice=test%3Atone"):
        assert httpx.get(f"{base}/v1/articles/{article_id}{path}").status_code == 404, path
    gone = httpx.delete(f"{base}/v1/articles/{article_id}", headers=auth)
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("application/problem+json")
