"""`hark keys create` and `hark serve` as a publisher runs them: an empty data folder gets the demo narrated."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx


def _hark() -> str:
    return shutil.which("hark", path=str(Path(sys.executable).parent)) or "hark"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_from_an_empty_folder(tmp_path, poll, clip_cache_dir):  # type: ignore[no-untyped-def]
    data = tmp_path / "hark-data"
    data.mkdir()
    (data / "cache").symlink_to(clip_cache_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARK_")}
    env["HARK_DATA_DIR"] = str(data)
    made = subprocess.run([_hark(), "keys", "create", "cms"], env=env, capture_output=True, text=True, check=True)
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("hark_") and key not in (data / "hark.db").read_bytes().decode("latin-1")
    port = _port()
    server = subprocess.Popen([_hark(), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        def up() -> bool:
            try:
                return httpx.get(f"{base}/openapi.json").status_code == 200
            except httpx.HTTPError:
                return False

        poll(up, 60, what="hark serve")
        assert httpx.get(f"{base}/docs").status_code == 200
        paths = httpx.get(f"{base}/openapi.json").json()["paths"]
        assert {"/v1/articles", "/v1/articles/{article_id}/audio", "/v1/audio/speech", "/v1/voices", "/v1/events"} <= set(paths)

        def demo_ready() -> str | None:
            with sqlite3.connect(data / "hark.db") as db:
                row = db.execute("SELECT article_id FROM narrations WHERE status = 'ready'").fetchone()
            return row[0] if row else None

        demo = poll(demo_ready, 180, every=0.5, what="the demo narration")
        article = httpx.get(f"{base}/v1/articles/{demo}").json()
        assert article["title"] == "Harbour town turns old ferry into floating library" and 200 <= article["words"] <= 300
        head = httpx.head(f"{base}/v1/articles/{demo}/audio")
        assert head.status_code == 200 and int(head.headers["content-length"]) > 10_000
        auth = {"Authorization": f"Bearer {key}"}
        assert httpx.post(f"{base}/v1/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": "Hi."},
                          headers=auth).status_code == 200
    finally:
        server.terminate()
        server.wait(30)
    # Uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status says how it ended.
    assert server.returncode in (0, -15)


def test_the_demo_article_is_published_when_the_service_starts(settings, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.boot import open_runtime
    from hark.service.demo import demo_article_id

    rt = open_runtime(settings)
    assert demo_article_id(rt) is None
    base = live_server(settings, demo=True)
    found = poll(lambda: demo_article_id(rt), 60, what="the demo article")
    assert httpx.get(f"{base}/v1/articles/{found}").json()["words"] > 200
