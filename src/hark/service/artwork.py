"""The podcast's artwork when the publisher sets none: a square 1400 px PNG with the podcast's title (podcast
apps require square JPEG/PNG art of 1400-3000 px), drawn with matplotlib once per title and kept."""

from __future__ import annotations

import hashlib
import io
import threading
from pathlib import Path

from hark.atomic import write_atomic
from hark.settings import Settings

SIZE_PX = 1400
_DRAWING = threading.Lock()


def draw(title: str) -> bytes:
    # Imported here: matplotlib is heavy and only the artwork and the console's charts need it.
    from matplotlib.figure import Figure

    dpi = 100
    fig = Figure(figsize=(SIZE_PX / dpi, SIZE_PX / dpi), dpi=dpi, facecolor="#1f6fd1")
    fig.text(0.5, 0.56, title, ha="center", va="center", color="white", fontsize=110 if len(title) < 12 else 64,
             fontweight="bold", wrap=True)
    fig.text(0.5, 0.3, "read aloud", ha="center", va="center", color="#dce8fb", fontsize=54)
    sink = io.BytesIO()
    fig.savefig(sink, format="png", dpi=dpi, metadata={"Software": None})
    return sink.getvalue()


def artwork_path(settings: Settings) -> Path:
    """The PNG for the current title, drawn on first use (one drawing however many apps ask at once)."""
    digest = hashlib.sha256(settings.podcast_title.encode()).hexdigest()[:16]
    path = settings.data_dir / "podcast" / f"artwork-{digest}.png"
    if not path.exists():
        with _DRAWING:
            if not path.exists():
                write_atomic(path, draw(settings.podcast_title))
    return path
