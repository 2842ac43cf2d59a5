"""Speech from plain text (the OpenAI-compatible endpoint): text in, audio bytes out, through the one chain."""

from __future__ import annotations

import io

from hark.errors import ValidationFailedError
from hark.models import Article, Block, SynthesisOptions
from hark.service.lexicon import lexicon_of, script_for
from hark.service.render import narrate
from hark.service.runtime import Runtime
from hark.voices import Speaker


def speak(rt: Runtime, text: str, speaker: Speaker, options: SynthesisOptions) -> bytes:
    script = script_for(Article(title="", body=(Block("paragraph", text),)), speaker, lexicon_of(rt.settings))
    if not any(True for _ in script.sentences()):
        raise ValidationFailedError("the input has nothing to say")
    sink = io.BytesIO()
    narrate(script, speaker, options, sink, cache=rt.clips)
    return sink.getvalue()
