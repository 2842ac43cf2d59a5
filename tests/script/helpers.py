"""Shared helpers of the script tests: build a script from one paragraph."""

from __future__ import annotations

from hark.models import Article, Block, Script
from hark.script import build_script


def script_of(text: str, kind: str = "paragraph") -> Script:
    return build_script(Article(title="", body=(Block(kind, text),)))  # type: ignore[arg-type]


def said(text: str) -> str:
    """Everything said for `text`, words only (no pauses)."""
    return " ".join(w.spoken for _, _, s in script_of(text).sentences() for w in s.words if w.spoken)


def said_for(text: str, token: str) -> str:
    """What is said for the displayed token `token` inside `text`."""
    for _, _, sentence in script_of(text).sentences():
        for word in sentence.words:
            if word.text == token:
                return word.spoken
    raise AssertionError(f"no word {token!r} in {text!r}")
