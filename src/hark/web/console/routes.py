"""The publisher's console at /console: sign in with an API key, then the pages of `articles`, `publishing` and
`words`. Server-rendered HTML with no script and no build step; every form carries the session's CSRF token."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hark.errors import AuthError
from hark.service import keys
from hark.web.console import articles, publishing, words
from hark.web.console.frame import form_of, page, sessions, to
from hark.web.console.sessions import COOKIE, LIFETIME
from hark.web.deps import runtime

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"


@router.get("/console/static/{name}")
def static(name: str) -> Response:
    path = STATIC / name
    if path.parent != STATIC or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/console/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, error: str = "") -> HTMLResponse:
    body = ('<form class="card" method="post" action="/console/sign-in"><label>API key '
            '<input name="key" type="password" autocomplete="current-password" required size="40"></label>'
            '<button type="submit">Sign in</button></form>'
            '<p class="muted">Make a key with <code>hark keys create NAME</code>.</p>')
    return page("Sign in", body, None, flash=error)


@router.post("/console/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    rt = runtime(request)
    try:
        name = await run_in_threadpool(keys.check_key, rt.store, f"Bearer {str(form.get('key', '')).strip()}")
    except AuthError:
        return to("/console/sign-in", error="That key is not valid (or was revoked).")
    token, _ = sessions(request).open(name)
    response = to("/console")
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/console",
                        secure=request.url.scheme == "https", max_age=LIFETIME)
    return response


@router.post("/console/sign-out")
async def sign_out(request: Request) -> Response:
    await form_of(request)
    sessions(request).close(request.cookies.get(COOKIE))
    response = to("/console/sign-in")
    response.delete_cookie(COOKIE, path="/console")
    return response


for _module in (articles, publishing, words):
    router.include_router(_module.router)
