"""What `hark script` prints: the spoken script as text, one sentence a line, or as JSON."""

from __future__ import annotations

from typing import Any

from hark.models import Script


def script_text(script: Script) -> str:
    """One spoken sentence per line, silent sentences left out."""
    return "\n".join(sentence.spoken for _, _, sentence in script.sentences() if not sentence.is_silent)


def script_json(script: Script) -> dict[str, Any]:
    """Segments → sentences → words, with spoken forms, phonemes and character offsets."""
    return {
        "title": script.title,
        "language": script.language,
        "words": script.words,
        "segments": [
            {
                "kind": segment.kind,
                "text": segment.text,
                "sentences": [
                    {
                        "text": sentence.text,
                        "char_start": sentence.char_start,
                        "char_end": sentence.char_end,
                        "spoken": sentence.spoken,
                        "words": [
                            {
                                "text": word.text,
                                "char_start": word.char_start,
                                "char_end": word.char_end,
                                "spoken": word.spoken,
                                "phonemes": word.phonemes,
                                "pause": word.pause,
                            }
                            for word in sentence.words
                        ],
                    }
                    for sentence in segment.sentences
                ],
            }
            for segment in script.segments
        ],
    }
