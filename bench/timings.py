"""Word-timing accuracy and intelligibility of each neural English voice, against PocketSphinx.

Usage: .venv/bin/python bench/timings.py [--articles FILE_OR_DIR ...] [--max-words 400]
                                         [--voices piper:en_US-joe-medium,hibari:heart]

Each article (default: bench/data/article.txt and the real news articles in bench/data/news/; a file is
a headline line, a blank line, then paragraphs separated by blank lines) is cut to its first paragraphs
that fit in --max-words (at least one) and, title included, narrated through Hark's own chain
(ingest → script → hark.service.render.narrate, WAV), cold (a fresh data folder, so nothing cached).
Each sentence's stretch of the narration (its timing-map span, widened by up to 200 ms into the pauses
either side) is then, with PocketSphinx's bundled US English model at 16 kHz:
- force-aligned to the words Hark said for it: each word's start in Hark's timing map is compared with
  the start of its first spoken token in the alignment (sentences holding a word missing from
  PocketSphinx's dictionary are left out of this, and counted);
- decoded freely with the bundled language model: word error rate against what Hark said (the script's
  spoken forms, so "1,128" counts as the words it is read as).
Both voices are measured in the same run on the same texts; the WER is relative (PocketSphinx's news WER is
high for any voice), so read it as a ratio between voices. One row per article and voice, then a total row
per voice that pools the words of all articles (its median and p95 are over all aligned words, its WER is
all word errors over all words said).
"""

from __future__ import annotations

import argparse
import html
import io
import os
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
import regex
from scipy.signal import resample_poly

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [ROOT / "bench" / "data" / "article.txt", ROOT / "bench" / "data" / "news"]
VOICES = "piper:en_US-joe-medium,hibari:heart"
ASR_RATE = 16000
FRAME_MS = 10  # PocketSphinx's default frame rate is 100 per second
MARGIN_MS = 200
TOKEN = regex.compile(r"[\p{L}\p{N}']+")


def article_files(args: list[Path]) -> list[Path]:
    """Each file as given; each folder → its *.txt files, sorted (so runs compare row by row)."""
    return [f for a in args for f in (sorted(a.glob("*.txt")) if a.is_dir() else [a])]


