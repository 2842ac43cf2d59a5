"""Reader-facing pages: `/` (the demo article), `/articles/{id}`, `/player.js` and the player's static files.

The page shows the publisher's text with a `<hark-player>` above the body; the player aligns the
timing map with that text itself, so these pages are rendered exactly as a publisher's would be.
Every value that reaches HTML goes through `html.escape` (templates are plain `string.Template`).
"""

from __future__ import annotations

import hashlib
import html
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import NotFoundError
from hark.models import reading_minutes
from hark.service.articles import stored_article

log = logging.getLogger(__name__)

router = APIRouter(tags=["pages"])

STATIC_DIR = Path(__file__).parent / "static" / "player"
TEMPLATES_DIR = Path(__file__).parent / "templates"
PREPARING_REFRESH_S = 5
"""While the demo article is still being created, the page reloads itself this often (no JS needed)."""


@dataclass(frozen=True)
class PageArticle:
    """What an article page shows: the blocks as the publisher wrote them, and the page furniture."""

    id: str
    title: str
    standfirst: str = ""
    byline: str | None = None
    site_name: str | None = None
    language: str = "en"
    reading_minutes: int = 0
    body: list[tuple[str, str]] = field(default_factory=list)
    """(kind, text) of each heading and paragraph after the title and standfirst."""


class ArticleMissing(Exception):
    """No article with that id (the page answers 404 in plain words)."""


