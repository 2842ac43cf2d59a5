"""Clips → one encoded file: pauses, loudness, the timing map, WebVTT captions."""

from hark.audio.captions import webvtt
from hark.audio.encode import FORMATS, Encoder, content_type
from hark.audio.level import TARGET_LUFS, level
from hark.audio.timeline import Timeline

__all__ = ["Encoder", "FORMATS", "content_type", "level", "TARGET_LUFS", "Timeline", "webvtt"]
