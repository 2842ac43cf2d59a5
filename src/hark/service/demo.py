"""The bundled demo article, narrated when the service starts so `/` has something to play."""

from __future__ import annotations

from importlib.resources import files

from hark.service.ingest import Source, ingest
from hark.service.publish import submit
from hark.service.runtime import Runtime

DEMO_URL = "https://hark.invalid/demo/floating-library"
"""A canonical URL of our own, so edits to the bundled text update the same article."""


def demo_html() -> str:
    return files("hark.service").joinpath("data", "demo-article.html").read_text(encoding="utf-8")


def publish_demo(rt: Runtime) -> str:
    """Save (once) and queue the demo article; its id."""
    ingested = ingest(Source(html=demo_html(), url=DEMO_URL), rt.settings)
    return submit(rt, ingested, rt.voices.resolve(None, ingested.article.language)).article_id


def demo_article_id(rt: Runtime) -> str | None:
    """The demo article's id once it has been published, else None."""
    with rt.store.read() as tx:
        return tx.articles.id_for_url(DEMO_URL)
