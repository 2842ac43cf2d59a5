"""Speech engines, the voice registry (a voice id → a `Speaker`), calibration of base WPM, the clip cache."""

from hark.voices.engine import Engine
from hark.voices.registry import Speaker, VoiceRegistry, register_engine

__all__ = ["Engine", "Speaker", "VoiceRegistry", "register_engine"]
