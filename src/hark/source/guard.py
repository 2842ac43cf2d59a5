"""The SSRF guard: which URLs Hark may fetch (http/https to public addresses only)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from hark.errors import BlockedURLError, FetchError, UnsupportedURLError

_SCHEMES = ("http", "https")


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise unless `url` is http(s) with a host that resolves only to public addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsupportedURLError(f"{url!r} is not a valid URL: {exc}") from exc
    if parts.scheme.lower() not in _SCHEMES:
        raise UnsupportedURLError(f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'}: {url}")
    host = parts.hostname
    if not host:
        raise UnsupportedURLError(f"{url} has no host name; give a full URL such as https://example.com/story")
    if allow_private:
        return
    for address in _resolve(host, port or (443 if parts.scheme.lower() == "https" else 80)):
        if not address.is_global or address.is_multicast:
            raise BlockedURLError(
                f"{url} points to {address}, a private, loopback or reserved address; "
                "Hark fetches only public pages (set HARK_ALLOW_PRIVATE_URLS=1 for local testing)"
            )


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [_unmap(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass  # a name, not a literal address
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: check the URL and your network connection") from exc
    return [_unmap(ipaddress.ip_address(str(info[4][0]).split("%")[0])) for info in infos]


def _unmap(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    # ::ffff:127.0.0.1 is loopback in disguise.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address
