"""PCM → MP3, Opus or WAV through PyAV (ffmpeg with LAME and libopus), written as it comes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import av
import numpy as np

from hark.errors import FormatError


@dataclass(frozen=True)
class AudioFormat:
    container: str
    codec: str
    sample_rate: int | None
    """Rate the codec needs, or None to keep the voice's own."""
    sample_format: str
    bit_rate: int | None
    content_type: str


FORMATS: dict[str, AudioFormat] = {
    # 64 kb/s mono MP3 is transparent for 22 kHz speech and plays everywhere.
    "mp3": AudioFormat("mp3", "libmp3lame", None, "s16p", 64_000, "audio/mpeg"),
    # Opus only runs at 48 kHz; 32 kb/s is already better than the MP3 for speech.
    "opus": AudioFormat("ogg", "libopus", 48_000, "s16", 32_000, "audio/ogg"),
    "wav": AudioFormat("wav", "pcm_s16le", None, "s16", None, "audio/wav"),
}


def content_type(fmt: str) -> str:
    return _format(fmt).content_type


def _format(fmt: str) -> AudioFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise FormatError(f"unknown audio format {fmt!r}: use one of {', '.join(FORMATS)}") from None


class Encoder:
    """Encodes mono float PCM into `sink`, a writable (and for MP3/WAV headers, seekable) file."""

    def __init__(self, fmt: str, sample_rate: int, sink: BinaryIO) -> None:
        spec = _format(fmt)
        self.sample_rate = sample_rate
        out_rate = spec.sample_rate or sample_rate
        self._container = av.open(sink, mode="w", format=spec.container)
        stream = self._container.add_stream(spec.codec, rate=out_rate, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        self._stream = stream
        if spec.bit_rate:
            self._stream.bit_rate = spec.bit_rate
        self._resampler = av.AudioResampler(
            format=spec.sample_format,
            layout="mono",
            rate=out_rate,
            frame_size=self._stream.codec_context.frame_size or None,
        )
        self._pts = 0
        self.samples_written = 0

    def write(self, pcm: np.ndarray) -> None:
        if pcm.size == 0:
            return
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(pcm, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = self.sample_rate
        frame.pts = self._pts
        self._pts += pcm.size
        self.samples_written += pcm.size
        self._encode(self._resampler.resample(frame))

    def close(self) -> None:
        self._encode(self._resampler.resample(None))
        for packet in self._stream.encode(None):
            self._container.mux(packet)
        self._container.close()

    def _encode(self, frames: list) -> None:
        for frame in frames:
            frame.pts = None
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
