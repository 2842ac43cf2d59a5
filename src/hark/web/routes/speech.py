"""OpenAI-compatible `POST /v1/audio/speech`: text in, audio out, for clients that already speak that API."""

from __future__ import annotations

import io

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from hark import pipeline
from hark.errors import FormatError, VoiceError
from hark.jobs.runtime import Runtime
from hark.models import Article, Block
from hark.web.deps import require_key, runtime
from hark.web.schemas import SpeechIn

router = APIRouter(prefix="/v1", tags=["openai"])

OPENAI_VOICES = {"alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
                 "marin", "cedar"}
"""OpenAI's voice names: clients send them by default, so they map to the default voice."""


def _voice_id(rt: Runtime, voice: str | dict[str, str]) -> str | None:
    name = voice.get("id", "") if isinstance(voice, dict) else voice
    if name.lower() in OPENAI_VOICES:
        return None
    rt.registry.resolve(name)  # VoiceError (422) for a voice that is not installed
    return name


@router.post("/audio/speech", summary="OpenAI-compatible speech: model, input, voice, response_format, speed")
def post_speech(body: SpeechIn, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> Response:
    if body.response_format not in ("mp3", "opus", "wav"):
        raise FormatError(f"response_format {body.response_format!r} is not offered here: use mp3, opus or wav")
    voice_id = _voice_id(rt, body.voice)
    if body.stream_format == "sse":
        raise FormatError("stream_format 'sse' is not offered here: use 'audio'")
    script = pipeline.script_for(Article(title="", body=(Block("paragraph", body.input),)), rt.settings, voice_id, rt.registry)
    if not any(True for _ in script.sentences()):
        raise VoiceError("the input has nothing to say")
    sink = io.BytesIO()
    pipeline.narrate_script(script, rt.settings, sink, registry=rt.registry, voice_id=voice_id, rate=body.speed,
                            fmt=body.response_format)
    from hark.audio import content_type

    return Response(sink.getvalue(), media_type=content_type(body.response_format))
