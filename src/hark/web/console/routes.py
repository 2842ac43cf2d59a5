"""The console's pages: sign in with an API key, then articles, an article's figures and drop-off chart, feeds,
keys and the lexicon. Server-rendered HTML (every value through `html.escape`), forms with a CSRF token."""

from __future__ import annotations

import html
import secrets
import time
from pathlib import Path
from string import Template
from typing import Any, Callable
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import AuthError, ConflictError, HarkError
from hark.models import SynthesisOptions
from hark.script import Entry
from hark.service import analytics, articles, extraction, feeds, keys, lexicon, pronunciation
from hark.service.runtime import Runtime
from hark.service.speech import speak
from hark.web.console.chart import drop_off_svg
from hark.web.console.sessions import COOKIE, ConsoleSession, Sessions
from hark.web.deps import FeedId, ReportId, runtime

router = APIRouter(prefix="/console", include_in_schema=False)

STATIC = Path(__file__).parent / "static"
LAYOUT = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title · Hark console</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/console/static/console.css"></head>
<body><header><strong>Hark console</strong>$nav</header><main><h1>$title</h1>$flash$body</main></body></html>""")
NAV = ('<nav><a href="/console">Articles</a><a href="/console/feeds">Feeds</a><a href="/console/lexicon">Lexicon</a>'
       '<a href="/console/keys">Keys</a><a href="/console/reports">Reports</a></nav><form class="inline" method="post" action="/console/sign-out">'
       '$csrf<button type="submit">Sign out</button></form>')
e = html.escape


def _sessions(request: Request) -> Sessions:
    app = request.app
    if not hasattr(app.state, "console_sessions"):
        app.state.console_sessions = Sessions()
    return app.state.console_sessions  # type: ignore[no-any-return]


def _session(request: Request) -> ConsoleSession | None:
    return _sessions(request).get(request.cookies.get(COOKIE))


def _csrf_field(session: ConsoleSession) -> str:
    return f'<input type="hidden" name="csrf" value="{e(session.csrf)}">'


def _page(title: str, body: str, session: ConsoleSession | None, flash: str = "", status: int = 200) -> HTMLResponse:
    nav = Template(NAV).substitute(csrf=_csrf_field(session)) if session else ""
    shown = f'<p class="error" role="alert">{e(flash)}</p>' if flash else ""
    return HTMLResponse(LAYOUT.substitute(title=e(title), nav=nav, flash=shown, body=body), status_code=status,
                        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                                 "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                                            "media-src 'self'; img-src 'self' data:"})


def _to(path: str, **query: str) -> RedirectResponse:
    return RedirectResponse(path + ("?" + urlencode(query) if query else ""), status_code=303)


async def _form(request: Request) -> tuple[ConsoleSession, dict[str, str]]:
    """The signed-in session and the form, whose CSRF token must be the session's."""
    session = _session(request)
    if session is None:
        raise AuthError("sign in to the console first")
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not secrets.compare_digest(form.get("csrf", ""), session.csrf):
        raise AuthError("the form is stale or was not sent from the console; reload the page and try again")
    return session, form


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts)) if ts else "—"


