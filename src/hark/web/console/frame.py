"""What every console page shares: the layout, the signed-in session and its CSRF token, tables that stay
readable on a phone, redirects. Every value goes through `html.escape` (`e`) before it reaches a page."""

from __future__ import annotations

import html
import secrets
import time
from string import Template
from typing import Callable, Iterable
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import AuthError, HarkError
from hark.service.runtime import Runtime
from hark.web.console.sessions import COOKIE, ConsoleSession, Sessions
from hark.web.deps import runtime

e = html.escape
LAYOUT = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title · Hark console</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/console/static/console.css"></head>
<body><header><strong>Hark console</strong>$nav</header><main><h1>$title</h1>$flash$body</main></body></html>""")
PAGES = (("Articles", "/console"), ("Figures", "/console/figures"), ("Feeds", "/console/feeds"),
         ("Voices", "/console/voices"), ("Lexicon", "/console/lexicon"), ("Reports", "/console/reports"),
         ("Keys", "/console/keys"))
HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; media-src 'self'; "
                                      "img-src 'self' data:"}


def sessions(request: Request) -> Sessions:
    app = request.app
    if not hasattr(app.state, "console_sessions"):
        app.state.console_sessions = Sessions()
    return app.state.console_sessions  # type: ignore[no-any-return]


def session_of(request: Request) -> ConsoleSession | None:
    return sessions(request).get(request.cookies.get(COOKIE))


def csrf_field(session: ConsoleSession) -> str:
    return f'<input type="hidden" name="csrf" value="{e(session.csrf)}">'


def _nav(session: ConsoleSession, here: str) -> str:
    links = "".join(f'<a href="{href}"{" aria-current=page" if href == here else ""}>{name}</a>'
                    for name, href in PAGES)
    return (f'<nav aria-label="Console">{links}</nav><form class="inline" method="post" action="/console/sign-out">'
            f'{csrf_field(session)}<button class="quiet" type="submit">Sign out</button></form>')


def page(title: str, body: str, session: ConsoleSession | None, flash: str = "", status: int = 200,
         here: str = "") -> HTMLResponse:
    nav = _nav(session, here) if session else ""
    shown = f'<p class="error" role="alert">{e(flash)}</p>' if flash else ""
    return HTMLResponse(LAYOUT.substitute(title=e(title), nav=nav, flash=shown, body=body), status_code=status,
                        headers=HEADERS)


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], empty: str = "Nothing yet.", table_id: str = "",
          row_attrs: Iterable[str] | None = None) -> str:
    """Cells are HTML already; each carries its column's name, which a phone shows beside it (one card a row)."""
    heads = list(headers)
    attrs = list(row_attrs) if row_attrs is not None else None
    body = []
    for i, row in enumerate(rows):
        cells = "".join(f'<td data-label="{e(h)}">{c}</td>' for h, c in zip(heads, row))
        body.append(f'<tr{" " + attrs[i] if attrs else ""}>{cells}</tr>')
    inner = "".join(body) or f'<tr><td colspan="{len(heads)}" class="muted">{e(empty)}</td></tr>'
    ident = f' id="{table_id}"' if table_id else ""
    return (f'<table class="wide"{ident}><thead><tr>{"".join(f"<th>{e(h)}</th>" for h in heads)}</tr></thead>'
            f'<tbody>{inner}</tbody></table>')


def to(path: str, **query: str) -> RedirectResponse:
    return RedirectResponse(path + ("?" + urlencode(query) if query else ""), status_code=303)


async def form_of(request: Request) -> tuple[ConsoleSession, dict[str, str], list[tuple[str, str]]]:
    """The signed-in session and the form (as a dict, and every pair for repeated names), whose CSRF token
    must be the session's."""
    session = session_of(request)
    if session is None:
        raise AuthError("sign in to the console first")
    pairs = [(k, str(v)) for k, v in (await request.form()).multi_items()]
    form = dict(pairs)
    if not secrets.compare_digest(form.get("csrf", ""), session.csrf):
        raise AuthError("the form is stale or was not sent from the console; reload the page and try again")
    return session, form, pairs


def when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts)) if ts else "—"


PageHandler = Callable[[Request, Runtime, ConsoleSession], HTMLResponse]


async def signed_in(request: Request, handler: PageHandler) -> Response:
    """Pages need a session (without one, the sign-in page); the handler runs off the event loop."""
    session = session_of(request)
    if session is None:
        return to("/console/sign-in")
    try:
        return await run_in_threadpool(handler, request, runtime(request), session)
    except HarkError as exc:
        return page("Not possible", "", session, flash=exc.message, status=exc.status)

