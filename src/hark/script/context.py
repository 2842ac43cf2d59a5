"""The neighbours a token is read with: what decides "St." (Saint or Street) or "100m" (metres or million)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """The displayed tokens around the one being read ("" where there is none)."""

    prev: str = ""
    """The token before, in the same sentence."""
    next: str = ""
    """The token after, in the same sentence."""
    next2: str = ""
    """The token after `next`."""
    shouting: bool = False
    """The segment is written in capitals (a headline), so all-capital words are words, not acronyms."""
    prev2: str = ""
    """The token before `prev`."""
    after: str = ""
    """Punctuation written right after the token ("," in "Oxford St, London")."""
