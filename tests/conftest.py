"""Shared fixtures: real PostgreSQL and Redis servers on loopback, tmp Settings over both databases, a live server."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from hark.settings import Settings

from tests.support import free_port, wait_until  # noqa: E402,F401  (fixtures below and test modules use them)

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres_user() -> list[str]:
    # PostgreSQL refuses to run as root; run it as the `postgres` system user when we are root.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port; yields the server URL (no database name)."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="hark-pg-"))
    root.chmod(0o777)
    data, port = root / "data", free_port()
    prefix = _as_postgres_user()
    subprocess.run([*prefix, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
                   check=True, capture_output=True)
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300"
    subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        wait_until(lambda: _pings(client), 20, what="redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def _pings(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def new_postgres_database(server: str) -> str:
    import psycopg

    name = f"hark_{secrets.token_hex(6)}"
    with psycopg.connect(server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture(scope="session")
def clip_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clip cache for the session: a sentence said once in a test run is not synthesized again."""
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None (the default SQLite file in the data folder) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return new_postgres_database(request.getfixturevalue("postgres_server"))


def make_settings(tmp_path: Path, database_url: str | None = None, clips: Path | None = None, **overrides: Any) -> Settings:
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    if clips is not None and not (data / "cache").exists():
        (data / "cache").symlink_to(clips)
    values: dict[str, Any] = {"data_dir": data, "database_url": database_url, "allow_private_urls": True,
                              "queue": "local", "workers": 2, "cors_origins": "https://news.example",
                              "_env_file": None}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None, clip_cache_dir: Path) -> Iterator[Settings]:
    """Settings on a tmp data folder, over SQLite and over PostgreSQL (the suite runs on both)."""
    from hark.store.db import close_database

    made = make_settings(tmp_path, database_url, clip_cache_dir)
    yield made
    close_database(made)


class _Server:
    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        wait_until(lambda: self.server.started, 30, what="uvicorn to start")
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture
def live_server() -> Iterator[Callable[..., str]]:
    """Factory: `live_server(settings, **create_app_options)` runs the app under uvicorn in a thread; returns its URL.

    Options go to `hark.web.app.create_app` (`demo=True` publishes the demo article; default off here to save CPU).
    """
    from hark.web.app import create_app

    servers: list[_Server] = []

    def start(settings: Settings, **options: Any) -> str:
        options.setdefault("demo", False)
        app = create_app(settings, **options)
        server = _Server(app)
        servers.append(server)
        url = server.start()
        server.app = app  # type: ignore[attr-defined]
        return url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def api_key(settings: Settings) -> str:
    from hark.service.keys import create_key, store_of

    return create_key(store_of(settings), "tests")


@pytest.fixture
def poll() -> Callable[..., Any]:
    """`poll(check, timeout, what=...)`: wait for a condition with a deadline (no sleeps tuned to a race)."""
    return wait_until


@pytest.fixture
def settings_factory(tmp_path: Path, database_url: str | None, clip_cache_dir: Path) -> Iterator[Callable[..., Settings]]:
    """More Settings on the same database and data folder, with overrides (e.g. `queue="celery"`)."""
    from hark.store.db import close_database

    made: list[Settings] = []

    def make(**overrides: Any) -> Settings:
        s = make_settings(tmp_path, database_url, clip_cache_dir, **overrides)
        made.append(s)
        return s

    yield make
    for s in made:
        close_database(s)
