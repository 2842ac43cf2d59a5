"""The console's pronunciation pages: the lexicon (add, hear it, delete) and the readers' "sounds wrong" queue,
where each report plays the sentence as the reader heard it and accepting a fix re-narrates what says the word."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import HarkError
from hark.models import SynthesisOptions
from hark.script import Entry
from hark.service import lexicon, pronunciation
from hark.service.runtime import Runtime
from hark.service.speech import speak
from hark.web.console.frame import csrf_field, e, form_of, page, session_of, signed_in, table, to
from hark.web.console.sessions import ConsoleSession
from hark.web.deps import ReportId, runtime

router = APIRouter(prefix="/console", include_in_schema=False)


def _hear(word: str, voice: str | None, label: str) -> str:
    src = "/console/lexicon/hear?" + urlencode({"word": word, "voice": voice or ""})
    return f'<audio controls preload="none" src="{e(src)}" aria-label="{e(label)}"></audio>'


def _lexicon(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = csrf_field(session)
    heads = ("Word", "Respelling", "IPA", "Language", "Voice", "Hear it", "")

    def rows(found: list[Entry], button: str) -> list[list[str]]:
        return [[e(x.word), e(x.respelling or ""), e(x.phonemes or ""), e(x.language or "any"), e(x.voice or "any"),
                 _hear(x.word, x.voice, f"Hear {x.word}"),
                 f'<form class="inline" method="post" action="/console/lexicon/delete">{csrf}'
                 f'<input type="hidden" name="word" value="{e(x.word)}">'
                 f'<input type="hidden" name="language" value="{e(x.language or "")}">'
                 f'<input type="hidden" name="voice" value="{e(x.voice or "")}">'
                 f'<button class="{button}" type="submit">Delete</button></form>'] for x in found]

    own, builtin = lexicon.split_entries(rt.settings)
    voices = "".join(f'<option value="{e(v.id)}">{e(v.id)}</option>' for v in rt.voices.voices())
    body = (f'<form class="card grid" method="post" action="/console/lexicon">{csrf}'
            '<label>Word <input name="word" required></label>'
            '<label>Respelling <input name="respelling" placeholder="Kee-yev"></label>'
            '<label>or IPA <input name="phonemes" placeholder="ˈkiːjɛv"></label>'
            '<label>Language <input name="language" size="4" placeholder="any"></label>'
            f'<label>Voice <select name="voice"><option value="">any</option>{voices}</select></label>'
            '<button type="submit">Add</button></form>'
            '<p class="muted">Say how a word is read, by respelling or IPA; "Hear it" plays the word in the voice '
            'with the lexicon applied. New narrations use it; a reader\'s report can re-narrate what says it.</p>'
            + '<h2>Your entries</h2>' + table(heads, rows(own, "danger"), empty="No entries of your own yet.",
                                              table_id="lexicon")
            + f'<details><summary>Built-in entries ({len(builtin)}): names in the news, shipped with Hark</summary>'
            + table(heads, rows(builtin, "quiet"), table_id="builtin") + '</details>')
    return page("Lexicon", body, session, flash=request.query_params.get("error", ""), here="/console/lexicon")


@router.get("/lexicon", response_class=HTMLResponse)
async def lexicon_page(request: Request) -> Response:
    return await signed_in(request, _lexicon)


@router.post("/lexicon")
async def lexicon_add(request: Request) -> Response:
    _, form, _ = await form_of(request)
    rt = runtime(request)
    try:
        voice = rt.voices.resolve(form["voice"]).id if form.get("voice") else None
        entry = Entry(word=form.get("word", "").strip(), respelling=form.get("respelling") or None,
                      phonemes=form.get("phonemes") or None, language=(form.get("language") or "").lower() or None,
                      voice=voice)
        await run_in_threadpool(lexicon.add, rt.settings, entry)
    except HarkError as exc:
        return to("/console/lexicon", error=exc.message)
    return to("/console/lexicon")


@router.post("/lexicon/delete")
async def lexicon_delete(request: Request) -> Response:
    _, form, _ = await form_of(request)
    rt = runtime(request)
    try:
        await run_in_threadpool(lexicon.remove_entry, rt.settings, form.get("word", ""), form.get("language") or None,
                                form.get("voice") or None)
    except HarkError as exc:
        return to("/console/lexicon", error=exc.message)
    return to("/console/lexicon")


@router.get("/lexicon/hear")
async def lexicon_hear(request: Request, word: str, voice: str = "") -> Response:
    if session_of(request) is None:
        return Response(status_code=401)
    rt = runtime(request)
    speaker = rt.voices.resolve(voice or None)
    audio = await run_in_threadpool(speak, rt, word[:200], speaker, SynthesisOptions(format="mp3"))
    return Response(audio, media_type="audio/mpeg", headers={"Cache-Control": "no-store"})


def _report_row(rt: Runtime, r: pronunciation.Report, csrf: str) -> list[str]:
    at = pronunciation.heard(rt, r)
    # A media fragment plays just the sentence from the served narration: what the reader heard.
    heard = (f'<audio class="sentence" controls preload="none" aria-label="The sentence as narrated" '
             f'src="{e(at.audio_url)}#t={at.start_ms / 1000:.2f},{at.end_ms / 1000:.2f}"></audio>'
             if at else '<span class="muted">no audio any more</span>')
    fix = (f'<form class="fix" method="post" action="/console/reports/{r.id}/accept">{csrf}'
           '<input name="respelling" placeholder="respelling" aria-label="Respelling">'
           '<input name="phonemes" placeholder="or IPA" aria-label="IPA"><button type="submit">Accept fix</button></form>'
           f'<form class="inline" method="post" action="/console/reports/{r.id}/dismiss">{csrf}'
           '<button class="quiet" type="submit">Dismiss</button></form>')
    return [f'<b>{e(r.word)}</b>', e(r.sentence), f'<a href="/console/articles/{quote(r.article_id)}">{e(r.article_id)}'
            f'</a><br><small class="muted">{e(r.voice_id or "")}</small>', heard,
            _hear(r.word, r.voice_id, "The word alone, with the lexicon as it is now"), fix]


def _reports(request: Request, rt: Runtime, session: ConsoleSession) -> HTMLResponse:
    csrf = csrf_field(session)
    done = request.query_params.get("renarrated", "")
    note = (f'<p class="note" role="status" id="renarrated">Fixed: re-narrating {e(done)} article(s) that say the '
            'word; only the sentences with it are made again.</p>') if done else ""
    found = pronunciation.open_reports(rt)
    body = (note + '<p class="muted">Words readers marked "sounds wrong" in the player. Accepting a fix adds it to '
            'the lexicon and closes every report of the word.</p>'
            + table(("Word", "Sentence", "Article", "Heard", "Word now", "Fix"), [_report_row(rt, r, csrf) for r in found],
                    empty="No open reports.", table_id="reports", row_attrs=[f'data-word="{e(r.word)}"' for r in found]))
    return page("Reader reports", body, session, flash=request.query_params.get("error", ""), here="/console/reports")


@router.get("/reports", response_class=HTMLResponse)
async def reports_page(request: Request) -> Response:
    return await signed_in(request, _reports)


@router.post("/reports/{report_id}/accept")
async def reports_accept(request: Request, report_id: int = ReportId) -> Response:
    _, form, _ = await form_of(request)
    try:
        touched = await run_in_threadpool(pronunciation.accept, runtime(request), report_id,
                                          form.get("respelling", "").strip(), form.get("phonemes", "").strip())
    except HarkError as exc:
        return to("/console/reports", error=exc.message)
    return to("/console/reports", renarrated=str(len(touched)))


@router.post("/reports/{report_id}/dismiss")
async def reports_dismiss(request: Request, report_id: int = ReportId) -> Response:
    await form_of(request)
    try:
        await run_in_threadpool(pronunciation.dismiss, runtime(request), report_id)
    except HarkError as exc:
        return to("/console/reports", error=exc.message)
    return to("/console/reports")
