"""Speech engines, the voice registry and catalog, rates and words per minute."""

from hark.voices.engine import MAX_RATE, MIN_RATE, Engine, check_rate
from hark.voices.registry import VoiceRegistry, register_engine

__all__ = ["Engine", "VoiceRegistry", "register_engine", "check_rate", "MIN_RATE", "MAX_RATE"]
