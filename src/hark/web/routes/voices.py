"""The installed voices."""

from __future__ import annotations

import re
import threading
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from hark.jobs.runtime import Runtime
from hark.web.deps import runtime

router = APIRouter(prefix="/v1", tags=["voices"])
_preview_lock = threading.Lock()


@router.get("/voices", summary="Installed voices: id, name, language, engine, base WPM, license")
def get_voices(rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    voices = sorted(rt.registry.voices(), key=lambda v: v.id)
    default = rt.registry.default_for("en").id if voices else None
    return {
        "default": default,
        "voices": [
            {"id": v.id, "name": v.name, "language": v.language, "engine": v.engine, "gender": v.gender,
             "quality": v.quality, "sample_rate": v.sample_rate, "base_wpm": v.base_wpm, "license": v.license,
             "preview_url": f"/v1/voices/{quote(v.id, safe='')}/preview"}
            for v in voices
        ],
    }


@router.get("/voices/{voice_id}/preview", summary="A few seconds of the voice (MP3), made once and kept")
def get_preview(voice_id: str, rt: Runtime = Depends(runtime)) -> FileResponse:
    from hark.voices.catalog import write_preview

    _, voice = rt.registry.resolve(voice_id)  # unknown voice → 422
    folder = rt.settings.data_dir / "previews"
    path = folder / (re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{voice.id}-{rt.engine_version(voice.id)}")[:200] + ".mp3")
    if not path.exists():
        with _preview_lock:  # one synthesis per voice, however many readers open the list at once
            if not path.exists():  # written atomically, so a reader never sees half a preview
                write_preview(rt.settings, voice.id, path, registry=rt.registry)
    return FileResponse(path, media_type="audio/mpeg", headers={"Cache-Control": "public, max-age=86400"})
