"""Article → Script: sentences and words with offsets, news-aware normalization, pronunciation lexicon."""

from hark.script.build import build_script
from hark.script.lexicon import Entry, Lexicon
from hark.script.render import script_json, script_text

__all__ = ["Entry", "Lexicon", "build_script", "script_json", "script_text"]
