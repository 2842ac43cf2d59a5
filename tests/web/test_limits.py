"""Limits and hostile-but-honest input over HTTP (issue 14): refusals are 4xx problem+json, never 500."""

from __future__ import annotations

import time
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from hark.errors import ArticleTooLongError
from hark.service.ingest import Source, ingest

SENTENCE = "The council met on Monday and agreed the harbour plans after a long debate. "


def _prose(paragraphs: int) -> str:
    return "\n\n".join(f"Paragraph {i}: residents of ward {i} said the council heard them. {SENTENCE * 3}"
                        for i in range(paragraphs))


@pytest.fixture
def client(settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    from hark.web.app import create_app

    with TestClient(create_app(settings, demo=False, workers=False)) as c:
        yield c


def _problem(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()  # type: ignore[no-any-return]


def test_an_article_over_the_word_limit_is_413(settings_factory, api_key) -> None:  # type: ignore[no-untyped-def]
    from hark.web.app import create_app

    small = settings_factory(max_article_words=100)
    text = "Harbour plans approved\n\n" + _prose(6)  # ~300 words: under the raw ceiling, over the limit
    with TestClient(create_app(small, demo=False, workers=False)) as c:
        body = _problem(c.post("/v1/articles", json={"text": text}, headers={"Authorization": f"Bearer {api_key}"}),
                        413)
    assert body["title"] == "Article too long" and "100" in body["detail"]


def test_ten_megabytes_of_text_is_refused_before_extraction(settings, client, api_key) -> None:  # type: ignore[no-untyped-def]
    text = "Harbour plans approved\n\n" + SENTENCE * (10 * 1024 * 1024 // len(SENTENCE))
    with pytest.raises(ArticleTooLongError, match="characters") as caught:
        ingest(Source(text=text), settings)  # the raw-size pre-check, not the extraction, refused it
    assert caught.value.limit == settings.max_article_words == 30000
    started = time.monotonic()
    _problem(client.post("/v1/articles", json={"text": text}, headers={"Authorization": f"Bearer {api_key}"}), 413)
    assert time.monotonic() - started < 10  # generous bound against a hang; the bench measures the real figure


def test_the_limit_holds_for_html_too(settings_factory) -> None:  # type: ignore[no-untyped-def]
    small = settings_factory(max_article_words=50)
    html = "<html><body><article><h1>Harbour plans approved</h1>" + "".join(f"<p>{p}</p>" for p in _prose(4).split("\n\n")) + "</article></body></html>"
    with pytest.raises(ArticleTooLongError) as caught:
        ingest(Source(html=html), small)
    assert caught.value.words > 50
