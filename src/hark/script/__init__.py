"""Article → Script: sentences and words with offsets, and what is said for each."""

from hark.script.build import build_script, script_text

__all__ = ["build_script", "script_text"]
