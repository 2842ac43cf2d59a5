"""The SSRF guard: which URLs and addresses Hark may fetch (http/https to public addresses only).

`check_url` answers early (at submission, feed registration, each redirect hop); the decision that
counts is taken again on the address actually connected (`hark.source.connect`), so a resolver
that answers differently the second time (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from hark.errors import BlockedURLError, FetchError, UnsupportedURLError

_SCHEMES = ("http", "https")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that carry an IPv4 address inside them: the IPv4 one is what a relay or translator
# finally reaches, so it is the one judged.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
"""RFC 8215 local-use translation: a private network's own NAT64, never public."""
_COMPATIBLE = ipaddress.ip_network("::/96")
"""Deprecated IPv4-compatible addresses (::a.b.c.d); :: and ::1 are in it too and judged as themselves."""


@dataclass(frozen=True)
class Resolved:
    """One answer of the resolver: the address to judge and the socket address to connect to."""

    address: Address
    family: int
    sockaddr: tuple[str, int] | tuple[str, int, int, int]


def embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for (mapped, compatible, NAT64, 6to4, Teredo); [] if none."""
    if isinstance(address, ipaddress.IPv4Address):
        return []
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address in _NAT64:
        return [low32]
    if address in _COMPATIBLE and int(address) > 1:
        return [low32]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)  # (server, client): either may be the hop that lands inside
    return []


def is_public(address: Address) -> bool:
    """True for a globally reachable unicast address (its embedded IPv4 judged when it carries one)."""
    inner = embedded_ipv4(address)
    if inner:
        return all(is_public(v4) for v4 in inner)
    if isinstance(address, ipaddress.IPv6Address) and (address in _NAT64_LOCAL or address.is_site_local):
        return False
    # Python's is_global alone lets multicast and a few reserved ranges through; say all of them.
    return address.is_global and not (
        address.is_multicast or address.is_loopback or address.is_link_local or address.is_reserved
        or address.is_unspecified or address.is_private
    )


def refuse_unless_public(address: Address, what: str) -> None:
    if not is_public(address):
        raise BlockedURLError(
            f"{what} points to {address}, a private, loopback or reserved address; "
            "Hark fetches only public pages (set HARK_ALLOW_PRIVATE_URLS=1 for local testing)"
        )


def resolve(host: str, port: int) -> list[Resolved]:
    """Every address `host` resolves to (a literal address is its own answer)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: check the URL and your network connection") from exc
    answers = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        answers.append(Resolved(address, family, sockaddr))  # type: ignore[arg-type]
    return answers


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
    for answer in resolve(host, port or (443 if parts.scheme.lower() == "https" else 80)):
        refuse_unless_public(answer.address, url)