def _template(name: str) -> Template:
    return Template((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


# --- where an article's text comes from ------------------------------------------------------


def _from_store(request: Request, article_id: str) -> PageArticle:
    """The stored Article (title, standfirst, byline, every block), read through the service."""
    try:
        article = stored_article(request.app.state.runtime, article_id).article
    except NotFoundError as exc:
        raise ArticleMissing(article_id) from exc
    return PageArticle(
        id=article_id, title=article.title, standfirst=article.standfirst, byline=article.byline,
        site_name=article.site_name, language=article.language, reading_minutes=reading_minutes(article.words),
        body=[(b.kind, b.text) for b in article.body],
    )


async def load_page_article(request: Request, article_id: str) -> PageArticle:
    return await run_in_threadpool(_from_store, request, article_id)


# --- rendering -------------------------------------------------------------------------------


def _minutes(n: int) -> str:
    return f"{n} minute{'s' if n != 1 else ''}" if n else "under a minute"


def render_article(article: PageArticle | None, *, kicker: str, notice: str = "", byline: str = "") -> str:
    """The article page; with no article yet, a page that says "Preparing audio…" and reloads."""
    if article is None:
        return _template("article.html").substitute(
            lang="en", refresh=f'<meta http-equiv="refresh" content="{PREPARING_REFRESH_S}">',
            page_title="Preparing audio… · Hark", kicker=_e(kicker), title="Preparing audio…",
            standfirst='<p class="standfirst">The demo article is being narrated for the first time. '
                       "This page reloads by itself when it is ready.</p>",
            byline="", reading="…", fill="", notice="",
            player='<hark-player for="#story"></hark-player>', body="", player_version=player_version(),
        )
    paragraphs = "\n".join(
        f"    <h2>{_e(text)}</h2>" if kind == "heading" else f"    <p>{_e(text)}</p>" for kind, text in article.body
    )
    byline = f'<span class="byline">{_e(article.byline or byline)}</span>' if article.byline or byline else ""
    if article.site_name:
        byline += f'<span class="site">{_e(article.site_name)}</span>'
    return _template("article.html").substitute(
        lang=_e(article.language or "en"), refresh="",
        page_title=_e(f"{article.title or 'Article'} · Hark"), kicker=_e(kicker), title=_e(article.title),
        standfirst=f'<p class="standfirst">{_e(article.standfirst)}</p>' if article.standfirst else "",
        byline=byline, reading=_e(_minutes(article.reading_minutes)),
        # No text yet (the narration is still being made): the player fills the body from the timing map.
        fill="" if article.body else "data-hark-fill",
        notice=f'<p class="notice">{_e(notice)}</p>' if notice else "",
        player=_player(article.id), body=paragraphs, player_version=player_version(),
    )


def _player(article_id: str) -> str:
    # Without JavaScript the element's children show: the browser's own audio controls. With it,
    # the shadow root (which has no slot) replaces them.
    audio = f"/v1/articles/{quote(article_id, safe='')}/audio"
    return (f'<hark-player article="{_e(article_id)}" for="#story" follow>'
            f'<audio controls preload="none" src="{_e(audio)}" aria-label="Listen to this article"></audio></hark-player>')


def render_missing(article_id: str) -> str:
    return _template("missing.html").substitute(
        page_title="Article not found · Hark", heading="Article not found",
        message=f"There is no narrated article with the id “{_e(article_id)}”. It may have been removed, "
                "or the link may be mistyped.",
    )


# --- routes ----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page(request: Request) -> HTMLResponse:
    article_id = getattr(request.app.state, "demo_article_id", None)
    if not article_id:
        return HTMLResponse(render_article(None, kicker="Demo"), headers={"Cache-Control": "no-store"})
    try:
        article = await load_page_article(request, article_id)
    except ArticleMissing:
        return HTMLResponse(render_article(None, kicker="Demo"), headers={"Cache-Control": "no-store"})
    # The bundled demo text may carry no author; the page still says who it is from.
    page = render_article(article, kicker="Demo · Listen to this article", byline="By the Hark demo desk")
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
async def article_page(article_id: str, request: Request) -> HTMLResponse:
    try:
        article = await load_page_article(request, article_id)
    except ArticleMissing:
        return HTMLResponse(render_missing(article_id), status_code=404)
    return HTMLResponse(render_article(article, kicker=article.site_name or "Listen to this article"),
                        headers={"Cache-Control": "no-store"})


_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
          ".png": "image/png", ".json": "application/json"}


PARTS_DIR = STATIC_DIR / "parts"
PLAYER_PARTS = ("core.js", "api.js", "beacon.js", "timeline.js", "align.js", "highlight.js", "view.js",
                "element.js", "controls.js", "define.js")
"""player.js in the order it is joined: each part only uses the ones before it at load time."""


@lru_cache(maxsize=1)
def player_source() -> bytes:
    """The parts joined into one classic script in one closure: still a single script tag for the publisher,
    no build step, and each part can be loaded on its own in a test page (its top-level names are globals there)."""
    parts = "\n".join(f"// --- {name} ---\n{(PARTS_DIR / name).read_text(encoding='utf-8')}" for name in PLAYER_PARTS)
    header = (PARTS_DIR / "HEADER.txt").read_text(encoding="utf-8")
    guard = ('if (typeof window === "undefined" || !window.customElements || customElements.get("hark-player")) return;')
    return f'{header}(() => {{\n"use strict";\n{guard}\n\n{parts}\n}})();\n'.encode()


@lru_cache(maxsize=1)
def player_version() -> str:
    """A hash of player.js: the `?v=` of its versioned URL, so pages can cache it for a year."""
    return hashlib.sha256(player_source()).hexdigest()[:12]


def _headers(immutable: bool) -> dict[str, str]:
    return {
        "Cache-Control": "public, max-age=31536000, immutable" if immutable else "public, max-age=300",
        # Any site may embed the player and its artwork.
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }


def _static(name: str, folder: Path = STATIC_DIR) -> Response:
    if not name.isprintable():  # a NUL or control character names no file (and would crash the path calls)
        return Response("Not found", status_code=404, media_type="text/plain")
    path = (folder / name).resolve()
    # Only files directly in the player folder, of known types: no traversal, no directory listing.
    if path.parent != folder.resolve() or path.suffix not in _TYPES or not path.is_file():
        return Response("Not found", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type=_TYPES[path.suffix], headers=_headers(False))


@router.get("/player.js", include_in_schema=False)
async def player_js(v: str | None = None) -> Response:
    # Only the current hash is immutable: an old ?v= gets today's file, cached briefly.
    return Response(player_source(), media_type=_TYPES[".js"], headers=_headers(v == player_version()))


@router.get("/static/player/parts/{name}", include_in_schema=False)
async def player_part(name: str) -> Response:
    """One part of player.js on its own (tests load a part alone to check it)."""
    return _static(name, PARTS_DIR)


@router.get("/static/player/{name}", include_in_schema=False)
async def player_static(name: str) -> Response:
    return _static(name)
