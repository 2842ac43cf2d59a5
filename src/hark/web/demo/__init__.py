"""The bundled demo article, narrated when the service starts so `/` has something to play."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from hark.jobs.runtime import Runtime
from hark.jobs.submit import submit_article
from hark.source.load import page_from_bytes

DEMO_URL = "https://hark.invalid/demo/floating-library"
"""A canonical URL of our own, so edits to the bundled text update the same article."""


def demo_html() -> str:
    return files("hark.web.demo").joinpath("article.html").read_text(encoding="utf-8")


def publish_demo(rt: Runtime) -> str:
    """Save (once) and queue the demo article; its id."""
    from hark.article import extract_article

    page = page_from_bytes(demo_html().encode(), name="the demo article", kind="html", url=DEMO_URL)
    return submit_article(rt, extract_article(page), "html", DEMO_URL, None).article_id


def demo_article_id(state: Any) -> str | None:
    """The demo article's id from Settings (looked up in the database), `app.state`, the app or a request;
    None when it has not been published (yet)."""
    from hark.settings import Settings

    if isinstance(state, Settings):
        from sqlalchemy import select

        from hark.store.db import open_database
        from hark.store.schema import ArticleRow

        with open_database(state).read() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.canonical_url == DEMO_URL).limit(1))
    for holder in (state, getattr(state, "state", None), getattr(getattr(state, "app", None), "state", None)):
        found = getattr(holder, "demo_article_id", None) if holder is not None else None
        if found:
            return str(found)
    return None
