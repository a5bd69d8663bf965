"""Charts for the white paper, drawn by matplotlib as SVG on the server (WeasyPrint runs no JavaScript).

Text stays text in the SVG (``svg.fonttype: none``), so WeasyPrint sets it with the same Noto CJK fonts as the
body and the PDF's Chinese text can be extracted and searched. Each function returns the SVG markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("svg")  # no GUI backend on a server

from matplotlib import font_manager
from matplotlib.figure import Figure

FONT = "Noto Sans CJK SC"
# Debian's fonts-noto-cjk; added by hand when matplotlib's font cache predates their installation.
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)
# The report's palette: calm, printable in grey, distinguishable for colour-blind readers.
DONE, PROGRESS, PLANNED, OVERDUE = "#1b7f5f", "#4f8fd6", "#c9d3de", "#c8553d"
SERIES = ("#1f4e79", "#c8553d", "#1b7f5f", "#b8860b", "#6a4c93", "#5b8e7d")

STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "fazhi",  # stable ids: the same data gives the same file
    "font.family": [FONT, "DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#888888",
    "axes.titlesize": 10,
    "legend.frameon": False,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
}


def _ensure_font() -> None:
    if any(f.name == FONT for f in font_manager.fontManager.ttflist):
        return
    for path in FONT_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.05, metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: the SVG is inlined in HTML


def _figure(width: float, height: float) -> Figure:
    _ensure_font()
    return Figure(figsize=(width, height), dpi=96)


def stacked_shares(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]], *, title: str = "", width: float = 6.4
) -> str:
    """Horizontal bars, one per label, each split into the series' shares (counts; shown as % of the bar)."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(width, 0.42 * len(labels) + 0.9)
        ax = fig.subplots()
        totals = [sum(values[i] for _name, values, _colour in series) or 1 for i in range(len(labels))]
        left = [0.0] * len(labels)
        positions = list(range(len(labels)))
        for name, values, colour in series:
            shares = [100 * v / t for v, t in zip(values, totals, strict=True)]
            bars = ax.barh(positions, shares, left=left, color=colour, label=name, height=0.6)
            for bar, share in zip(bars, shares, strict=True):
                if share >= 9:
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        f"{share:.0f}%",
                        ha="center",
                        va="center",
                        color="white" if colour != PLANNED else "#333333",
                        fontsize=7.5,
                    )
            left = [a + b for a, b in zip(left, shares, strict=True)]
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter("{x:.0f}%")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(series), fontsize=8)
        if title:
            ax.set_title(title, loc="left")
        return _svg(fig)


def monthly_bars(labels: Sequence[str], values: Sequence[int], *, title: str = "", ylabel: str = "") -> str:
    with matplotlib.rc_context(STYLE):
        fig = _figure(6.4, 2.4)
        ax = fig.subplots()
        bars = ax.bar(labels, values, color=SERIES[0], width=0.65)
        ax.bar_label(bars, fontsize=7.5, padding=2)
        ax.set_ylabel(ylabel)
        ax.margins(y=0.15)
        if title:
            ax.set_title(title, loc="left")
        return _svg(fig)


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "",
    ylabel: str = "",
    percent: bool = False,
) -> str:
    """One line per series over the labels (e.g. quarters); a missing value leaves a gap."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(6.4, 2.8)
        ax = fig.subplots()
        for (name, values), colour in zip(series, SERIES * 3, strict=False):
            ys = [float("nan") if v is None else float(v) for v in values]
            ax.plot(labels, ys, marker="o", color=colour, label=name, linewidth=1.6, markersize=4)
        if percent:
            ax.set_ylim(0, 105)
            ax.yaxis.set_major_formatter("{x:.0f}%")
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", color="#e5e5e5")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, fontsize=8)
        if title:
            ax.set_title(title, loc="left")
        return _svg(fig)


def ranked_bars(
    labels: Sequence[str], values: Sequence[float], *, title: str = "", xmax: float = 100, value_format: str = "%.1f"
) -> str:
    """Horizontal bars, best first (the scorecard)."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(6.4, 0.28 * len(labels) + 0.8)
        ax = fig.subplots()
        positions = list(range(len(labels)))
        bars = ax.barh(positions, values, color=SERIES[0], height=0.62)
        ax.bar_label(bars, fmt=value_format, fontsize=7.5, padding=2)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, xmax * 1.08)
        if title:
            ax.set_title(title, loc="left")
        return _svg(fig)
