"""The SSRF guard against a loopback trap server: no form of a private address may reach it.

The trap counts the connections it accepts; every test asserts the count stays 0, so a refusal
that happens only after connecting (or a "Could not fetch" instead of a refusal) fails.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hark.errors import BlockedURLError
from hark.settings import Settings
from hark.source import load_page
from hark.source.connect import GuardedTransport
from hark.source.feedfetch import fetch_feed
from hark.source.fetch import fetch
from hark.source.guard import embedded_ipv4, is_public

GUARDED = Settings(allow_private_urls=False, fetch_timeout=3.0, _env_file=None)  # type: ignore[call-arg]


class Trap:
    """A TCP listener on 127.0.0.1 that counts accepted connections and answers a page to each."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            body = b"<html><body><p>Inside secrets reached by the fetcher, which should never happen.</p></body></html>"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    made = Trap()
    yield made
    made.close()


def _forms(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/",
        f"http://127.1:{port}/",
        f"http://2130706433:{port}/",  # 127.0.0.1 as one decimal number
        f"http://localhost:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped
        f"http://[::127.0.0.1]:{port}/",  # IPv4-compatible
        f"http://[64:ff9b::127.0.0.1]:{port}/",  # NAT64 well-known prefix
        f"http://[64:ff9b:1::7f00:1]:{port}/",  # NAT64 local-use prefix
        f"http://[2002:7f00:1::]:{port}/",  # 6to4 of 127.0.0.1
        f"http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{port}/",  # Teredo, client 127.0.0.1
        f"http://[::1]:{port}/",
        f"http://[fe80::1]:{port}/",
        f"http://[fc00::1]:{port}/",
        f"http://0.0.0.0:{port}/",
        f"http://169.254.169.254:{port}/latest",
        f"http://224.0.0.1:{port}/",
        f"http://100.64.0.1:{port}/",
    ]


@pytest.mark.parametrize("index", range(17))
def test_every_private_form_is_refused_before_connecting(trap: Trap, index: int) -> None:
    url = _forms(trap.port)[index]
    with pytest.raises(BlockedURLError, match="private, loopback or reserved"):
        load_page(url, GUARDED)
    assert trap.accepted == 0


@pytest.mark.parametrize(
    "address,inner",
    [("::ffff:10.0.0.1", "10.0.0.1"), ("::10.0.0.1", "10.0.0.1"), ("64:ff9b::8.8.8.8", "8.8.8.8"),
     ("2002:808:808::1", "8.8.8.8"), ("2606:4700::1111", None)],
)
def test_embedded_ipv4_is_found(address: str, inner: str | None) -> None:
    found = embedded_ipv4(ipaddress.IPv6Address(address))
    assert (str(found[0]) if found else None) == inner


def test_public_forms_stay_allowed() -> None:
    for text in ("8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1", "2606:4700::1111", "::ffff:1.1.1.1"):
        assert is_public(ipaddress.ip_address(text)), text
    for text in ("ff02::1", "fec0::1", "239.1.1.1", "::", "192.168.1.1", "64:ff9b:1::808:808"):
        assert not is_public(ipaddress.ip_address(text)), text


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`rebind.test` answers a public address the first time, 127.0.0.1 after (a DNS rebinding attack)."""
    real = socket.getaddrinfo
    calls: list[str] = []

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "news.example":  # a public name that the tests answer without a network
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", int(port)))]
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        calls.append(host)
        answer = "93.184.215.14" if len(calls) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return calls


def test_dns_rebinding_cannot_reach_loopback(trap: Trap, rebinding: list[str]) -> None:
    with pytest.raises(BlockedURLError):
        load_page(f"http://rebind.test:{trap.port}/story", GUARDED)
    assert len(rebinding) == 2  # checked, then resolved again at connect time and refused there
    assert trap.accepted == 0


def test_feed_poll_is_guarded_at_connect_time(trap: Trap, rebinding: list[str]) -> None:
    with pytest.raises(BlockedURLError):
        fetch_feed(f"http://rebind.test:{trap.port}/rss", GUARDED, None, None)
    assert trap.accepted == 0


class _RedirectsInside(httpx.BaseTransport):
    """news.example (answered here, no network) redirects to the trap; anything else goes the guarded way."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.real = GuardedTransport(allow_private=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": self.target})
        return self.real.handle_request(request)


@pytest.mark.parametrize("target", ["http://[::ffff:127.0.0.1]:{port}/", "http://127.0.0.1:{port}/"])
def test_redirect_hops_are_checked(trap: Trap, target: str, rebinding: list[str]) -> None:
    with pytest.raises(BlockedURLError):
        fetch("https://news.example/story", GUARDED, transport=_RedirectsInside(target.format(port=trap.port)))
    assert trap.accepted == 0


def test_the_connect_time_check_holds_without_the_url_check(trap: Trap) -> None:
    # The transport alone (as a redirect or a future caller would use it) refuses too.
    with httpx.Client(transport=GuardedTransport(allow_private=False)) as client, pytest.raises(BlockedURLError):
        client.get(f"http://[64:ff9b::127.0.0.1]:{trap.port}/")
    with httpx.Client(transport=GuardedTransport(allow_private=False)) as client, pytest.raises(BlockedURLError):
        client.get(f"http://127.0.0.1:{trap.port}/")
    assert trap.accepted == 0


def test_allowing_private_addresses_is_explicit(trap: Trap) -> None:
    page = load_page(f"http://127.0.0.1:{trap.port}/", Settings(allow_private_urls=True, _env_file=None))  # type: ignore[call-arg]
    assert "Inside secrets" in page.content and trap.accepted == 1
