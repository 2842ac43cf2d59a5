"""Fetching against a real HTTP server on 127.0.0.1: limits, redirects, charsets, the SSRF guard."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hark.errors import BlockedURLError, FetchError, SourceError, UnsupportedURLError
from hark.settings import Settings
from hark.source import load_page

ARTICLE = "<html><body><p>Café society returns to the harbour, say the owners.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path
        if path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, b"", {"Location": f"/hop/{n - 1}" if n > 0 else "/ok"})
        elif path == "/ok":
            self._send(200, ARTICLE.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
        elif path == "/lying":  # says latin-1, sends UTF-8
            self._send(200, ARTICLE.encode("utf-8"), {"Content-Type": "text/html; charset=iso-8859-1"})
        elif path == "/cp1251":  # says nothing, sends windows-1251
            body = "<html><body><p>Сегодня в городе прошёл сильный дождь, сообщили синоптики.</p></body></html>"
            self._send(200, body.encode("cp1251"), {"Content-Type": "text/html"})
        elif path == "/huge":  # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
        elif path == "/binary":
            self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00", {"Content-Type": "text/html"})
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


LOCAL = Settings(allow_private_urls=True, fetch_timeout=5.0, fetch_max_bytes=1024 * 1024)


def test_fetches_a_page(base: str) -> None:
    page = load_page(f"{base}/ok", LOCAL)
    assert page.kind == "html" and "Café society" in page.content
    assert page.url == f"{base}/ok"


def test_follows_five_redirects_but_not_six(base: str) -> None:
    assert load_page(f"{base}/hop/4", LOCAL).url == f"{base}/ok"  # 5 redirects
    with pytest.raises(FetchError, match="redirected more than 5"):
        load_page(f"{base}/hop/5", LOCAL)


def test_size_cap_aborts_a_stream(base: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        load_page(f"{base}/huge", Settings(allow_private_urls=True, fetch_max_bytes=1024 * 1024))


def test_charset_that_lies_is_corrected(base: str) -> None:
    assert "Café society" in load_page(f"{base}/lying", LOCAL).content
    assert "сильный дождь" in load_page(f"{base}/cp1251", LOCAL).content


def test_http_errors_and_binary(base: str) -> None:
    with pytest.raises(FetchError, match="404"):
        load_page(f"{base}/missing", LOCAL)
    with pytest.raises(SourceError, match="binary"):
        load_page(f"{base}/binary", LOCAL)


def test_loopback_is_refused_without_the_setting(base: str) -> None:
    with pytest.raises(BlockedURLError, match="HARK_ALLOW_PRIVATE_URLS"):
        load_page(f"{base}/ok", Settings(allow_private_urls=False))


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/", "http://169.254.169.254/latest", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"]
)
def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedURLError):
        load_page(url, Settings(allow_private_urls=False))


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "gopher://x/", "javascript://alert(1)"])
def test_non_http_schemes_are_unsupported(url: str) -> None:
    with pytest.raises(UnsupportedURLError):
        load_page(url, LOCAL)
