"""The pronunciation lexicon over HTTP: list, add and remove entries (writes need a key), and hear a word said."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import Field

from hark.audio import content_type
from hark.models import SynthesisOptions
from hark.script import Entry
from hark.service import lexicon
from hark.service.pronunciation import apply_fix
from hark.service.runtime import Runtime
from hark.service.speech import speak
from hark.web.deps import require_key, runtime
from hark.web.schemas import Strict

router = APIRouter(prefix="/v1", tags=["lexicon"])


class LexiconIn(Strict):
    word: str = Field(..., min_length=1, max_length=200, description="The word or phrase as written.")
    respelling: str | None = Field(None, max_length=400, description="Plain text said instead of the word.")
    phonemes: str | None = Field(None, max_length=400, description="IPA in espeak's phoneme set.")
    language: str | None = Field(None, max_length=16, description="ISO 639-1 code; every language if omitted.")
    voice: str | None = Field(None, max_length=128, description="Voice id; every voice if omitted.")


def _view(entry: Entry) -> dict[str, Any]:
    return {"word": entry.word, "respelling": entry.respelling, "phonemes": entry.phonemes,
            "language": entry.language, "voice": entry.voice}


@router.get("/lexicon", summary="Lexicon entries in effect, for a language and voice when given")
def get_lexicon(language: str | None = None, voice: str | None = None, rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    found = lexicon.matching(rt.settings, language, voice)
    return {"version": lexicon.lexicon_of(rt.settings).version, "entries": [_view(e) for e in found]}


@router.post("/lexicon", status_code=201, summary="Add or replace the entry for a word, language and voice")
def post_lexicon(body: LexiconIn, renarrate: bool = False, rt: Runtime = Depends(runtime),
                 _key: str = Depends(require_key)) -> dict[str, Any]:
    """With `renarrate`, every article that says the word is narrated again (only its sentences with the word
    are synthesized anew)."""
    voice = rt.voices.resolve(body.voice).id if body.voice else None  # an unknown voice is a 422
    entry = Entry(word=body.word.strip(), respelling=body.respelling, phonemes=body.phonemes,
                  language=body.language.lower() if body.language else None, voice=voice)
    if renarrate:
        touched = apply_fix(rt, entry)
        return {"version": lexicon.lexicon_of(rt.settings).version, "entry": _view(entry), "renarrated": touched}
    saved = lexicon.add(rt.settings, entry)
    return {"version": saved.version, "entry": _view(entry)}


@router.delete("/lexicon", status_code=204, summary="Remove the entry for a word, language and voice")
def delete_lexicon(word: str = Query(..., min_length=1, max_length=200), language: str | None = None,
                   voice: str | None = None, rt: Runtime = Depends(runtime),
                   _key: str = Depends(require_key)) -> Response:
    lexicon.remove_entry(rt.settings, word, language.lower() if language else None, voice)
    return Response(status_code=204)


@router.get("/lexicon/hear", summary="A short clip of the word said by a voice, with the lexicon applied")
def hear(word: str = Query(..., min_length=1, max_length=200), voice: str | None = None,
         rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> Response:
    speaker = rt.voices.resolve(voice)
    audio = speak(rt, word, speaker, SynthesisOptions(format="mp3"))
    return Response(audio, media_type=content_type("mp3"), headers={"Cache-Control": "no-store"})
