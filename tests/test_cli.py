"""`hark` as a person runs it: real files, stdin, a URL on a loopback server, and bad input."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import av
import pytest

from hark.settings import Settings

DATA = Path(__file__).parent / "data"
STORY = DATA / "short-story.html"


def hark(*args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "HARK_DATA_DIR": str(cwd / "data"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "hark.cli", *args], cwd=cwd, input=stdin, capture_output=True, env=full_env, timeout=300
    )


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    cwd = tmp_path_factory.mktemp("cli")
    result = hark("narrate", str(STORY), "-o", "story.mp3", cwd=cwd)
    return cwd, result


def test_narrate_writes_audio_timings_and_captions(narrated) -> None:
    cwd, result = narrated
    assert result.returncode == 0, result.stderr.decode()
    timings = json.loads((cwd / "story.json").read_text())
    assert timings["article"]["title"] == "Harbour ferry returns after winter repairs"
    assert timings["voice"]["id"] == Settings().default_voice == "hibari:heart"
    with av.open(str(cwd / "story.mp3")) as container:
        seconds = sum(f.samples for f in container.decode(audio=0)) / container.streams.audio[0].rate
    assert abs(seconds * 1000 - timings["duration_ms"]) < 80
    vtt = (cwd / "story.vtt").read_text()
    assert vtt.startswith("WEBVTT") and "-->" in vtt and "dry dock" in vtt


def test_narrate_summary_reports_measured_figures(narrated) -> None:
    cwd, result = narrated
    text = result.stdout.decode()
    timings = json.loads((cwd / "story.json").read_text())
    words = timings["article"]["words"]
    wpm = words / (timings["duration_ms"] / 60000)
    assert f"Words: {words}" in text
    assert "Reading time: 1 minute" in text
    assert f"{wpm:.0f} WPM" in text
    for label, rate in (("Slow", 0.75), ("Average", 1), ("Fast", 1.25), ("2x", 2)):
        line = next(line for line in text.splitlines() if line.strip().startswith(("│ " + label, label)))
        assert f"{wpm * rate:.0f}" in line


def test_narrate_text_from_stdin(tmp_path: Path) -> None:
    text = (
        b"Library extends opening hours\n\n"
        b"The central library will open until nine in the evening from next week, the council said on Friday.\n\n"
        b"Students had asked for longer hours before the exams, and a petition gathered two thousand names.\n"
    )
    result = hark("narrate", "-", "-o", "out.wav", cwd=tmp_path, stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    timings = json.loads((tmp_path / "out.json").read_text())
    words = [w["text"] for s in timings["segments"] for sen in s["sentences"] for w in sen["words"]]
    assert words[:4] == ["Library", "extends", "opening", "hours"]
    assert "evening" in words


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def page_server():
    handler = lambda *a, **k: _Handler(*a, directory=str(DATA), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_extract_a_url_from_a_loopback_server(tmp_path: Path, page_server: str) -> None:
    result = hark("extract", f"{page_server}/short-story.html", "--json", cwd=tmp_path,
                  env={"HARK_ALLOW_PRIVATE_URLS": "1"})
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["title"] == "Harbour ferry returns after winter repairs"
    assert any("dry dock" in p for p in data["paragraphs"])
    assert not any("Copyright" in p for p in data["paragraphs"])
    assert data["reading_minutes"] == 1 and data["words"] > 60


@pytest.mark.parametrize("out,needle", [("s.json", "-o names the audio file"), ("folder.mp3", "is a folder"),
                                        ("/proc/nowhere/s.mp3", "cannot write")])
def test_bad_output_path_is_one_line_and_nothing_written(tmp_path: Path, out: str, needle: str) -> None:
    (tmp_path / "folder.mp3").mkdir()
    result = hark("narrate", str(STORY), "-o", out, cwd=tmp_path)
    err = result.stderr.decode().strip()
    assert result.returncode == 2 and len(err.splitlines()) == 1 and needle in err, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["folder.mp3"]


def test_outputs_are_readable_by_others(narrated) -> None:
    cwd, _ = narrated
    for name in ("story.mp3", "story.json", "story.vtt"):
        assert (cwd / name).stat().st_mode & 0o044 == 0o044, name


def test_bad_setting_is_one_line(tmp_path: Path) -> None:
    result = hark("voices", cwd=tmp_path, env={"HARK_QUEUE": "kafka"})
    assert result.returncode == 2
    assert result.stderr.decode().strip().startswith("hark: error: HARK_QUEUE is not valid")


@pytest.mark.parametrize(
    "args,stdin,needle",
    [
        (["narrate", "missing.html"], None, "no such file"),
        (["narrate", "ftp://example.com/story"], None, "http"),
        (["narrate", "-"], b"", "empty"),
        (["narrate", "-"], b"\x00\x01\x02binary\x00" * 50, "binary"),
        (["narrate", "STORY", "--voice", "piper:nobody"], None, "unknown voice"),
        (["narrate", "STORY", "--rate", "3"], None, "rate"),
        (["narrate", "STORY", "--format", "flac"], None, "format"),
        (["narrate", "http://127.0.0.1:9/story"], None, "127.0.0.1"),
        (["extract", "-"], b"   \n\n  ", "empty"),
    ],
)
def test_bad_input_is_one_line_exit_two_and_no_files(tmp_path: Path, args: list[str], stdin: bytes | None, needle: str) -> None:
    args = [str(STORY) if a == "STORY" else a for a in args]
    result = hark(*args, "-o", "out.mp3", cwd=tmp_path, stdin=stdin) if args[0] == "narrate" else hark(*args, cwd=tmp_path, stdin=stdin)
    err = result.stderr.decode().strip()
    assert result.returncode == 2, err
    assert len(err.splitlines()) == 1, err
    assert needle.lower() in err.lower()
    assert "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name != "data"]


def test_an_article_over_the_word_limit_is_one_line_and_exit_2(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("Harbour plans approved\n\n" + "\n\n".join(
        f"Residents of ward {i} said the council heard them and agreed the harbour plans after a debate."
        for i in range(10)))
    result = hark("extract", str(long), cwd=tmp_path, env={"HARK_MAX_ARTICLE_WORDS": "40"})
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hark: error:") and "40 words" in lines[0], lines


def test_keys_create_list_revoke(tmp_path: Path) -> None:
    from hark.errors import AuthError
    from hark.service.keys import SHOWN, check_key, store_of
    from hark.settings import Settings

    made = hark("keys", "create", "newsroom", cwd=tmp_path)
    assert made.returncode == 0, made.stderr.decode()
    key = made.stdout.decode().strip().splitlines()[-1]
    assert hark("keys", "create", "cms", cwd=tmp_path).returncode == 0
    def listed() -> dict[str, list[str]]:
        out = hark("keys", "list", cwd=tmp_path, env={"COLUMNS": "200"}).stdout.decode()
        assert key not in out  # never the key itself
        rows = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if "│" in line]
        return {r[0]: r[1:] for r in rows}

    before = listed()
    assert before["newsroom"][0] == key[:SHOWN] + "…" and before["newsroom"][2] == "" and before["cms"][2] == ""

    revoked = hark("keys", "revoke", "newsroom", cwd=tmp_path)
    assert revoked.returncode == 0 and "revoked 'newsroom'" in revoked.stdout.decode()
    after = listed()
    assert re.match(r"\d{4}-\d\d-\d\d", after["newsroom"][2]) and after["cms"][2] == ""  # revoked when; cms lives
    store = store_of(Settings(data_dir=tmp_path / "data"))
    with pytest.raises(AuthError):
        check_key(store, f"Bearer {key}")

    again = hark("keys", "revoke", "newsroom", cwd=tmp_path)  # nothing live by that name: one line, exit 2
    assert again.returncode == 2 and len(again.stderr.decode().strip().splitlines()) == 1
    assert "Traceback" not in again.stderr.decode()


def test_extract_with_no_settings_at_all_reads_the_page_as_with_them(tmp_path: Path) -> None:
    # `hark extract FILE` with no HARK_ variable and no .env takes a fast path without pydantic-settings (start-up);
    # it must give what the full settings give. (Every other test sets HARK_DATA_DIR, which skips that path.)
    page = Path(__file__).parent / "article" / "pages" / "wire.txt"
    bare = {k: v for k, v in os.environ.items() if not k.upper().startswith("HARK_")}
    fast = subprocess.run([sys.executable, "-m", "hark.cli", "extract", str(page)], cwd=tmp_path, env=bare,
                          capture_output=True, timeout=120)
    full = hark("extract", str(page), cwd=tmp_path)
    assert fast.returncode == 0, fast.stderr.decode()
    assert fast.stdout == full.stdout and fast.stdout.decode().startswith("Central bank holds rates steady")
