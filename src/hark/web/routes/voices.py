"""The voices readers may choose (the publisher's menu; `?all=1` every installed voice), and a short preview of each."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from hark.service import readers
from hark.service.runtime import Runtime
from hark.service.voices import menu_order, preview_path, rate_range, voice_json
from hark.web.deps import runtime

router = APIRouter(prefix="/v1", tags=["voices"])


@router.get("/voices", summary="The reader voices (every installed voice with `all=1`): id, name, language, engine, "
                               "base WPM, license; the default per language and the rate range")
def get_voices(all: bool = False, rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    offered = readers.offered(rt)  # stored WPMs only: measuring is the background's (app start)
    ids = {v.id for v in offered}
    listed = menu_order(rt.voices.voices()) if all else offered
    return {
        "default": rt.voices.default_for("en").id if listed else None,
        "defaults": readers.defaults(rt, offered),
        **rate_range(),
        "voices": [{**voice_json(v, rt.settings, reader=v.id in ids),
                    "preview_url": f"/v1/voices/{quote(v.id, safe='')}/preview"} for v in listed],
    }


@router.get("/voices/{voice_id}/preview", summary="A few seconds of the voice (MP3), made once and kept")
def get_preview(voice_id: str, rt: Runtime = Depends(runtime)) -> FileResponse:
    path = preview_path(rt.settings, rt.voices.resolve(voice_id))  # an unknown voice → 422
    return FileResponse(path, media_type="audio/mpeg", headers={"Cache-Control": "public, max-age=86400"})
