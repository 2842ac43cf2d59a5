"""The console's charts as SVGs made on the server with matplotlib: drop-off by paragraph, and the site by day.
Each bar carries a <title> (the browser's hover text): the paragraph's first words, or the day's figures."""

from __future__ import annotations

import io
from typing import Any, Sequence

from lxml import etree

SVG = "http://www.w3.org/2000/svg"


def _colours(dark: bool) -> tuple[str, str, str]:
    """Ink, accent, second accent: matched to console.css for each colour scheme."""
    return ("#e6e6e6", "#6cb4ff", "#f0b86e") if dark else ("#222222", "#1f6fd1", "#c26a00")


def _axes(width: float, height: float, ink: str) -> tuple[Any, Any]:
    # Imported here: matplotlib is heavy and only the charts need it. A bare Figure (no pyplot) never opens a window.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    ax = fig.subplots()
    ax.tick_params(colors=ink, labelsize=9)
    for spine in ax.spines.values():
        spine.set_color(ink)
    fig.patch.set_alpha(0)
    ax.patch.set_alpha(0)
    return fig, ax


def _svg(fig: Any, titles: dict[str, str]) -> bytes:
    fig.tight_layout()
    sink = io.BytesIO()
    fig.savefig(sink, format="svg", metadata={"Date": None})
    return _titled(sink.getvalue(), titles)


def drop_off_svg(drop_off: list[dict[str, Any]], dark: bool = False) -> bytes:
    """Bars: share of listeners still listening at each paragraph. Hovering a bar shows its first words."""
    ink, accent, _ = _colours(dark)
    fig, ax = _axes(5, 2.6, ink)
    shares = [100 * p["still_listening"] for p in drop_off]
    bars = ax.bar(range(1, len(shares) + 1), shares, color=accent, width=0.8)
    for bar, p in zip(bars, drop_off):
        bar.set_gid(f"para-{p['paragraph']}")
    ax.set_xticks(range(1, len(shares) + 1) if len(shares) <= 20 else range(1, len(shares) + 1, 5))
    ax.set_ylim(0, 100)
    ax.set_xlabel("paragraph", color=ink, fontsize=9)
    ax.set_ylabel("% still listening", color=ink, fontsize=9)
    return _svg(fig, {f"para-{p['paragraph']}": f"{p['first_words']} — {round(100 * p['still_listening'])}% "
                                                 "still listening" for p in drop_off})


def daily_svg(days: Sequence[dict[str, Any]], dark: bool = False) -> bytes:
    """Loads and plays per day, side by side; hovering a bar shows the day's figures."""
    ink, accent, second = _colours(dark)
    fig, ax = _axes(5, 2.4, ink)
    x = range(len(days))
    loads = ax.bar([i - 0.2 for i in x], [d["loads"] for d in days], width=0.4, color=second, label="loads")
    plays = ax.bar([i + 0.2 for i in x], [d["plays"] for d in days], width=0.4, color=accent, label="plays")
    titles = {}
    for i, (d, a, b) in enumerate(zip(days, loads, plays)):
        for bar, kind in ((a, "loads"), (b, "plays")):
            bar.set_gid(f"{kind}-{i}")
            titles[f"{kind}-{i}"] = (f"{d['day']}: {d['loads']} loads, {d['plays']} plays, "
                                     f"{d['completions']} listened to the end")
    step = max(1, len(days) // 5)
    ticks = list(x)[::-1][::step][::-1]  # counted back from today, so today is always labelled
    ax.set_xticks(ticks, [days[i]["day"][5:] for i in ticks])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, labelcolor=ink, fontsize=9)
    return _svg(fig, titles)


def inline(svg: bytes) -> str:
    """The SVG as markup to put in a page (without its XML declaration)."""
    return svg.decode().split("?>", 1)[-1]


def _titled(svg: bytes, titles: dict[str, str]) -> bytes:
    """matplotlib writes each bar as a group with its gid: give the group a <title>."""
    root = etree.fromstring(svg)
    for gid, text in titles.items():
        found = root.find(f".//{{{SVG}}}g[@id='{gid}']")
        if found is not None:
            title = etree.Element(f"{{{SVG}}}title")
            title.text = text
            found.insert(0, title)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
