"""Hark: listen to the news — article in, narration with word timings out."""

__version__ = "0.1.0"
