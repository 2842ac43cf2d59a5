"""OpenAI-compatible `POST /v1/audio/speech`: text in, audio out, for clients that already speak that API."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from hark.audio import content_type
from hark.errors import FormatError
from hark.models import SynthesisOptions
from hark.service.runtime import Runtime
from hark.service.speech import speak
from hark.web.deps import require_key, runtime
from hark.web.schemas import SpeechIn

router = APIRouter(prefix="/v1", tags=["openai"])

OPENAI_VOICES = {"alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
                 "marin", "cedar"}
"""OpenAI's voice names: clients send them by default, so they map to the default voice."""


@router.post("/audio/speech", summary="OpenAI-compatible speech: model, input, voice, response_format, speed")
def post_speech(body: SpeechIn, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> Response:
    if body.response_format not in ("mp3", "opus", "wav"):
        raise FormatError(f"response_format {body.response_format!r} is not offered here: use mp3, opus or wav")
    if body.stream_format == "sse":
        raise FormatError("stream_format 'sse' is not offered here: use 'audio'")
    name = body.voice.get("id", "") if isinstance(body.voice, dict) else body.voice
    speaker = rt.voices.resolve(None if name.lower() in OPENAI_VOICES else name)  # not installed → 422
    options = SynthesisOptions(rate=body.speed, format=body.response_format)
    return Response(speak(rt, body.input, speaker, options), media_type=content_type(body.response_format))
