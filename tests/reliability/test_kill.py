"""kill -9 mid-narration, for real: of `hark serve` (in-process workers) and of a Celery worker. The narration
finishes once, resumes from the sentences already made, leaves no partial file, and listeners are sent only the
live attempt's audio (issue 14: after a restart the dead attempt's partial file was served after a 43 s hang)."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hark.service.keys import create_key, store_of
from hark.service.publish import narration_key
from hark.store import open_store
from hark.voices.render import LOOKAHEAD

from tests.reliability.common import TEST_VOICE, fresh_paragraphs
from tests.support import free_port

HTTP = httpx.Client(timeout=60)
SENTENCES = 150
KILL_AT = 0.3
"""Share of the final file the first attempt has written when it is killed."""


def _env(settings, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {**os.environ, "HARK_DATA_DIR": str(settings.data_dir), "HARK_DATABASE_URL": settings.resolved_database_url,
            "HARK_TEST_VOICE": "1", "HARK_ALLOW_PRIVATE_URLS": "1", **extra}


def _serve(settings, port: int, log: Path) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    proc = subprocess.Popen([sys.executable, "-m", "hark.cli", "serve", "--port", str(port)],
                            env=_env(settings, HARK_QUEUE="local", HARK_WORKERS="2"), stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)
    return proc


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _up(base: str) -> bool:
    try:
        return HTTP.get(f"{base}/v1/voices", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _narration(store, article: str):  # type: ignore[no-untyped-def]
    with store.read() as tx:
        (found,) = tx.narrations.of_article(article)
        return found


def _finished(store, article: str) -> bool:  # type: ignore[no-untyped-def]
    n = _narration(store, article)
    assert n.status != "failed", n.error
    if n.status == "ready":
        return True
    with store.read() as tx:
        jobs = tx.jobs.of_key(narration_key(n.id))
    assert all(job.status != "failed" for job in jobs), jobs
    return False


def _kill_when_part_written(proc: subprocess.Popen, settings, store, article: str, final_guess: int, poll):  # type: ignore[no-untyped-def]
    """SIGKILL `proc` once its attempt has written KILL_AT of the file; the size written by then."""
    audio = settings.data_dir / "audio"

    def written() -> int:
        n = _narration(store, article)
        if n.status == "ready":
            pytest.fail("the narration finished before it could be killed; make the article longer")
        path = audio / n.partial_key if n.partial_key else None
        return path.stat().st_size if path is not None and path.exists() else 0

    poll(lambda: written() >= KILL_AT * final_guess, 120, every=0.02, what="the first attempt to be part-way")
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    return written()


def _article_text() -> str:
    return "\n\n".join(["Harbour bulletin", *fresh_paragraphs(SENTENCES)])


# The finished file is about this many bytes per sentence of the text above (64 kb/s MP3 of the test voice).
BYTES_PER_SENTENCE = 18_000


def _check_finished(settings, store, base: str, article: str, written: int, streamed: bytes | None):  # type: ignore[no-untyped-def]
    done = _narration(store, article)
    assert done.status == "ready" and done.version == 1 and done.error is None
    with store.read() as tx:
        (job,) = tx.jobs.of_key(narration_key(done.id))
    assert job.status == "done" and job.attempts == 2  # nothing doubled: one job, two attempts, one version
    # Resumed: the sentences the dead attempt had made came from the clip cache, not from the engine again.
    made_before = math.floor(done.sentences * written / done.audio_bytes)
    assert done.synthesized <= done.sentences - made_before + LOOKAHEAD, (done.synthesized, done.sentences, made_before)
    assert done.synthesized < done.sentences
    files = sorted(p.name for p in (settings.data_dir / "audio" / article).iterdir())
    assert files == [Path(done.audio_key).name]  # the dead attempt's partial file is gone
    final = (settings.data_dir / "audio" / done.audio_key).read_bytes()
    served = HTTP.get(f"{base}/v1/articles/{article}/audio").content
    assert served == final and len(final) == done.audio_bytes
    if streamed is not None:
        # What was streamed during the second attempt is the finished file (bar the header the encoder rewrites
        # when it closes the file), never the dead attempt's shorter one.
        assert len(streamed) == len(final) and streamed[4096:] == final[4096:]


def test_kill_9_of_the_service_mid_narration(settings, tmp_path, poll):  # type: ignore[no-untyped-def]
    key = create_key(store_of(settings), "kill")
    store = open_store(settings)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    first = _serve(settings, port, log)
    second = None
    try:
        poll(lambda: _up(base), 60, what="hark serve to start")
        r = HTTP.post(f"{base}/v1/articles", json={"text": _article_text(), "voice": TEST_VOICE},
                      headers={"Authorization": f"Bearer {key}"})
        assert r.status_code == 202, r.text
        article = r.json()["id"]
        written = _kill_when_part_written(first, settings, store, article, SENTENCES * BYTES_PER_SENTENCE, poll)
        assert _narration(store, article).status == "narrating"
        # The default lease is a minute; the restarted service must not wait for it (its predecessor is gone).
        second = _serve(settings, port, log)
        poll(lambda: _up(base), 60, what="hark serve to start again")
        with HTTP.stream("GET", f"{base}/v1/articles/{article}/audio") as audio:
            assert audio.status_code == 200
            streamed = audio.read()
        poll(lambda: _finished(store, article), 120, what="the narration to finish")
        _check_finished(settings, store, base, article, written, streamed)
    finally:
        for proc in (first, second):
            _stop(proc)


@pytest.mark.redis
def test_kill_9_of_a_celery_worker_mid_narration(settings_factory, live_server, redis_server, poll):  # type: ignore[no-untyped-def]
    settings = settings_factory(queue="celery", broker_url=redis_server, test_voice=True)
    base = live_server(settings)  # its reaper sends the job again once the dead worker's lease runs out
    key = create_key(store_of(settings), "kill")
    store = open_store(settings)
    env = _env(settings, HARK_QUEUE="celery", HARK_BROKER_URL=redis_server, HARK_JOB_LEASE_SECONDS="2")

    def worker() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "hark.cli", "worker"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    first, second = worker(), None
    try:
        r = HTTP.post(f"{base}/v1/articles", json={"text": _article_text(), "voice": TEST_VOICE},
                      headers={"Authorization": f"Bearer {key}"})
        assert r.status_code == 202, r.text
        article = r.json()["id"]
        written = _kill_when_part_written(first, settings, store, article, SENTENCES * BYTES_PER_SENTENCE, poll)
        second = worker()
        poll(lambda: _finished(store, article), 180, what="the job to be taken over and finish")
        _check_finished(settings, store, base, article, written, None)
    finally:
        for proc in (first, second):
            _stop(proc)
