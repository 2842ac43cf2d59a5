"""The drop-off chart as an SVG made on the server with matplotlib, each bar titled with its paragraph's first words."""

from __future__ import annotations

import io
from typing import Any

from lxml import etree

SVG = "http://www.w3.org/2000/svg"


def drop_off_svg(drop_off: list[dict[str, Any]], dark: bool = False) -> bytes:
    """Bars: share of listeners still listening at each paragraph. Hovering a bar shows its first words."""
    # Imported here: matplotlib is heavy and only the chart needs it. A bare Figure (no pyplot) never opens a window.
    from matplotlib.figure import Figure

    ink, accent = ("#e6e6e6", "#6cb4ff") if dark else ("#222222", "#1f6fd1")
    fig = Figure(figsize=(7, 2.8))
    ax = fig.subplots()
    shares = [100 * p["still_listening"] for p in drop_off]
    bars = ax.bar(range(1, len(shares) + 1), shares, color=accent, width=0.8)
    for bar, p in zip(bars, drop_off):
        bar.set_gid(f"para-{p['paragraph']}")
    ax.set_xticks(range(1, len(shares) + 1) if len(shares) <= 20 else range(1, len(shares) + 1, 5))
    ax.set_ylim(0, 100)
    ax.set_xlabel("paragraph", color=ink)
    ax.set_ylabel("% still listening", color=ink)
    ax.tick_params(colors=ink)
    for spine in ax.spines.values():
        spine.set_color(ink)
    fig.patch.set_alpha(0)
    ax.patch.set_alpha(0)
    fig.tight_layout()
    sink = io.BytesIO()
    fig.savefig(sink, format="svg", metadata={"Date": None})
    return _titled(sink.getvalue(), drop_off)


def _titled(svg: bytes, drop_off: list[dict[str, Any]]) -> bytes:
    """matplotlib writes each bar as a group with its gid: give the group a <title> (the browser's hover text)."""
    root = etree.fromstring(svg)
    for p in drop_off:
        found = root.find(f".//{{{SVG}}}g[@id='para-{p['paragraph']}']")
        if found is not None:
            title = etree.Element(f"{{{SVG}}}title")
            title.text = f"{p['first_words']} — {round(100 * p['still_listening'])}% still listening"
            found.insert(0, title)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
