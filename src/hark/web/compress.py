"""Gzip for the player's text: player.js, its static files, timing maps and captions (audio is never
compressed: it is already, and byte ranges must address the file itself)."""

from __future__ import annotations

import re

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

_TEXT = re.compile(r"^/(player\.js|static/player/(parts/)?[^/]+\.(js|css|svg|json)|v1/articles/[^/]+/(timings|captions\.vtt))$")


class PlayerGzip:
    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _TEXT.match(scope.get("path", "")):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
