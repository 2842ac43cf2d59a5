"""The remote engine: any server speaking OpenAI's `POST /v1/audio/speech` (OpenAI, Kokoro-FastAPI, LocalAI, Hark)."""

from __future__ import annotations

import hashlib
import io
import logging
import time
from typing import Any

import av
import httpx
import numpy as np

from hark.errors import RemoteEngineError, VoiceError
from hark.models import Clip, Sentence, SynthesisOptions, Voice
from hark.settings import Settings

log = logging.getLogger(__name__)

ENGINE_NAME = "remote"
SAMPLE_RATE = 24_000
"""What OpenAI-style servers speak at; other rates are resampled to it so a narration has one rate."""
TRIES = 3
BACKOFF_S = 0.5
"""First wait between tries; doubled after each failure."""
TIMEOUT_S = 30.0
"""Longest wait for one sentence's whole answer, including a server that drips bytes."""
MAX_BYTES = 50 * 1024 * 1024
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
SILENCE = 10 ** (-45 / 20)
"""Below -45 dBFS counts as the silence a server leaves around speech."""


def create_engine(settings: Settings) -> "RemoteEngine | None":
    if not settings.remote_tts_url:
        return None
    names = [n.strip() for n in settings.remote_tts_voices.split(",") if n.strip()]
    return RemoteEngine(settings.remote_tts_url, names or ["alloy"], settings.remote_tts_key, settings.remote_tts_model,
                        timeout=settings.remote_tts_timeout)


class RemoteEngine:
    """Sends each sentence to the server; word times are spread over the speech by length (estimated)."""

    name = ENGINE_NAME
    parallelism = 2

    def __init__(self, base_url: str, voices: list[str], key: str | None = None, model: str = "tts-1",
                 timeout: float = TIMEOUT_S, tries: int = TRIES, backoff: float = BACKOFF_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.tries = max(1, tries)
        self.backoff = backoff
        self._names = voices
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                    follow_redirects=False)

    @property
    def endpoint(self) -> str:
        base = self.base_url
        return f"{base}/audio/speech" if base.endswith("/v1") else f"{base}/v1/audio/speech"

    def voices(self) -> list[Voice]:
        out = []
        for entry in self._names:
            # `name` or `name@lang` (the server's voices do not say which language they speak).
            name, _, lang = entry.partition("@")
            out.append(Voice(id=f"remote:{name}", name=f"{name} ({self.model}, remote)", language=lang or "en",
                             engine=ENGINE_NAME, quality="neural", sample_rate=SAMPLE_RATE, license=None))
        return out

    def version(self, voice: Voice) -> str:
        where = hashlib.sha1(f"{self.endpoint}|{self.model}".encode()).hexdigest()[:12]
        return f"remote-{where}-s1"

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        rate = options.rate
        name = voice.id.removeprefix("remote:")
        if name not in {v.id.removeprefix("remote:") for v in self.voices()}:
            raise VoiceError(f"unknown remote voice {voice.id!r}; configured: {', '.join(self._names)}")
        text = sentence.spoken
        if not text:
            return Clip(np.zeros(0, np.float32), SAMPLE_RATE, tuple((0, 0) for _ in sentence.words), estimated=True)
        payload = {"model": self.model, "input": text, "voice": name, "response_format": "wav", "speed": rate}
        samples = decode_audio(self._fetch(payload), SAMPLE_RATE)
        return Clip(samples, SAMPLE_RATE, tuple(spread_words(sentence, samples)), estimated=True)

    def _fetch(self, payload: dict[str, Any]) -> bytes:
        """The answer's bytes; retries timeouts, dropped connections and busy statuses with backoff."""
        wait = self.backoff
        problem = ""
        for attempt in range(1, self.tries + 1):
            try:
                return self._post(payload)
            except _Retry as exc:
                problem = str(exc)
            except httpx.TimeoutException:
                problem = f"no answer within {self.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"connection failed ({exc.__class__.__name__}: {exc})"
            if attempt < self.tries:
                log.warning("remote speech server %s: %s; trying again in %.1f s", self.endpoint, problem, wait)
                time.sleep(wait)
                wait *= 2
        raise RemoteEngineError(f"remote speech server {self.endpoint} failed {self.tries} times: {problem}; "
                                "check HARK_REMOTE_TTS_URL and that the server is up")

    def _post(self, payload: dict[str, Any]) -> bytes:
        deadline = time.monotonic() + self.timeout
        with self._client.stream("POST", self.endpoint, json=payload) as response:
            if response.status_code in RETRY_STATUSES:
                raise _Retry(f"HTTP {response.status_code}")
            if response.status_code != 200:
                detail = response.read()[:300].decode("utf-8", "replace")
                raise RemoteEngineError(f"remote speech server {self.endpoint} refused the request "
                                        f"(HTTP {response.status_code}): {detail}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise RemoteEngineError(f"remote speech server sent more than {MAX_BYTES} bytes for one sentence")
                if time.monotonic() > deadline:
                    # The read timeout restarts with every chunk; a server dripping bytes must still end.
                    raise httpx.ReadTimeout("too slow", request=response.request)
            return bytes(body)


class _Retry(Exception):
    """A status worth asking again for."""


def decode_audio(data: bytes, sample_rate: int) -> np.ndarray:
    """Any audio PyAV can read → mono float32 at `sample_rate`; anything else is the server's fault."""
    if not data:
        raise RemoteEngineError("remote speech server returned an empty body instead of audio")
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise RemoteEngineError("remote speech server returned no audio stream")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
            parts = []
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    parts.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                parts.append(out.to_ndarray().reshape(-1))
    except RemoteEngineError:
        raise
    except Exception as exc:  # PyAV raises many kinds for bad input
        head = data[:16]
        raise RemoteEngineError(f"remote speech server returned something that is not audio ({len(data)} bytes, "
                                f"starting {head!r}): {exc}") from exc
    samples = np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
    if samples.size == 0:
        raise RemoteEngineError("remote speech server returned audio with no samples")
    return samples


def spread_words(sentence: Sentence, samples: np.ndarray) -> list[tuple[int, int]]:
    """Word spans spread over the speech (its leading and trailing silence left out) by spoken length."""
    loud = np.flatnonzero(np.abs(samples) > SILENCE)
    lo, hi = (int(loud[0]), int(loud[-1]) + 1) if loud.size else (0, len(samples))
    weights = [len(w.said) + 1 if w.said else 0 for w in sentence.words]
    total = sum(weights) or 1
    spans = []
    acc = 0
    for w in weights:
        a = lo + (hi - lo) * acc // total
        acc += w
        spans.append((a, lo + (hi - lo) * acc // total))
    return spans
