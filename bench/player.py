"""Player weight and time to an interactive player, printed beside their budgets.

    .venv/bin/python bench/player.py [--loads 9] [--url http://127.0.0.1:8000]

Without --url it starts the real service (create_app, tmp data folder, demo article narrated) on a
free loopback port. Weight: player.js raw and gzipped (level 9), as served. Time: Debian's Chromium
(headless) loads `/` in a fresh context each time; "interactive" is the player's
`performance.mark("hark:interactive")` (article and timings loaded, controls enabled), measured from
navigation start; the median of the loads is reported with min and max.
"""

from __future__ import annotations

import argparse
import gzip
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import httpx

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
BUDGET_GZIP = 30 * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            sys.exit(f"bench/player.py: timed out waiting for {what}")
        time.sleep(0.2)
    return value


def start_service(root: Path) -> tuple[str, Any]:
    import uvicorn

    from hark.settings import Settings
    from hark.web.app import create_app

    settings = Settings(data_dir=root / "data", _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings, demo=True, workers=True)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    _wait(lambda: server.started, 60, "the service")
    url = f"http://127.0.0.1:{port}"
    demo = _wait(lambda: app.state.demo_article_id, 300, "the demo article")
    _wait(lambda: httpx.get(f"{url}/v1/articles/{demo}").json()["status"] == "ready", 600, "the demo narration")
    return url, server


def weights(url: str) -> list[tuple[str, str, str]]:
    body = httpx.get(f"{url}/player.js").content
    packed = len(gzip.compress(body, 9))
    return [
        ("player.js raw", f"{len(body):,} B", ""),
        ("player.js gzipped", f"{packed:,} B ({packed / 1024:.1f} KB)", f"< {BUDGET_GZIP // 1024} KB "
         + ("ok" if packed < BUDGET_GZIP else "OVER")),
    ]


def load_times(url: str, loads: int) -> Iterator[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(loads + 1):  # the first load warms the server and the disk cache; not counted
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/")
                page.wait_for_selector("hark-player[ready]", state="attached", timeout=60_000)
                yield page.evaluate("""() => ({
                  interactive: performance.getEntriesByName('hark:interactive')[0].startTime,
                  dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                  script: (performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/player.js') || {}).duration || 0,
                })""")
                context.close()
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=9)
    parser.add_argument("--url", help="a running Hark service (default: start one)")
    opts = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory(prefix="hark-bench-") as tmp:
        url = opts.url
        if not url:
            print("starting the service and narrating the demo article…", file=sys.stderr)
            url, server = start_service(Path(tmp))
        rows = weights(url)
        samples = list(load_times(url, opts.loads))[1:]
        for key, label in (("script", "player.js download"), ("dcl", "DOMContentLoaded"),
                           ("interactive", "page load → interactive player")):
            values = [s[key] for s in samples]
            rows.append((f"{label} (median of {len(values)})", f"{statistics.median(values):.0f} ms",
                         f"min {min(values):.0f} · max {max(values):.0f} ms"))
        width = max(len(r[0]) for r in rows)
        vwidth = max(len(r[1]) for r in rows)
        print(f"{'metric':<{width}}  {'value':>{vwidth}}  reference")
        print(f"{'-' * width}  {'-' * vwidth}  {'-' * 24}")
        for name, value, ref in rows:
            print(f"{name:<{width}}  {value:>{vwidth}}  {ref}")
        if server is not None:
            server.should_exit = True


if __name__ == "__main__":
    main()
