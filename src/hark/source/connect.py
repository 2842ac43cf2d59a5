"""The guarded connection: resolve once, judge every answer, connect to exactly the address judged.

httpx would otherwise resolve the host again on its own, and a resolver that answers a public
address to the guard and 127.0.0.1 to the connection (DNS rebinding) would reach inside. Here the
connection is opened to the IP literal that passed, so there is no second answer to change.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

from hark.source.guard import refuse_unless_public, resolve


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend with the SSRF decision taken at connect time."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        answers = resolve(host, port)
        if not self.allow_private:
            # Every answer is judged, not only the one tried first: a name that mixes a public and a
            # private address is refused as a whole.
            for answer in answers:
                refuse_unless_public(answer.address, host)
        failure: Exception | None = None
        for answer in answers:
            try:
                # An IP literal: the parent's create_connection resolves nothing further.
                return super().connect_tcp(str(answer.sockaddr[0]), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"{host} resolved to no address")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over `GuardedBackend` (the pool is rebuilt: HTTPTransport takes no backend)."""

    def __init__(self, allow_private: bool, verify: bool = True) -> None:
        super().__init__(verify=verify, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            network_backend=GuardedBackend(allow_private),
        )
