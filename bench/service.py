"""Service benchmark: first audio byte, ranged reads beside nginx, re-synthesis after an edit, Celery throughput.

Run: .venv/bin/python bench/service.py  (loopback only; starts its own hark serve, nginx, redis-server, workers)
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "bench" / "data" / "article.txt"
BIN = Path(sys.executable).parent
CONCURRENCY = 50
READ_SECONDS = 10
RANGE = "bytes=65536-131071"
"""A 64 KiB slice from the middle of the file: what a player asks for when seeking."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float, what: str, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (httpx.HTTPError, OSError):
            value = None
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"bench: timed out waiting for {what}")


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARK_")}
    env.update(HARK_DATA_DIR=str(data), **extra)
    return env


def start_hark(data: Path, **extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(BIN / "hark"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env_for(data, **extra), stdout=subprocess.DEVNULL, stderr=open(data / "serve.log", "w"))
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: httpx.get(f"{base}/v1/voices").status_code == 200, 60, "hark serve")
    return proc, base


def make_key(data: Path, **extra: str) -> str:
    out = subprocess.run([str(BIN / "hark"), "keys", "create", "bench"], env=env_for(data, **extra),
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_ready(base: str, article_id: str, version: int = 1, timeout: float = 600) -> dict:
    def check() -> dict | None:
        data = httpx.get(f"{base}/v1/articles/{article_id}").json()
        n = data["narrations"][0]
        return n if n["status"] == "ready" and n["version"] >= version else None

    return wait_for(check, timeout, f"article {article_id} v{version}", every=0.2)  # type: ignore[no-any-return]


def wait_idle(data: Path) -> None:
    import sqlite3

    def idle() -> bool:
        with sqlite3.connect(data / "hark.db") as db:
            narrations = db.execute("SELECT count(*), sum(status = 'ready') FROM narrations").fetchone()
        return bool(narrations[0]) and narrations[0] == narrations[1]

    wait_for(idle, 300, "the demo narration", every=0.5)
    time.sleep(1)


# --- 1. time to first audio byte ------------------------------------------------------------------


def first_byte(base: str, key: str, text: str) -> dict[str, float]:
    auth = {"Authorization": f"Bearer {key}"}
    t0 = time.perf_counter()
    article_id = httpx.post(f"{base}/v1/articles", json={"url": "https://bench.invalid/story", "text": text},
                            headers=auth, timeout=60).json()["id"]
    t_post = time.perf_counter() - t0
    t1 = time.perf_counter()
    with httpx.stream("GET", f"{base}/v1/articles/{article_id}/audio", timeout=600) as r:
        assert r.headers.get("x-hark-streaming") == "1", "the narration was not streamed"
        chunks = r.iter_raw()
        first = next(chunks)
        t_first = time.perf_counter() - t1
        size = len(first) + sum(len(c) for c in chunks)
    t_done = time.perf_counter() - t0
    return {"article": article_id, "post_s": t_post, "first_byte_s": t_first, "first_byte_from_post_s": t_post + t_first,
            "streamed_bytes": size, "whole_narration_s": t_done}


# --- 2. ranged reads: hark vs nginx ---------------------------------------------------------------


def start_nginx(folder: Path, work: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
  uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
  types {{ audio/mpeg mp3; }}
  server {{ listen 127.0.0.1:{port}; root {folder}; etag on; }}
}}
""")
    (work / "tmp").mkdir(exist_ok=True)
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: socket.create_connection(("127.0.0.1", port), 1).close() or True, 20, "nginx")
    return proc, port


def wrk(url: str) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{READ_SECONDS}s", "--latency", "-H", f"Range: {RANGE}", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),  # type: ignore[union-attr]
            "errors": float(non2xx.group(1)) if non2xx else 0.0}


def httpx_reads(url: str) -> dict[str, float]:
    """Fallback when wrk is not installed: 50 async httpx clients, bounded by time."""
    import asyncio

    async def run() -> list[float]:
        latencies: list[float] = []
        end = time.perf_counter() + READ_SECONDS
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=CONCURRENCY)) as client:
            async def one() -> None:
                while time.perf_counter() < end:
                    t = time.perf_counter()
                    r = await client.get(url, headers={"Range": RANGE})
                    assert r.status_code == 206
                    latencies.append((time.perf_counter() - t) * 1000)
            await asyncio.gather(*(one() for _ in range(CONCURRENCY)))
        return latencies

    lat = sorted(asyncio.run(run()))
    return {"rps": len(lat) / READ_SECONDS, "p99_ms": lat[int(len(lat) * 0.99)], "errors": 0.0}


# --- 3. edit one paragraph ------------------------------------------------------------------------


def sentence_times(timings: dict) -> list[tuple[str, int]]:
    """(sentence text, milliseconds) for every sentence of a timing map."""
    return [(seg["text"][s["char_start"]:s["char_end"]], s["end_ms"] - s["start_ms"])
            for seg in timings["segments"] for s in seg["sentences"]]


def edit_share(base: str, key: str, text: str, article_id: str) -> dict[str, float]:
    before = {t for t, _ in sentence_times(httpx.get(f"{base}/v1/articles/{article_id}/timings").json())}
    paragraphs = text.split("\n\n")
    middle = len(paragraphs) // 2
    paragraphs[middle] = paragraphs[middle].replace(" the ", " that ", 1) + " A spokesperson confirmed the figures on Friday."
    t0 = time.perf_counter()
    httpx.post(f"{base}/v1/articles", json={"url": "https://bench.invalid/story", "text": "\n\n".join(paragraphs)},
               headers={"Authorization": f"Bearer {key}"}, timeout=60)
    after = wait_ready(base, article_id, version=2)
    took = time.perf_counter() - t0
    timings = httpx.get(f"{base}/v1/articles/{article_id}/timings").json()
    new_ms = sum(ms for t, ms in sentence_times(timings) if t not in before)
    return {"sentences": after["sentences"], "synthesized": after["synthesized"],
            "share": after["synthesized"] / after["sentences"], "audio_share": new_ms / timings["duration_ms"],
            "renarrate_s": took}


# --- 4. Celery throughput -------------------------------------------------------------------------


def short_article(i: int, salt: str) -> str:
    return (f"Council notice {i} {salt}\n\n"
            f"The council said on Tuesday that notice {i} covers road works on the eastern side of the town. "
            f"Residents of the {i} streets affected will get letters this week, and the works should end before "
            f"the summer holidays begin, officials said in reply to questions.")


def celery_throughput(workers: int, articles: int) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix=f"hark-bench-celery{workers}-"))
    redis_port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    extra = {"HARK_QUEUE": "celery", "HARK_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0"}
    procs: list[subprocess.Popen] = []
    try:
        wait_for(lambda: socket.create_connection(("127.0.0.1", redis_port), 1).close() or True, 20, "redis")
        for n in range(workers):
            log = open(work / f"worker{n}.log", "w")
            procs.append(subprocess.Popen([str(BIN / "hark"), "worker"], env=env_for(work, **extra), stdout=log, stderr=log))
        for n in range(workers):
            wait_for(lambda: "ready." in (work / f"worker{n}.log").read_text(), 120, f"celery worker {n}")
        os.environ.update(extra)
        from hark.service.boot import open_runtime
        from hark.service.ingest import Source, ingest
        from hark.service.publish import submit
        from hark.settings import Settings

        settings = Settings(data_dir=work, queue="celery", broker_url=extra["HARK_BROKER_URL"], _env_file=None)
        rt = open_runtime(settings)
        salt = secrets.token_hex(3)
        texts = [ingest(Source(text=short_article(i, salt)), settings) for i in range(articles)]
        speaker = rt.voices.resolve(None, "en")
        t0 = time.perf_counter()
        ids = [submit(rt, ingested, speaker).article_id for ingested in texts]

        def narrations() -> list:  # type: ignore[type-arg]
            with rt.store.read() as tx:
                return [n for found in tx.narrations.of_articles(ids).values() for n in found]

        wait_for(lambda: all(n.status == "ready" for n in narrations()), 1200, f"{articles} narrations", every=0.2)
        took = time.perf_counter() - t0
        sentences = sum(n.sentences for n in narrations())
        return {"workers": workers, "articles": articles, "seconds": took, "per_minute": articles / took * 60,
                "sentences": float(sentences)}
    finally:
        for p in procs:
            stop(p)
        redis.terminate()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    text = ARTICLE.read_text(encoding="utf-8").strip()
    from hark.models import count_words

    work = Path(tempfile.mkdtemp(prefix="hark-bench-"))
    work.chmod(0o755)  # nginx's workers run as www-data and must read the audio folder
    data = work / "data"
    data.mkdir()
    print(f"Article: {ARTICLE.relative_to(ROOT)} ({count_words(text)} words); {os.cpu_count()} cores; loopback only")
    key = make_key(data)
    serve, base = start_hark(data, HARK_WORKERS="1")
    nginx = None
    try:
        wait_idle(data)  # the demo article narrated, the voice warm: a service as it runs day to day
        fb = first_byte(base, key, text)
        narration = wait_ready(base, fb["article"])
        print("\n1. Time to first audio byte, un-narrated article (streamed while narrating)")
        print(f"   POST /v1/articles → 202           {fb['post_s'] * 1000:8.0f} ms")
        print(f"   GET audio → first byte            {fb['first_byte_s'] * 1000:8.0f} ms   (goal ≤ 1500 ms)")
        print(f"   POST + first byte                 {fb['first_byte_from_post_s'] * 1000:8.0f} ms")
        print(f"   whole narration streamed          {fb['whole_narration_s']:8.1f} s for {narration['duration_ms'] / 1000:.0f} s of audio")

        audio_key = next((data / "audio" / fb["article"]).glob("*.mp3"))
        nginx, nginx_port = start_nginx(audio_key.parent, work)
        read = wrk if shutil.which("wrk") else httpx_reads
        hark_url = base + narration["audio_url"]
        nginx_url = f"http://127.0.0.1:{nginx_port}/{audio_key.name}"
        assert httpx.get(nginx_url, headers={"Range": RANGE}).content == httpx.get(hark_url, headers={"Range": RANGE}).content
        hark_reads, nginx_reads = read(hark_url), read(nginx_url)
        print(f"\n2. Ranged reads ({RANGE}) of a cached narration, {CONCURRENCY} concurrent clients, {READ_SECONDS} s each, "
              f"{read.__name__}")
        print(f"   {'server':<28}{'req/s':>10}{'p99 ms':>10}{'errors':>8}")
        for name, r in (("hark (uvicorn, 1 process)", hark_reads), ("nginx (1 worker, sendfile)", nginx_reads)):
            print(f"   {name:<28}{r['rps']:>10.0f}{r['p99_ms']:>10.1f}{r['errors']:>8.0f}")

        edit = edit_share(base, key, text, fb["article"])
        print("\n3. One paragraph edited, article re-submitted")
        print(f"   sentences re-synthesized          {edit['synthesized']:.0f} of {edit['sentences']:.0f} = "
              f"{edit['share'] * 100:.1f}%")
        print(f"   share of audio time re-synthesized {edit['audio_share'] * 100:.1f}%   (goal < 15%)")
        print(f"   re-narration took                 {edit['renarrate_s']:.1f} s")
    finally:
        stop(serve)
        if nginx is not None:
            stop(nginx)
        shutil.rmtree(work, ignore_errors=True)

    print("\n4. Throughput of 100 queued short articles (~45 words, 3 sentences each, nothing cached), Celery + Redis, solo-pool workers")
    for workers in (1, 2):
        r = celery_throughput(workers, 100)
        print(f"   {workers} worker{'s' if workers > 1 else ' '}   {r['seconds']:7.1f} s   {r['per_minute']:7.1f} articles/min"
              f"   ({r['sentences']:.0f} sentences)")


if __name__ == "__main__":
    main()
