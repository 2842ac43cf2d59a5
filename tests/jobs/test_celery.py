"""Celery with a real Redis broker: `hark worker` processes narrate what the API queues, each article once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.redis

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


def celery_worker(settings) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    hark = shutil.which("hark", path=str(Path(sys.executable).parent)) or "hark"
    env = {**os.environ, "HARK_DATA_DIR": str(settings.data_dir), "HARK_DATABASE_URL": settings.resolved_database_url,
           "HARK_QUEUE": "celery", "HARK_BROKER_URL": settings.broker_url}
    return subprocess.Popen([hark, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_celery_workers_narrate_each_article_once(settings_factory, live_server, redis_server, poll):  # type: ignore[no-untyped-def]
    settings = settings_factory(queue="celery", broker_url=redis_server)
    from hark.service.keys import create_key, store_of

    key = create_key(store_of(settings), "celery-test")
    base = live_server(settings)
    workers = [celery_worker(settings) for _ in range(2)]
    try:
        auth = {"Authorization": f"Bearer {key}"}
        ids = []
        for i in range(6):
            r = httpx.post(f"{base}/v1/articles", json={"text": f"Celery brief {i}\n\n{FILLER}\n\nItem {i} is done."},
                           headers=auth, timeout=30)
            assert r.status_code == 202, r.text
            ids.append(r.json()["id"])
        # The same content again while it is queued: still one narration.
        again = httpx.post(f"{base}/v1/articles", json={"text": f"Celery brief 0\n\n{FILLER}\n\nItem 0 is done."},
                           headers=auth, timeout=30).json()
        assert again["id"] == ids[0]

        def all_ready() -> bool:
            states = [httpx.get(f"{base}/v1/articles/{i}").json() for i in ids]
            assert all(s["status"] != "failed" for s in states), states
            return all(s["status"] == "ready" for s in states)

        poll(all_ready, 180, every=0.25, what="Celery workers to narrate 6 articles")
        for i in ids:
            (n,) = httpx.get(f"{base}/v1/articles/{i}").json()["narrations"]
            assert n["version"] == 1
            assert httpx.get(base + n["audio_url"]).status_code == 200
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(20)
            except subprocess.TimeoutExpired:
                w.kill()




def test_killed_celery_worker_job_is_sent_again_and_finishes_once(settings_factory, live_server, redis_server, poll):  # type: ignore[no-untyped-def]
    import secrets
    import signal

    from hark.service.keys import create_key, store_of
    from hark.service.publish import narration_key
    from hark.store import open_store

    settings = settings_factory(queue="celery", broker_url=redis_server)
    base = live_server(settings)  # its reaper re-sends jobs whose worker died
    env = {**os.environ, "HARK_DATA_DIR": str(settings.data_dir), "HARK_DATABASE_URL": settings.resolved_database_url,
           "HARK_QUEUE": "celery", "HARK_BROKER_URL": settings.broker_url, "HARK_JOB_LEASE_SECONDS": "2"}
    first = subprocess.Popen([sys.executable, "-m", "hark.cli", "worker"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    second = None
    store = open_store(settings)
    try:
        tag = secrets.token_hex(3)
        paragraphs = "\n\n".join(f"Paragraph {i} of bulletin {tag} describes the quay at some length." for i in range(12))
        key = create_key(store_of(settings), "crash")
        article = httpx.post(f"{base}/v1/articles", json={"text": f"Bulletin {tag}\n\n{FILLER}\n\n{paragraphs}"},
                             headers={"Authorization": f"Bearer {key}"}, timeout=30).json()["id"]

        def narration():  # type: ignore[no-untyped-def]
            with store.read() as tx:
                (found,) = tx.narrations.of_article(article)
                return found

        poll(lambda: narration().partial_key and (settings.data_dir / "audio" / narration().partial_key).stat().st_size > 20_000,
             120, what="the first Celery worker to be half-way")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        second = celery_worker(settings)
        done = poll(lambda: (n := narration()).status == "ready" and n, 180, what="the job to be taken over")
        assert done.version == 1
        with store.read() as tx:
            (job,) = tx.jobs.of_key(narration_key(done.id))
        assert job.status == "done" and job.attempts == 2
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(20)
