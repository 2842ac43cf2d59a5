"""The signed webhook telling the publisher a narration is ready or failed."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from typing import Any

import httpx

from hark.settings import Settings

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hark-Signature"
TIMESTAMP_HEADER = "X-Hark-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` + HMAC-SHA256 of `timestamp.body`: the timestamp in the MAC stops replays of old bodies."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, max_age: float = 300.0) -> bool:
    """What a publisher's receiver does: constant-time compare and a freshness check."""
    fresh = abs(time.time() - float(timestamp)) <= max_age
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


def notify_later(settings: Settings, event: dict[str, Any] | None) -> None:
    """Deliver in the background: a slow publisher endpoint must not hold up the narration queue."""
    if event is not None and settings.webhook_url:
        threading.Thread(target=notify, args=(settings, event), name="hark-webhook", daemon=True).start()


def notify(settings: Settings, event: dict[str, Any]) -> bool:
    """POST the event to the configured webhook; failures are logged, never raised (the narration stands)."""
    if not settings.webhook_url:
        return False
    body = json.dumps(event, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp, "User-Agent": "Hark-Webhook/1"}
    if settings.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(settings.webhook_secret, timestamp, body)
    for attempt in range(3):
        try:
            response = httpx.post(settings.webhook_url, content=body, headers=headers, timeout=10.0)
            if response.status_code < 500:
                return response.status_code < 300
        except httpx.HTTPError as exc:
            log.warning("webhook to %s failed: %s", settings.webhook_url, exc)
        time.sleep(0.5 * (attempt + 1))
    return False
