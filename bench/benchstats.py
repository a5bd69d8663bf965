"""What every benchmark prints: percentiles of timings, and "median / p95" in milliseconds."""

from __future__ import annotations

import statistics


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) by the nearest rank."""
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def fmt(values: list[float]) -> str:
    """Median / p95, one decimal; a dash when nothing was measured."""
    return f"{statistics.median(values):.1f} / {pct(values, 95):.1f}" if values else "—"