def paragraphs(path: Path, max_words: int) -> list[str]:
    """[title, first paragraphs]: as many paragraphs as fit in max_words (title not counted), at least one."""
    parts = [p.strip().replace("\n", " ") for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    title, body = parts[0], parts[1:]
    kept: list[str] = []
    for p in body:
        if kept and sum(len(k.split()) for k in kept) + len(p.split()) > max_words:
            break
        kept.append(p)
    return [title, *kept]


def article_html(parts: list[str]) -> str:
    title, body = parts[0], parts[1:]
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>\n{paras}</article></body></html>")


def tokens(text: str) -> list[str]:
    return [t.lower().strip("'") for t in TOKEN.findall(text.replace("-", " ")) if t.strip("'")]


def word_errors(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance over words (substitutions + deletions + insertions); a dozen lines rather than
    a dependency for one loop."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def narrate_voice(voice_id: str, page: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    """(script, narration, 16 kHz int16 samples, seconds of wall time to narrate) for one voice, cold."""
    from hark.models import SynthesisOptions
    from hark.service.ingest import Source, ingest
    from hark.service.lexicon import lexicon_of, script_for
    from hark.service.render import narrate
    from hark.settings import Settings
    from hark.voices import VoiceRegistry

    settings = Settings(data_dir=data_dir)
    speaker = VoiceRegistry(settings).resolve(voice_id)
    script = script_for(ingest(Source(argument=str(page)), settings).article, speaker, lexicon_of(settings))
    sink = io.BytesIO()
    start = time.perf_counter()
    narration = narrate(script, speaker, SynthesisOptions(format="wav"), sink)
    wall = time.perf_counter() - start
    sink.seek(0)
    with wave.open(sink) as w:
        rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
        raw = w.readframes(w.getnframes())
    assert width == 2 and channels == 1, (width, channels)
    samples = np.frombuffer(raw, dtype=np.int16).astype(np.float32)
    g = np.gcd(rate, ASR_RATE)
    audio16 = np.clip(resample_poly(samples, ASR_RATE // g, rate // g), -32768, 32767).astype(np.int16)
    return script, narration, audio16, wall


def decode(decoder, pcm: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), no_search=False, full_utt=True)
    decoder.end_utt()


def measure(voice_id: str, page: Path, data_dir: Path) -> dict[str, Any]:
    # why deferred: pocketsphinx is the optional `bench` extra, never needed by Hark itself
    from pocketsphinx import Decoder

    script, narration, audio, wall = narrate_voice(voice_id, page, data_dir)
    aligner = Decoder(samprate=ASR_RATE, lm=None, loglevel="FATAL")
    asr = Decoder(samprate=ASR_RATE, loglevel="FATAL")
    spans = [(sen_t.start_ms, sen_t.end_ms) for seg_t in narration.timings.segments for sen_t in seg_t.sentences]
    sentences = [(sentence, sen_t) for (_, _, sentence), sen_t in
                 zip(script.sentences(), (s for seg in narration.timings.segments for s in seg.sentences))]
    errors_ms: list[float] = []
    signed_ms: list[float] = []
    first_signed: list[float] = []  # sentence-initial words: onset after silence, the aligner's easy case
    ref_words = err_words = 0
    skipped_oov = skipped_fail = aligned_sentences = 0
    asr_start = time.process_time()
    for k, (sentence, sen_t) in enumerate(sentences):
        if sentence.is_silent:
            continue
        lo = max(sen_t.start_ms - MARGIN_MS, spans[k - 1][1] if k else 0)
        hi = min(sen_t.end_ms + MARGIN_MS, spans[k + 1][0] if k + 1 < len(spans) else narration.timings.duration_ms)
        pcm = audio[lo * ASR_RATE // 1000: hi * ASR_RATE // 1000]
        # each displayed word → its spoken tokens; the word's start is that of its first token
        words = [(w_t, tokens(w.spoken)) for w, w_t in zip(sentence.words, sen_t.words) if tokens(w.spoken)]
        said = [t for _, ts in words for t in ts]
        decode(asr, pcm)
        hyp = asr.hyp()
        hyp_words = tokens(hyp.hypstr) if hyp else []
        ref_words += len(said)
        err_words += word_errors(said, hyp_words)
        if any(aligner.lookup_word(t) is None for t in said):
            skipped_oov += 1
            continue
        aligner.set_align_text(" ".join(said))
        decode(aligner, pcm)
        segs = [s for s in aligner.seg() if s.word not in ("<s>", "</s>", "<sil>", "[NOISE]")]
        if len(segs) != len(said):
            skipped_fail += 1
            continue
        aligned_sentences += 1
        i = 0
        for n, (w_t, ts) in enumerate(words):
            if n == 0:
                first_signed.append(w_t.start_ms - (lo + segs[0].start_frame * FRAME_MS))
            forced_ms = lo + segs[i].start_frame * FRAME_MS
            signed_ms.append(w_t.start_ms - forced_ms)
            errors_ms.append(abs(w_t.start_ms - forced_ms))
            if os.environ.get("HARK_BENCH_DEBUG"):
                print(f"  {w_t.text:16s} hark {w_t.start_ms:6d}  forced {forced_ms:6d}  {w_t.start_ms - forced_ms:+5d}",
                      file=sys.stderr)
            i += len(ts)
    return {
        **summary(errors_ms, signed_ms, err_words, ref_words),
        "errors_ms": errors_ms,
        "signed_ms": signed_ms,
        "err_words": err_words,
        "sentences": len(sentences),
        "aligned": aligned_sentences,
        "oov": skipped_oov,
        "failed": skipped_fail,
        "audio_s": narration.timings.duration_ms / 1000,
        "narrate_s": wall,
        "sphinx_cpu_s": time.process_time() - asr_start,
        "first_lag": statistics.median(first_signed) if first_signed else float("nan"),
    }


def summary(errors_ms: list[float], signed_ms: list[float], err_words: int, ref_words: int) -> dict[str, Any]:
    """The table's figures from the raw per-word errors: one article's, or all articles' pooled."""
    return {
        "words": len(errors_ms),
        "median": statistics.median(errors_ms) if errors_ms else float("nan"),
        "bias": statistics.median(signed_ms) if signed_ms else float("nan"),
        "p95": float(np.percentile(errors_ms, 95)) if errors_ms else float("nan"),
        "within50": sum(e <= 50 for e in errors_ms) / len(errors_ms) if errors_ms else float("nan"),
        # the same with the voice's median lag taken out: a constant lag vs scatter word to word
        "within50_unbiased": (sum(abs(e - statistics.median(signed_ms)) <= 50 for e in signed_ms) / len(signed_ms)
                              if signed_ms else float("nan")),
        "wer": err_words / ref_words if ref_words else float("nan"),
        "ref_words": ref_words,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", nargs="+", type=Path, default=ARTICLES,
                        help="article files or folders of *.txt (default: bench/data/article.txt bench/data/news)")
    parser.add_argument("--max-words", type=int, default=400,
                        help="words of each article's first paragraphs to narrate, title not counted")
    parser.add_argument("--voices", default=VOICES, help="comma-separated voice ids")
    args = parser.parse_args()

    files = article_files(args.articles)
    voices = args.voices.split(",")
    cpu_before = time.process_time()
    rows: list[tuple[str, str, dict[str, Any]]] = []  # (article, voice, figures)
    with tempfile.TemporaryDirectory() as tmp:
        for n, path in enumerate(files):
            parts = paragraphs(path, args.max_words)
            page = Path(tmp) / f"article{n}.html"
            page.write_text(article_html(parts), encoding="utf-8")
            for voice_id in voices:
                r = measure(voice_id, page, Path(tmp) / f"{n}_{voice_id.replace(':', '_')}")
                r["text_words"] = len(" ".join(parts).split())
                r["paragraphs"] = len(parts) - 1
                rows.append((path.name, voice_id, r))
                print(f"{path.name} {voice_id}: {r['audio_s']:.1f} s audio narrated in {r['narrate_s']:.1f} s; "
                      f"PocketSphinx {r['sphinx_cpu_s']:.1f} CPU s; aligned {r['aligned']}/{r['sentences']} "
                      f"sentences ({r['oov']} with a word not in its dictionary, {r['failed']} failed); median lag "
                      f"of sentence-initial words {r['first_lag']:+.0f} ms", file=sys.stderr)

    totals: dict[str, dict[str, Any]] = {}
    for voice_id in voices:
        mine = [r for _, v, r in rows if v == voice_id]
        totals[voice_id] = summary([e for r in mine for e in r["errors_ms"]], [e for r in mine for e in r["signed_ms"]],
                                   sum(r["err_words"] for r in mine), sum(r["ref_words"] for r in mine))
        totals[voice_id]["text_words"] = sum(r["text_words"] for r in mine)

    print(f"\nWord timings and intelligibility: {len(files)} articles, up to {args.max_words} words of each "
          f"(first paragraphs + title), PocketSphinx {_version()} en-us, same run, "
          f"{time.process_time() - cpu_before:.0f} CPU s, load average {os.getloadavg()[0]:.1f}\n")
    print("| article                         | voice                  | words | words aligned | median abs error ms "
          "| p95 ms | within 50 ms | median lag ms | within 50 ms of the lag | ASR WER |")
    print("| ------------------------------- | ---------------------- | ----: | ------------: | ------------------: "
          "| -----: | -----------: | ------------: | ----------------------: | ------: |")
    for name, voice_id, r in [*rows, *(("total", v, t) for v, t in totals.items())]:
        label = f"**{name}**" if name == "total" else name
        print(f"| {label:31s} | {voice_id:22s} | {r['text_words']:5d} | {r['words']:13d} | {r['median']:19.0f} "
              f"| {r['p95']:6.0f} | {r['within50']:12.1%} | {r['bias']:+13.0f} | {r['within50_unbiased']:23.1%} "
              f"| {r['wer']:7.3f} |")
    print("\nwords: of the text narrated (title + paragraphs); error: |Hark's timing-map word start - PocketSphinx "
          "forced-alignment start| (10 ms frames); lag: the signed median (positive: Hark's start comes after the "
          "aligner's); WER: PocketSphinx free decoding vs the words Hark said, lower is better (goals for the "
          "default voice: >= 90% within 50 ms, WER <= Joe's)")
    if len(voices) == 2:
        a, b = voices
        print(f"WER {b} / {a}: " + ", ".join(
            f"{name} {rb['wer'] / ra['wer']:.2f}x" for (name, va, ra), (_, vb, rb) in zip(rows[0::2], rows[1::2])
            if va == a and vb == b and ra["wer"]) + f"; total {totals[b]['wer'] / totals[a]['wer']:.2f}x")


def _version() -> str:
    from importlib.metadata import version

    return version("pocketsphinx")


if __name__ == "__main__":
    main()
