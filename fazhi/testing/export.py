"""Reading back what :mod:`fazhi.core.export` sent, in tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook


def read_table(response: Any) -> list[list[Any]]:
    """The rows (header first) of a CSV or Excel download, whether streamed or not."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True)]
