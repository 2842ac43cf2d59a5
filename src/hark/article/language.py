"""The language of an article's text, by the bundled py3langid model."""

from __future__ import annotations

import re

_SAMPLE_CHARS = 1500
"""A few paragraphs decide reliably; classifying a whole long article only costs time."""
_HTML_LANG = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]{1,8})?$", re.IGNORECASE)


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code: the detector's answer on the text, else the page's declared `lang`, else "en"."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.split()) >= 5:
        try:
            import py3langid

            code, _score = py3langid.classify(sample)
            return str(code)
        except ImportError:  # the detector is a dependency; without it trust the page
            pass
    match = _HTML_LANG.match((declared or "").strip())
    return match.group(1).lower() if match else "en"
