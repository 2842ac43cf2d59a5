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
    """The demo article's id from `app.state` (or the app, or a request), None when the demo is off."""
    for attr in ("demo_article_id",):
        for holder in (state, getattr(state, "state", None), getattr(getattr(state, "app", None), "state", None)):
            if holder is not None and getattr(holder, attr, None):
                return getattr(holder, attr)  # type: ignore[no-any-return]
    return None
