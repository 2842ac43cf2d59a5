"""The console's publishing settings: feeds (add, poll now, last result), API keys (create, list, revoke) and
the reader-voice menu (which voices readers may choose in the player, and the default per language)."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import HarkError
from hark.models import Voice
from hark.service import feeds, keys, readers
from hark.service.runtime import Runtime
from hark.service.voices import menu_order, reader_label
from hark.web.console.frame import csrf_field, e, form_of, page, signed_in, table, to, when
from hark.web.console.sessions import ConsoleSession
from hark.web.deps import FeedId, runtime

router = APIRouter(prefix="/console", include_in_schema=False)


def _feeds(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = csrf_field(session)
    rows = [[f'<span class="url">{e(f.url)}</span>', e(f.voice_id or "default"), when(f.last_polled_at),
             f'{e(f.last_status or "not polled yet")} <span class="error">{e(f.last_error or "")}</span>',
             str(f.items_seen), f'<a href="/v1/feeds/{f.id}/podcast.xml">podcast</a>',
             f'<form class="inline" method="post" action="/console/feeds/{f.id}/poll">{csrf}'
             '<button type="submit">Poll now</button></form>'] for f in feeds.all_feeds(rt)]
    body = (f'<form class="card" method="post" action="/console/feeds">{csrf}<label>Feed URL (RSS or Atom) '
            '<input name="url" type="url" required size="40"></label><button type="submit">Add the feed</button></form>'
            + table(("Feed", "Voice", "Last poll", "Result", "Items", "Podcast", ""), rows,
                    empty="No feeds yet: add one and each new item is narrated.", table_id="feeds")
            + '<p><a href="/podcast.xml">Every article as one podcast</a></p>')
    return page("Feeds", body, session, flash=request.query_params.get("error", ""), here="/console/feeds")


@router.get("/feeds", response_class=HTMLResponse)
async def feeds_page(request: Request) -> Response:
    return await signed_in(request, _feeds)


@router.post("/feeds")
async def feeds_add(request: Request) -> Response:
    _, form, _ = await form_of(request)
    try:
        await run_in_threadpool(feeds.register, runtime(request), form.get("url", "").strip(), None)
    except HarkError as exc:
        return to("/console/feeds", error=exc.message)
    return to("/console/feeds")


@router.post("/feeds/{feed_id}/poll")
async def feeds_poll(request: Request, feed_id: int = FeedId) -> Response:
    await form_of(request)
    try:
        await run_in_threadpool(feeds.poll_now, runtime(request), feed_id)
    except HarkError as exc:
        return to("/console/feeds", error=exc.message)
    return to("/console/feeds")


def _keys(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = csrf_field(session)
    made = request.query_params.get("made", "")
    shown = (f'<section class="card"><p>The new key, shown this once: copy it now.</p><p><code id="new-key">{e(made)}'
             '</code></p></section>') if made else ""
    rows = [[e(k.name), f'<code>{e(k.prefix)}…</code>', when(k.created_at),
             f'revoked {when(k.revoked_at)}' if k.revoked_at else "live",
             "" if k.revoked_at else f'<form class="inline" method="post" action="/console/keys/revoke">{csrf}'
             f'<input type="hidden" name="prefix" value="{e(k.prefix)}"><button class="danger">Revoke</button></form>']
            for k in keys.list_keys(rt.store)]
    body = (f'{shown}<form class="card" method="post" action="/console/keys">{csrf}<label>Name (who the key is for) '
            '<input name="name" required></label><button type="submit">Create a key</button></form>'
            + table(("Name", "Key", "Created", "State", ""), rows, table_id="keys"))
    return page("Keys", body, session, flash=request.query_params.get("error", ""), here="/console/keys")


@router.get("/keys", response_class=HTMLResponse)
async def keys_page(request: Request) -> Response:
    return await signed_in(request, _keys)


@router.post("/keys")
async def keys_create(request: Request) -> Response:
    _, form, _ = await form_of(request)
    try:
        key = await run_in_threadpool(keys.create_key, runtime(request).store, form.get("name", ""))
    except HarkError as exc:
        return to("/console/keys", error=exc.message)
    # Shown once on the page it redirects to; the page is no-store so it is not kept by the browser.
    return to("/console/keys", made=key)


@router.post("/keys/revoke")
async def keys_revoke(request: Request) -> Response:
    _, form, _ = await form_of(request)
    try:
        await run_in_threadpool(keys.revoke_keys, runtime(request).store, form.get("prefix", ""))
    except HarkError as exc:
        return to("/console/keys", error=exc.message)
    return to("/console/keys")


def _voice_row(v: Voice, offered: set[str]) -> list[str]:
    preview = f"/v1/voices/{quote(v.id, safe='')}/preview"
    box = (f'<input type="checkbox" name="offer" value="{e(v.id)}" aria-label="Offer {e(v.id)}"'
           f'{" checked" if v.id in offered else ""}>')
    return [box, f'{e(reader_label(v))}<br><small class="muted">{e(v.id)}</small>', e(v.quality or ""),
            f'{v.base_wpm:.0f}' if v.base_wpm else "—",
            f'<audio controls preload="none" src="{e(preview)}" aria-label="Preview {e(v.id)}"></audio>']


def _voices(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    menu = readers.stored(rt)
    offered_voices = readers.offered(rt, menu)
    offered = {v.id for v in offered_voices}
    defaults = readers.defaults(rt, offered_voices)
    everyone = menu_order(rt.voices.voices())
    heads = ("Offer", "Voice", "Kind", "Base WPM", "Preview")
    main = [v for v in everyone if v.quality != "formant"]
    formant = [v for v in everyone if v.quality == "formant"]
    by_lang: dict[str, list[Voice]] = defaultdict(list)
    for v in offered_voices:
        by_lang[v.lang].append(v)
    choices = "".join(
        f'<label>Default for {e(lang)} <select name="default-{e(lang)}">'
        + "".join(f'<option value="{e(v.id)}"{" selected" if defaults.get(lang) == v.id else ""}>'
                  f'{e(reader_label(v))} ({e(v.id)})</option>' for v in voices) + '</select></label>'
        for lang, voices in sorted(by_lang.items()))
    more = (f'<details{" open" if offered & {v.id for v in formant} else ""}><summary>Formant voices '
            f'({len(formant)}): robotic, but they speak many languages</summary>'
            + table(heads, [_voice_row(v, offered) for v in formant]) + '</details>') if formant else ""
    source = ("your choice" if menu.offered else
              "not chosen yet: every neural voice" + (" (HARK_READER_VOICES)" if rt.settings.reader_voices else ""))
    body = (f'<form class="card" method="post" action="/console/voices">{csrf_field(session)}'
            f'<p class="muted">What the player\'s "Select Voice" menu offers readers ({e(source)}). Articles are '
            'narrated on publish in the default voice of their language; readers may ask for any offered voice.</p>'
            f'<h2>Defaults</h2><div class="defaults">{choices}</div>'
            '<h2>Offered voices</h2>' + table(heads, [_voice_row(v, offered) for v in main], table_id="voices")
            + more + '<button type="submit">Save the menu</button></form>')
    return page("Reader voices", body, session, flash=request.query_params.get("error", ""), here="/console/voices")


@router.get("/voices", response_class=HTMLResponse)
async def voices_page(request: Request) -> Response:
    return await signed_in(request, _voices)


@router.post("/voices")
async def voices_save(request: Request) -> Response:
    _, form, pairs = await form_of(request)
    offered = [v for k, v in pairs if k == "offer"]
    chosen = {k[len("default-"):]: v for k, v in form.items() if k.startswith("default-")}
    # A default left on a voice no longer offered is dropped: the registry's rules then pick for that language.
    chosen = {lang: v for lang, v in chosen.items() if v in offered}
    try:
        await run_in_threadpool(readers.choose, runtime(request), offered, chosen)
    except HarkError as exc:
        return to("/console/voices", error=exc.message)
    return to("/console/voices")
