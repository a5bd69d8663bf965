"""Location of the real corpus for tests (data/laws at the repository root)."""

from pathlib import Path

import pytest

LAWS = Path(__file__).resolve().parents[4] / "data" / "laws"


def require_corpus() -> Path:
    if not LAWS.is_dir():
        pytest.skip("data/laws not present")
    return LAWS
