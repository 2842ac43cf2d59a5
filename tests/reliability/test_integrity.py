"""Damaged files are never served as whole: each finished file's size and checksum are stored; a file that is
shorter, corrupted or gone is a 503 problem+json with the reason, logged, and narrated again; the ETag is the
content's checksum (issue 14, finding 4)."""

from __future__ import annotations

import hashlib
import logging

import httpx

from hark.service import jobs
from hark.service.boot import open_runtime
from hark.service.integrity import verify_all

from tests.reliability.common import TEST_VOICE, fresh_paragraphs, narration_of, submit_fresh

PROBLEM = "application/problem+json"
HTTP = httpx.Client(timeout=60)
"""Generous timeouts: the shared test machine may be busy; nothing here waits on a timeout."""


def _narrated(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    """A running service and one finished narration in the test voice: (base URL, article id, its file)."""
    settings = settings.model_copy(update={"test_voice": True})
    base = live_server(settings)
    text = "\n\n".join(["Harbour wall repaired", *fresh_paragraphs(4)])
    r = HTTP.post(f"{base}/v1/articles", json={"text": text, "voice": TEST_VOICE},
                   headers={"Authorization": f"Bearer {api_key}"})
    assert r.status_code == 202, r.text
    article = r.json()["id"]
    n = poll(lambda: (v := HTTP.get(f"{base}/v1/articles/{article}").json())["status"] == "ready"
             and v["narrations"][0], 60, what="the narration")
    return base, article, n


def _row(settings, article):  # type: ignore[no-untyped-def]
    return narration_of(open_runtime(settings), article)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remade(base: str, article: str, version: int, poll):  # type: ignore[no-untyped-def]
    return poll(lambda: (v := HTTP.get(f"{base}/v1/articles/{article}").json())["status"] == "ready"
                and v["narrations"][0]["version"] > version and v["narrations"][0], 60, what="the narration made again")


def test_size_and_checksum_are_stored_and_the_etag_is_the_checksum(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base, article, n = _narrated(settings, live_server, api_key, poll)
    body = HTTP.get(base + n["audio_url"]).content
    row = _row(settings, article)
    assert row.audio_bytes == len(body) and row.audio_sha256 == _sha(body)
    assert (settings.data_dir / "audio" / row.audio_key).read_bytes() == body
    assert HTTP.get(base + n["audio_url"]).headers["etag"] == f'"{_sha(body)[:32]}"'


def test_truncated_file_is_503_logged_and_narrated_again(settings, live_server, api_key, poll, caplog):  # type: ignore[no-untyped-def]
    base, article, n = _narrated(settings, live_server, api_key, poll)
    row = _row(settings, article)
    path = settings.data_dir / "audio" / row.audio_key
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with caplog.at_level(logging.ERROR, logger="hark.service.integrity"):
        r = HTTP.get(base + n["audio_url"])
        ranged = HTTP.get(base + n["audio_url"], headers={"Range": f"bytes={len(whole) - 100}-"})
    assert r.status_code == 503 and r.headers["content-type"].startswith(PROBLEM) and "retry-after" in r.headers
    assert f"{len(whole) // 2} bytes" in r.json()["detail"] and str(len(whole)) in r.json()["detail"]
    assert any("no longer served" in rec.getMessage() for rec in caplog.records)
    # Never the half file under the old ETag, nor an empty 206: the next request waits for the new attempt.
    assert ranged.status_code != 206 or ranged.content == whole[-100:]
    again = _remade(base, article, n["version"], poll)
    body = HTTP.get(base + again["audio_url"]).content
    assert body == whole  # the test voice is deterministic: the same narration again, whole


def test_corrupted_bytes_of_the_same_size_are_caught_by_the_checksum(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base, article, n = _narrated(settings, live_server, api_key, poll)
    whole = HTTP.get(base + n["audio_url"]).content
    path = settings.data_dir / "audio" / _row(settings, article).audio_key
    damaged = bytearray(whole)
    damaged[len(damaged) // 2: len(damaged) // 2 + 64] = bytes(64)
    path.write_bytes(bytes(damaged))  # same size, new bytes (and a new modification time)
    r = HTTP.get(base + n["audio_url"])
    assert r.status_code == 503 and "checksum" in r.json()["detail"]
    again = _remade(base, article, n["version"], poll)
    assert HTTP.get(base + again["audio_url"]).content == whole


def test_deleted_file_is_503_and_narrated_again_not_409_forever(settings, live_server, api_key, poll):  # type: ignore[no-untyped-def]
    base, article, n = _narrated(settings, live_server, api_key, poll)
    (settings.data_dir / "audio" / _row(settings, article).audio_key).unlink()
    r = HTTP.get(base + n["audio_url"])
    assert r.status_code == 503 and r.headers["content-type"].startswith(PROBLEM) and "missing" in r.json()["detail"]
    again = _remade(base, article, n["version"], poll)
    assert HTTP.get(base + again["audio_url"]).status_code == 200


def test_full_check_on_start_finds_damage_nobody_asked_for(settings):  # type: ignore[no-untyped-def]
    rt = open_runtime(settings.model_copy(update={"test_voice": True}))
    article = submit_fresh(rt, 3)
    assert jobs.run_next(rt, "w")
    n = narration_of(rt, article)
    path = settings.data_dir / "audio" / (n.audio_key or "")
    whole = path.read_bytes()
    path.write_bytes(whole[:-10] + b"0123456789")
    assert verify_all(rt) == [(n.id, "the audio file's checksum does not match the one stored (the file is damaged)")]
    queued = narration_of(rt, article)
    assert queued.status == "queued" and queued.audio_key is None and "checksum" in (queued.error or "")
    assert jobs.run_next(rt, "w")
    assert path.read_bytes() == whole and narration_of(rt, article).status == "ready"
    assert verify_all(rt) == []
