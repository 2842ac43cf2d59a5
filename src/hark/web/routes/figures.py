"""Listening figures over HTTP for the key holder: per article (JSON, CSV, drop-off SVG) and site-wide by day."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from hark.service import analytics
from hark.service.runtime import Runtime
from hark.web.console.chart import drop_off_svg
from hark.web.deps import require_key, runtime

router = APIRouter(prefix="/v1", tags=["figures"])


@router.get("/articles/{article_id}/figures", summary="Loads, plays, listen-through, speed, voices, drop-off")
def figures(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    return analytics.article_figures(rt, article_id)


@router.get("/articles/{article_id}/figures.csv", summary="The article's figures as CSV")
def figures_csv(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> Response:
    return Response(analytics.article_csv(analytics.article_figures(rt, article_id)), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{article_id}-figures.csv"'})


@router.get("/articles/{article_id}/drop-off.svg", summary="Drop-off by paragraph, as an SVG chart")
def drop_off(article_id: str, dark: bool = False, rt: Runtime = Depends(runtime),
             _key: str = Depends(require_key)) -> Response:
    svg = drop_off_svg(analytics.article_figures(rt, article_id)["drop_off"], dark=dark)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/figures/daily", summary="Site-wide loads, plays and completions per day")
def daily(days: int = Query(30, ge=1, le=366), rt: Runtime = Depends(runtime),
          _key: str = Depends(require_key)) -> dict[str, Any]:
    return {"days": analytics.daily(rt, days)}


@router.get("/figures/daily.csv", summary="Site-wide figures per day as CSV")
def daily_csv(days: int = Query(30, ge=1, le=366), rt: Runtime = Depends(runtime),
              _key: str = Depends(require_key)) -> Response:
    return Response(analytics.daily_csv(analytics.daily(rt, days)), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="hark-daily.csv"'})
