"""The installed voices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from hark.jobs.runtime import Runtime
from hark.web.deps import runtime

router = APIRouter(prefix="/v1", tags=["voices"])


@router.get("/voices", summary="Installed voices: id, name, language, engine, base WPM, license")
def get_voices(rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    voices = sorted(rt.registry.voices(), key=lambda v: v.id)
    default = rt.registry.default_for("en").id if voices else None
    return {
        "default": default,
        "voices": [
            {"id": v.id, "name": v.name, "language": v.language, "engine": v.engine, "gender": v.gender,
             "quality": v.quality, "sample_rate": v.sample_rate, "base_wpm": v.base_wpm, "license": v.license}
            for v in voices
        ],
    }