def _signed_in(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Pages need a session; without one, the sign-in page."""
    async def page(request: Request) -> Response:
        session = _session(request)
        if session is None:
            return _to("/console/sign-in")
        rt: Runtime = runtime(request)
        try:
            return await run_in_threadpool(handler, request, rt, session)  # type: ignore[no-any-return]
        except HarkError as exc:
            return _page("Not possible", "", session, flash=exc.message, status=exc.status)

    return page


@router.get("/static/{name}")
def static(name: str) -> Response:
    path = STATIC / name
    if path.parent != STATIC or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, error: str = "") -> HTMLResponse:
    body = ('<form class="card" method="post" action="/console/sign-in"><label>API key '
            '<input name="key" type="password" autocomplete="current-password" required size="40"></label>'
            '<button type="submit">Sign in</button></form>'
            '<p class="muted">Make a key with <code>hark keys create NAME</code>.</p>')
    return _page("Sign in", body, None, flash=error)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    rt = runtime(request)
    try:
        name = await run_in_threadpool(keys.check_key, rt.store, f"Bearer {str(form.get('key', '')).strip()}")
    except AuthError:
        return _to("/console/sign-in", error="That key is not valid (or was revoked).")
    token, _ = _sessions(request).open(name)
    response = _to("/console")
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/console",
                        secure=request.url.scheme == "https", max_age=8 * 3600)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await _form(request)
    _sessions(request).close(request.cookies.get(COOKIE))
    response = _to("/console/sign-in")
    response.delete_cookie(COOKIE, path="/console")
    return response


def _articles(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    rows = []
    for a in articles.listing(rt, limit=100):
        figures = analytics.article_figures(rt, a["id"])
        voices = ", ".join(n["voice"] for n in a["narrations"])
        duration = next((n["duration_ms"] for n in a["narrations"] if n["duration_ms"]), None)
        rows.append(f'<tr><td><a href="/console/articles/{quote(a["id"])}">{e(a["title"] or a["id"])}</a></td>'
                    f'<td>{e(a["status"])}</td><td>{e(voices)}</td>'
                    f'<td>{round(duration / 1000) if duration else "—"} s</td><td>{figures["plays"]}</td>'
                    f'<td>{round(100 * figures["listen_through"]["100"])}%</td><td>{_when(a["created_at"])}</td></tr>')
    table = ('<table class="wide"><thead><tr><th>Article</th><th>Status</th><th>Voices</th><th>Duration</th>'
             '<th>Listens</th><th>Completion</th><th>Published</th></tr></thead><tbody>'
             + ("".join(rows) or '<tr><td colspan="7" class="muted">Nothing published yet.</td></tr>')
             + '</tbody></table><p><a href="/console/figures/daily.csv">Site-wide figures by day (CSV)</a></p>')
    return _page("Articles", table, session)


@router.get("", response_class=HTMLResponse)
async def articles_page(request: Request) -> Response:
    return await _signed_in(_articles)(request)  # type: ignore[no-any-return]


def _article(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    article_id = request.path_params["article_id"]
    a = articles.view(rt, article_id)
    f = analytics.article_figures(rt, article_id)
    narrations = "".join(
        f'<tr><td>{e(n["voice"])}</td><td>{e(n["status"])}</td><td>{n["version"]}</td>'
        f'<td>{round((n["duration_ms"] or 0) / 1000)} s</td><td>{n["synthesized"]}/{n["sentences"]}</td>'
        f'<td><audio controls preload="none" src="{e(n["audio_url"])}"></audio></td></tr>' for n in a["narrations"])
    through = " · ".join(f'{t}%: {round(100 * f["listen_through"][str(t)])}%' for t in analytics.THRESHOLDS)
    boxes = "".join(f"<div>{label}<b>{value}</b></div>" for label, value in (
        ("Loads", f["loads"]), ("Plays", f["plays"]), ("Play rate", f'{round(100 * f["play_rate"])}%'),
        ("Average speed", f'{f["average_rate"]}×' if f["average_rate"] else "—"),
        ("Voices", e(", ".join(f"{k} ({v})" for k, v in f["voices"].items()) or "—"))))
    light = drop_off_svg(f["drop_off"]).decode().split("?>", 1)[-1]
    dark = drop_off_svg(f["drop_off"], dark=True).decode().split("?>", 1)[-1]
    chart = (f'<section class="card chart" aria-label="Drop-off by paragraph"><h2>Still listening, by paragraph</h2>'
             f'<div class="light-only">{light}</div><div class="dark-only">{dark}</div>'
             f'<p class="muted">Listen-through: {through}. <a href="/console/articles/{quote(article_id)}/figures.csv">'
             f'CSV</a></p></section>')
    csrf = _csrf_field(session)
    body = (f'<p><a href="{e(a["url"] or "/articles/" + article_id)}">{e(a["url"] or "Reader page")}</a> · '
            f'{e(a["status"])} · {a["words"]} words</p><div class="figures">{boxes}</div>{chart}'
            '<h2>Narrations</h2><table class="wide"><thead><tr><th>Voice</th><th>Status</th><th>Version</th>'
            f'<th>Duration</th><th>Made/sentences</th><th>Listen</th></tr></thead><tbody>{narrations}</tbody></table>'
            f'{_what_will_be_read(rt, article_id, csrf)}'
            f'<form class="card" method="post" action="/console/articles/{quote(article_id)}/delete">{csrf}'
            '<button class="danger" type="submit">Delete this article, its audio and figures</button></form>')
    style = ('<style>.dark-only{display:none}@media (prefers-color-scheme: dark){.dark-only{display:block}'
             '.light-only{display:none}}</style>')
    return _page(a["title"] or article_id, style + body, session)


def _what_will_be_read(rt: Runtime, article_id: str, csrf: str) -> str:
    """Every line of a text article with a box to read it or not (the publisher's overrides)."""
    try:
        found = extraction.decisions(rt, article_id)
    except ConflictError as exc:
        return f'<section class="card"><h2>What will be read</h2><p class="muted">{e(exc.message)}</p></section>'
    rows = "".join(
        f'<tr class="{"kept" if line["kept"] else "removed"}"><td><input type="checkbox" name="keep-{line["line"]}" '
        f'aria-label="Read line {line["line"]}"{" checked" if line["kept"] else ""}></td><td>{line["line"]}</td>'
        f'<td>{e(line["text"])}</td><td>{e(line["reason"])}</td>'
        f'<td>{"—" if line["confidence"] is None else line["confidence"]}</td></tr>' for line in found["lines"])
    return (f'<form class="card" method="post" action="/console/articles/{quote(article_id)}/extraction">{csrf}'
            '<h2>What will be read</h2><p class="muted">Ticked lines are narrated; change them and save to '
            're-narrate.</p><table class="wide"><thead><tr><th>Read</th><th>Line</th><th>Text</th><th>Why</th>'
            f'<th>Model</th></tr></thead><tbody>{rows}</tbody></table>'
            '<button type="submit">Save and re-narrate</button></form>')


@router.post("/articles/{article_id}/extraction")
async def choose_lines(request: Request, article_id: str) -> Response:
    _, form = await _form(request)
    kept = {int(name[5:]) for name in form if name.startswith("keep-") and name[5:].isdigit()}
    await run_in_threadpool(extraction.choose, runtime(request), article_id, kept)
    return _to(f"/console/articles/{quote(article_id)}")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request) -> Response:
    return await _signed_in(_article)(request)  # type: ignore[no-any-return]


@router.get("/articles/{article_id}/figures.csv")
async def article_csv(request: Request, article_id: str) -> Response:
    if _session(request) is None:
        return _to("/console/sign-in")
    figures = await run_in_threadpool(analytics.article_figures, runtime(request), article_id)
    return Response(analytics.article_csv(figures), media_type="text/csv")


@router.get("/figures/daily.csv")
async def daily_csv(request: Request) -> Response:
    if _session(request) is None:
        return _to("/console/sign-in")
    rows = await run_in_threadpool(analytics.daily, runtime(request), 30)
    return Response(analytics.daily_csv(rows), media_type="text/csv")


@router.post("/articles/{article_id}/delete")
async def delete_article(request: Request, article_id: str) -> Response:
    await _form(request)
    await run_in_threadpool(articles.delete, runtime(request), article_id)
    return _to("/console")


def _lexicon(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = _csrf_field(session)
    rows = []
    for entry in lexicon.entries(rt.settings):
        hear = "/console/lexicon/hear?" + urlencode({"word": entry.word, "voice": entry.voice or ""})
        rows.append(f'<tr><td>{e(entry.word)}</td><td>{e(entry.respelling or "")}</td><td>{e(entry.phonemes or "")}</td>'
                    f'<td>{e(entry.language or "any")}</td><td>{e(entry.voice or "any")}</td>'
                    f'<td><audio controls preload="none" src="{e(hear)}" aria-label="Hear {e(entry.word)}"></audio></td>'
                    f'<td><form class="inline" method="post" action="/console/lexicon/delete">{csrf}'
                    f'<input type="hidden" name="word" value="{e(entry.word)}">'
                    f'<input type="hidden" name="language" value="{e(entry.language or "")}">'
                    f'<input type="hidden" name="voice" value="{e(entry.voice or "")}">'
                    '<button class="danger" type="submit">Delete</button></form></td></tr>')
    voices = "".join(f'<option value="{e(v.id)}">{e(v.id)}</option>' for v in rt.voices.voices())
    body = (f'<form class="card" method="post" action="/console/lexicon">{csrf}'
            '<label>Word <input name="word" required></label>'
            '<label>Respelling <input name="respelling"></label><label>IPA <input name="phonemes"></label>'
            '<label>Language <input name="language" size="4" placeholder="any"></label>'
            f'<label>Voice <select name="voice"><option value="">any</option>{voices}</select></label>'
            '<button type="submit">Add</button></form>'
            '<table class="wide" id="lexicon"><thead><tr><th>Word</th><th>Respelling</th><th>IPA</th><th>Language</th>'
            '<th>Voice</th><th>Hear it</th><th></th></tr></thead><tbody>' + "".join(rows) + '</tbody></table>')
    return _page("Lexicon", body, session, flash=request.query_params.get("error", ""))


@router.get("/lexicon", response_class=HTMLResponse)
async def lexicon_page(request: Request) -> Response:
    return await _signed_in(_lexicon)(request)  # type: ignore[no-any-return]


@router.post("/lexicon")
async def lexicon_add(request: Request) -> Response:
    _, form = await _form(request)
    rt = runtime(request)
    try:
        voice = rt.voices.resolve(form["voice"]).id if form.get("voice") else None
        entry = Entry(word=form.get("word", "").strip(), respelling=form.get("respelling") or None,
                      phonemes=form.get("phonemes") or None, language=(form.get("language") or "").lower() or None,
                      voice=voice)
        await run_in_threadpool(lexicon.add, rt.settings, entry)
    except HarkError as exc:
        return _to("/console/lexicon", error=exc.message)
    return _to("/console/lexicon")


@router.post("/lexicon/delete")
async def lexicon_delete(request: Request) -> Response:
    _, form = await _form(request)
    rt = runtime(request)
    try:
        await run_in_threadpool(lexicon.remove_entry, rt.settings, form.get("word", ""), form.get("language") or None,
                                form.get("voice") or None)
    except HarkError as exc:
        return _to("/console/lexicon", error=exc.message)
    return _to("/console/lexicon")


@router.get("/lexicon/hear")
async def lexicon_hear(request: Request, word: str, voice: str = "") -> Response:
    if _session(request) is None:
        return Response(status_code=401)
    rt = runtime(request)
    speaker = rt.voices.resolve(voice or None)
    audio = await run_in_threadpool(speak, rt, word[:200], speaker, SynthesisOptions(format="mp3"))
    return Response(audio, media_type="audio/mpeg", headers={"Cache-Control": "no-store"})


def _keys(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = _csrf_field(session)
    made = request.query_params.get("made", "")
    shown = (f'<section class="card"><p>The new key (shown this once): <code id="new-key">{e(made)}</code></p>'
             '</section>') if made else ""
    rows = "".join(
        f'<tr><td>{e(k.name)}</td><td><code>{e(k.prefix)}…</code></td><td>{_when(k.created_at)}</td>'
        f'<td>{"revoked " + _when(k.revoked_at) if k.revoked_at else "live"}</td><td>'
        + ("" if k.revoked_at else f'<form class="inline" method="post" action="/console/keys/revoke">{csrf}'
           f'<input type="hidden" name="prefix" value="{e(k.prefix)}"><button class="danger">Revoke</button></form>')
        + '</td></tr>' for k in keys.list_keys(rt.store))
    body = (f'{shown}<form class="card" method="post" action="/console/keys">{csrf}<label>Name '
            '<input name="name" required></label><button type="submit">Create a key</button></form>'
            '<table class="wide"><thead><tr><th>Name</th><th>Key</th><th>Created</th><th>State</th><th></th></tr>'
            f'</thead><tbody>{rows}</tbody></table>')
    return _page("Keys", body, session, flash=request.query_params.get("error", ""))


@router.get("/keys", response_class=HTMLResponse)
async def keys_page(request: Request) -> Response:
    return await _signed_in(_keys)(request)  # type: ignore[no-any-return]


@router.post("/keys")
async def keys_create(request: Request) -> Response:
    _, form = await _form(request)
    try:
        key = await run_in_threadpool(keys.create_key, runtime(request).store, form.get("name", ""))
    except HarkError as exc:
        return _to("/console/keys", error=exc.message)
    # Shown once on the page it redirects to; the page is no-store so it is not kept by the browser.
    return _to("/console/keys", made=key)


@router.post("/keys/revoke")
async def keys_revoke(request: Request) -> Response:
    _, form = await _form(request)
    try:
        await run_in_threadpool(keys.revoke_keys, runtime(request).store, form.get("prefix", ""))
    except HarkError as exc:
        return _to("/console/keys", error=exc.message)
    return _to("/console/keys")


def _feeds(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = _csrf_field(session)
    rows = "".join(
        f'<tr><td>{e(f.url)}</td><td>{e(f.voice_id or "default")}</td><td>{_when(f.last_polled_at)}</td>'
        f'<td>{e(f.last_status or "—")} <span class="error">{e(f.last_error or "")}</span></td><td>{f.items_seen}</td>'
        f'<td><a href="/v1/feeds/{f.id}/podcast.xml">podcast</a></td>'
        f'<td><form class="inline" method="post" action="/console/feeds/{f.id}/poll">{csrf}'
        '<button type="submit">Poll now</button></form></td></tr>' for f in feeds.all_feeds(rt))
    body = (f'<form class="card" method="post" action="/console/feeds">{csrf}<label>Feed URL '
            '<input name="url" type="url" required size="40"></label><button type="submit">Add</button></form>'
            '<table class="wide"><thead><tr><th>Feed</th><th>Voice</th><th>Last poll</th><th>Result</th>'
            f'<th>Items</th><th></th><th></th></tr></thead><tbody>{rows}</tbody></table>'
            '<p><a href="/podcast.xml">All articles as a podcast</a></p>')
    return _page("Feeds", body, session, flash=request.query_params.get("error", ""))


@router.get("/feeds", response_class=HTMLResponse)
async def feeds_page(request: Request) -> Response:
    return await _signed_in(_feeds)(request)  # type: ignore[no-any-return]


@router.post("/feeds")
async def feeds_add(request: Request) -> Response:
    _, form = await _form(request)
    try:
        await run_in_threadpool(feeds.register, runtime(request), form.get("url", "").strip(), None)
    except HarkError as exc:
        return _to("/console/feeds", error=exc.message)
    return _to("/console/feeds")


@router.post("/feeds/{feed_id}/poll")
async def feeds_poll(request: Request, feed_id: int = FeedId) -> Response:
    await _form(request)
    try:
        await run_in_threadpool(feeds.poll_now, runtime(request), feed_id)
    except HarkError as exc:
        return _to("/console/feeds", error=exc.message)
    return _to("/console/feeds")


def _reports(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = _csrf_field(session)
    done = request.query_params.get("renarrated", "")
    note = f'<p class="muted" id="renarrated">Re-narrating {e(done)} article(s).</p>' if done else ""
    rows = "".join(
        f'<tr data-word="{e(r.word)}"><td><b>{e(r.word)}</b></td><td>{e(r.sentence)}</td>'
        f'<td><a href="/console/articles/{quote(r.article_id)}">{e(r.article_id)}</a></td>'
        f'<td><audio controls preload="none" aria-label="Hear the word in its voice" src="/console/lexicon/hear?'
        f'{e(urlencode({"word": r.sentence or r.word, "voice": r.voice_id or ""}))}"></audio></td>'
        f'<td><form method="post" action="/console/reports/{r.id}/accept">{csrf}'
        '<input name="respelling" placeholder="respelling" aria-label="Respelling">'
        '<input name="phonemes" placeholder="IPA" aria-label="IPA"><button type="submit">Accept fix</button></form>'
        f'<form class="inline" method="post" action="/console/reports/{r.id}/dismiss">{csrf}'
        '<button class="danger" type="submit">Dismiss</button></form></td></tr>'
        for r in pronunciation.open_reports(rt))
    body = (note + '<table class="wide" id="reports"><thead><tr><th>Word</th><th>Sentence</th><th>Article</th>'
            '<th>Heard</th><th>Fix</th></tr></thead><tbody>'
            + (rows or '<tr><td colspan="5" class="muted">No open reports.</td></tr>') + '</tbody></table>')
    return _page("Reader reports", body, session, flash=request.query_params.get("error", ""))


@router.get("/reports", response_class=HTMLResponse)
async def reports_page(request: Request) -> Response:
    return await _signed_in(_reports)(request)  # type: ignore[no-any-return]


@router.post("/reports/{report_id}/accept")
async def reports_accept(request: Request, report_id: int = ReportId) -> Response:
    _, form = await _form(request)
    try:
        touched = await run_in_threadpool(pronunciation.accept, runtime(request), report_id,
                                          form.get("respelling", "").strip(), form.get("phonemes", "").strip())
    except HarkError as exc:
        return _to("/console/reports", error=exc.message)
    return _to("/console/reports", renarrated=str(len(touched)))


@router.post("/reports/{report_id}/dismiss")
async def reports_dismiss(request: Request, report_id: int = ReportId) -> Response:
    await _form(request)
    try:
        await run_in_threadpool(pronunciation.dismiss, runtime(request), report_id)
    except HarkError as exc:
        return _to("/console/reports", error=exc.message)
    return _to("/console/reports")
