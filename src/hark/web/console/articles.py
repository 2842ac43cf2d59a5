"""The console's article pages: the list (newest first, with listens and completion), one article (figures,
drop-off chart, narrations, what will be read, re-narrate, delete), and the site's figures by day."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import ConflictError
from hark.service import analytics, articles, extraction
from hark.service.runtime import Runtime
from hark.web.console.chart import daily_svg, drop_off_svg, inline
from hark.web.console.frame import csrf_field, e, form_of, page, session_of, signed_in, table, to, when
from hark.web.console.sessions import ConsoleSession
from hark.web.deps import runtime

router = APIRouter(prefix="/console", include_in_schema=False)
DAYS = 30


def _seconds(ms: int | None) -> str:
    if not ms:
        return "—"
    s = round(ms / 1000)
    return f"{s // 60} min {s % 60:02d} s" if s >= 60 else f"{s} s"


def _both(light: bytes, dark: bytes) -> str:
    """One chart per colour scheme; the stylesheet shows the one that matches."""
    return f'<div class="light-only">{inline(light)}</div><div class="dark-only">{inline(dark)}</div>'


def _articles(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    rows = []
    for a in articles.listing(rt, limit=100):
        f = analytics.article_figures(rt, a["id"])
        main = a["narrations"][0] if a["narrations"] else None  # the default voice's comes first
        rows.append([f'<a href="/console/articles/{quote(a["id"])}">{e(a["title"] or a["id"])}</a>',
                     f'<span class="status {e(a["status"])}">{e(a["status"])}</span>',
                     e(", ".join(n["voice"] for n in a["narrations"]) or "—"),
                     _seconds(main["duration_ms"] if main else None), str(f["plays"]),
                     f'{round(100 * f["listen_through"]["100"])}%' if f["plays"] else "—", when(a["created_at"])])
    body = (table(("Article", "Status", "Voices", "Duration", "Listens", "Completion", "Published"), rows,
                  empty="Nothing published yet.", table_id="articles")
            + '<p class="muted">Listens are plays (sessions that pressed Listen); completion is the share of them '
              'that heard the end. <a href="/console/figures">The site by day</a></p>')
    return page("Articles", body, session, here="/console")


@router.get("", response_class=HTMLResponse)
async def articles_page(request: Request) -> Response:
    return await signed_in(request, _articles)


def _article(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    article_id = request.path_params["article_id"]
    a = articles.view(rt, article_id)
    f = analytics.article_figures(rt, article_id)
    csrf = csrf_field(session)
    here = f"/console/articles/{quote(article_id)}"
    narrations = table(("Voice", "Status", "Version", "Duration", "Synthesized", "Listen"), [
        [e(n["voice"]), e(n["status"]), str(n["version"]), _seconds(n["duration_ms"]),
         f'{n["synthesized"]} of {n["sentences"]}',
         f'<audio controls preload="none" src="{e(n["audio_url"])}" aria-label="Listen in {e(n["voice"])}"></audio>'
         if n["status"] == "ready" else "—"] for n in a["narrations"]], empty="No narration yet.", table_id="narrations")
    through = " · ".join(f'{t}%: <b>{round(100 * f["listen_through"][str(t)])}%</b>' for t in analytics.THRESHOLDS)
    boxes = "".join(f'<div><span>{label}</span><b>{value}</b></div>' for label, value in (
        ("Loads", f["loads"]), ("Plays", f["plays"]), ("Play rate", f'{round(100 * f["play_rate"])}%'),
        ("Average speed", f'{f["average_rate"]:.2f}×' if f["average_rate"] else "—"),
        ("Voices chosen", e(", ".join(f"{k} ({v})" for k, v in f["voices"].items()) or "—"))))
    chart = (f'<section class="card chart" aria-label="Drop-off by paragraph"><h2>Still listening, by paragraph</h2>'
             f'{_both(drop_off_svg(f["drop_off"]), drop_off_svg(f["drop_off"], dark=True))}'
             f'<p>Listen-through: {through}</p><p class="muted">Hover a bar for its paragraph\'s first words. '
             f'<a href="{here}/figures.csv">Download as CSV</a></p></section>')
    actions = (f'<div class="actions"><form class="inline" method="post" action="{here}/renarrate">{csrf}'
               '<button type="submit">Re-narrate</button></form>'
               f'<form class="inline" method="post" action="{here}/delete">{csrf}'
               '<button class="danger" type="submit">Delete the article, its audio and figures</button></form></div>')
    note = ('<p class="note" role="status" id="renarrating">Narrating again: the current audio plays until the new '
            'version is ready.</p>') if request.query_params.get("renarrating") else ""
    link = a["url"] or f"/articles/{article_id}"
    body = (f'{note}<p><a href="{e(link)}">{e(a["url"] or "Reader page")}</a> · {e(a["status"])} · {a["words"]} words'
            f' · {a["reading_minutes"]} min to read</p>{actions}<div class="figures">{boxes}</div>{chart}'
            f'<h2>Narrations</h2>{narrations}{_what_will_be_read(rt, article_id, csrf)}')
    return page(a["title"] or article_id, body, session, flash=request.query_params.get("error", ""))


def _what_will_be_read(rt: Runtime, article_id: str, csrf: str) -> str:
    """Every line of a text article with a box to read it or not (the publisher's overrides)."""
    try:
        found = extraction.decisions(rt, article_id)
    except ConflictError:
        return ('<section class="card"><h2>What will be read</h2><p class="muted">This article came as a web page: '
                'its title, standfirst and paragraphs are read as listed under Narrations. Line-by-line choices '
                'are for articles published as plain text.</p></section>')
    rows = [[f'<input type="checkbox" name="keep-{line["line"]}" aria-label="Read line {line["line"]}"'
             f'{" checked" if line["kept"] else ""}>', str(line["line"]), e(line["text"]), e(line["reason"]),
             "—" if line["confidence"] is None else str(line["confidence"])] for line in found["lines"]]
    attrs = [f'class="{"kept" if line["kept"] else "removed"}"' for line in found["lines"]]
    return (f'<form class="card" method="post" action="/console/articles/{quote(article_id)}/extraction">{csrf}'
            '<h2>What will be read</h2><p class="muted">Ticked lines are narrated: tick a line to restore it, untick '
            'one to remove it, then save to narrate again.</p>'
            + table(("Read", "Line", "Text", "Why", "Model"), rows, row_attrs=attrs)
            + '<button type="submit">Save and re-narrate</button></form>')


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request) -> Response:
    return await signed_in(request, _article)


