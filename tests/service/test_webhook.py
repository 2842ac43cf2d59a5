"""The publisher hears about ready and failed narrations through a signed webhook."""

from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Iterator

import httpx
import pytest

from hark.service.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verify

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


@pytest.fixture
def receiver() -> Iterator[tuple[str, list]]:
    got: list = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", got
    server.shutdown()


def test_signature_round_trip() -> None:
    now = str(int(time.time()))
    signature = sign("s3cret", now, b'{"a":1}')
    assert signature.startswith("sha256=") and verify("s3cret", now, b'{"a":1}', signature)
    assert not verify("s3cret", now, b'{"a":2}', signature)
    assert not verify("other", now, b'{"a":1}', signature)
    assert not verify("s3cret", str(int(time.time()) - 3600), b'{"a":1}', sign("s3cret", str(int(time.time()) - 3600), b"{}"))


def test_ready_and_failed_webhooks(settings_factory, live_server, receiver, poll):  # type: ignore[no-untyped-def]
    url, got = receiver
    settings = settings_factory(webhook_url=url, webhook_secret="s3cret", public_url="https://audio.news.example")
    from hark.service.keys import create_key, store_of

    key = create_key(store_of(settings), "hook")
    base = live_server(settings)
    article = httpx.post(f"{base}/v1/articles", json={"text": f"Hook story\n\n{FILLER}"},
                         headers={"Authorization": f"Bearer {key}"}).json()["id"]
    poll(lambda: got, 120, what="the ready webhook")
    headers, body = got[0]
    assert verify("s3cret", headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    event = json.loads(body)
    assert event["event"] == "narration.ready" and event["article"] == article
    assert event["audio_url"].startswith("https://audio.news.example/v1/articles/")

    # A narration that cannot be made (its voice was uninstalled) fails once, visibly, with a webhook.
    from hark.service.publish import narration_key
    from hark.store import open_store

    with open_store(settings).write() as tx:
        narration, _ = tx.narrations.ensure(article, "piper:uninstalled", "")
        tx.jobs.enqueue("narrate", narration_key(narration.id), {"narration_id": narration.id})
    poll(lambda: len(got) >= 2, 60, what="the failed webhook")
    failed = json.loads(got[1][1])
    assert failed["event"] == "narration.failed" and "voice" in failed["error"]
    data = httpx.get(f"{base}/v1/articles/{article}").json()
    bad = next(n for n in data["narrations"] if n["voice"] == "piper:uninstalled")
    assert bad["status"] == "failed" and "voice" in bad["error"]
