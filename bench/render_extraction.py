"""Renders the extraction benchmark's HTML to plain text, as the scraped corpus was made: extra training pages.

    PYTHONPATH=$PWD/src /work/main/.venv/bin/python bench/render_extraction.py [SRC] [OUT]

Headless Debian Chromium via Playwright, JavaScript off, every request but the page itself aborted (nothing
leaves loopback), viewport 1280x2000, text = document.body.innerText, runs of blank lines collapsed to two.
Writes OUT/NNNN.txt (the rendered text) and OUT/NNNN.expected.txt (the benchmark's articleBody), the same
layout as ../shared/bench/scraped/ so bench/train_debris.py --extra reads them like DEV pages.
"""

from __future__ import annotations

import gzip
import json
import pathlib
import re
import sys

from playwright.sync_api import sync_playwright

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE.parent.parent / "shared" / "bench" / "extraction"
OUT = HERE / "data" / "extraction"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def main() -> None:
    src = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else SRC
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    out.mkdir(parents=True, exist_ok=True)
    truth = json.loads((src / "ground-truth.json").read_text(encoding="utf-8"))
    tmp = out / "_page.html"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 2000})
        page_url = tmp.resolve().as_uri()
        context.route("**/*", lambda route: route.continue_() if route.request.url == page_url else route.abort())
        page = context.new_page()
        done = 0
        for name in sorted(truth):
            html = gzip.decompress((src / "html" / f"{name}.html.gz").read_bytes()).decode("utf-8", "replace")
            tmp.write_text(html, encoding="utf-8")
            try:
                page.goto(page_url, wait_until="load", timeout=20000)
                text = page.evaluate("() => document.body ? document.body.innerText : ''")
            except Exception as exc:  # one broken page should not stop the rest
                print(f"{name}: {exc.__class__.__name__}", file=sys.stderr)
                continue
            text = re.sub(r"\n{4,}", "\n\n\n", text.replace("\r", ""))
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
            (out / f"{name}.expected.txt").write_text(truth[name]["articleBody"], encoding="utf-8")
            done += 1
        browser.close()
    tmp.unlink(missing_ok=True)
    print(f"rendered {done} of {len(truth)} pages into {out}")


if __name__ == "__main__":
    main()