@router.post("/articles/{article_id}/extraction")
async def choose_lines(request: Request, article_id: str) -> Response:
    _, form, _ = await form_of(request)
    kept = {int(name[5:]) for name in form if name.startswith("keep-") and name[5:].isdigit()}
    await run_in_threadpool(extraction.choose, runtime(request), article_id, kept)
    return to(f"/console/articles/{quote(article_id)}")


@router.post("/articles/{article_id}/renarrate")
async def renarrate(request: Request, article_id: str) -> Response:
    await form_of(request)
    await run_in_threadpool(articles.renarrate, runtime(request), article_id)
    return to(f"/console/articles/{quote(article_id)}", renarrating="1")


@router.post("/articles/{article_id}/delete")
async def delete_article(request: Request, article_id: str) -> Response:
    await form_of(request)
    await run_in_threadpool(articles.delete, runtime(request), article_id)
    return to("/console")


@router.get("/articles/{article_id}/figures.csv")
async def article_csv(request: Request, article_id: str) -> Response:
    if session_of(request) is None:
        return to("/console/sign-in")
    figures = await run_in_threadpool(analytics.article_figures, runtime(request), article_id)
    return Response(analytics.article_csv(figures), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{article_id}-figures.csv"'})


def _site(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    days = analytics.daily(rt, DAYS)
    totals = {k: sum(d[k] for d in days) for k in ("loads", "plays", "completions")}
    boxes = "".join(f'<div><span>{label}</span><b>{value}</b></div>' for label, value in (
        ("Loads", totals["loads"]), ("Plays", totals["plays"]), ("Listened to the end", totals["completions"]),
        ("Play rate", f'{round(100 * totals["plays"] / totals["loads"])}%' if totals["loads"] else "—")))
    chart = (f'<section class="card chart" aria-label="Loads and plays by day"><h2>Loads and plays, last {DAYS} days'
             f'</h2>{_both(daily_svg(days), daily_svg(days, dark=True))}<p class="muted">Hover a bar for the day\'s '
             'figures. <a href="/console/figures/daily.csv">Download as CSV</a></p></section>')
    rows = [[d["day"], str(d["loads"]), str(d["plays"]), str(d["completions"]), f'{round(100 * d["play_rate"])}%']
            for d in reversed(days) if d["loads"] or d["plays"]]
    body = (f'<div class="figures">{boxes}</div>{chart}<h2>Days with listeners</h2>'
            + table(("Day", "Loads", "Plays", "Listened to the end", "Play rate"), rows,
                    empty="No listeners yet.", table_id="days")
            + '<p class="muted">Figures count the player\'s random per-page-view session ids: no address, cookie or '
              'other personal data is stored.</p>')
    return page("The site by day", body, session, here="/console/figures")


@router.get("/figures", response_class=HTMLResponse)
async def site_page(request: Request) -> Response:
    return await signed_in(request, _site)


@router.get("/figures/daily.csv")
async def daily_csv(request: Request) -> Response:
    if session_of(request) is None:
        return to("/console/sign-in")
    rows = await run_in_threadpool(analytics.daily, runtime(request), DAYS)
    return Response(analytics.daily_csv(rows), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="hark-daily.csv"'})
