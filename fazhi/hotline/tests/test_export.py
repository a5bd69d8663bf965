"""Staff export the tickets of their scope with the list's filters, masked, and the export is audited."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.hotline.tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_console_export_is_scoped_filtered_masked_and_audited(client_for):
    make_ticket(
        description="南京东路垃圾满溢,联系我 13812345678。",
        contact_name="王小明",
        contact_phone="13912345678",
        consent=True,
    )
    make_ticket(
        description='=HYPERLINK("http://evil") 南京东路噪声扰民。',
        code="noise",
        contact_phone="13900001111",
        consent=True,
    )
    make_ticket(description="徐汇区漕溪北路路灯不亮。", street="310104003")
    handler = client_for("njdl_handler")
    response = handler.get("/console/hotline/export/?as=csv&q=南京东路")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    body = "\n".join(",".join(r) for r in rows[1:])
    assert len(rows) == 3  # header + Nanjing Road's two (Xuhui's is out of scope and filtered)
    assert "13912345678" not in body and "139****5678" in body and "138****5678" in body
    assert "王小明" not in body
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)  # never a live formula
    entry = AuditEntry.objects.filter(action="export", content_type__model="ticket").get()
    assert entry.user.username == "njdl_handler"
    assert entry.after == {"format": "csv", "filters": {"q": "南京东路"}, "rows": 2}


def test_xlsx_export_and_refusals(client_for):
    make_ticket()
    response = client_for("hp_justice").get("/console/hotline/export/?status=dispatched")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0].startswith("GD")
    assert client_for("hp_justice").get("/console/hotline/export/?as=pdf").status_code == 400
    assert client_for("citizen").get("/console/hotline/export/").status_code == 403
    assert client_for(None).get("/console/hotline/export/").status_code == 302


def test_api_export_for_staff_only(client_for):
    make_ticket()
    staff = client_for("njdl_handler")
    response = staff.get("/api/v1/tickets/export/?as=csv")
    assert response.status_code == 200 and len(_csv(response)) == 2
    assert staff.get("/api/v1/tickets/export/?as=doc").status_code == 400
    assert staff.get("/api/v1/tickets/export/?status=nonsense").status_code == 400
    assert client_for("citizen").get("/api/v1/tickets/export/").status_code == 403


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("url", ["/api/v1/tickets/export/", "/console/hotline/export/"])
def test_export_format_by_accept_header_or_parameter(client_for, url):
    make_ticket()
    staff = client_for("njdl_handler")
    for accept in ("text/csv", "text/csv; charset=utf-8", "text/*"):
        response = staff.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), accept
        assert len(_csv(response)) == 2
    for accept in (XLSX, "*/*", f"text/csv;q=0.5, {XLSX}"):
        response = staff.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"] == XLSX, accept
    # the parameter still chooses (and wins over Accept); DRF's ?format= too
    assert staff.get(url + "?as=csv", HTTP_ACCEPT=XLSX)["Content-Type"].startswith("text/csv")
    assert staff.get(url + "?format=csv")["Content-Type"].startswith("text/csv")
    assert staff.get(url + "?format=pdf").status_code == 400
    refused = staff.get(url, HTTP_ACCEPT="image/png")
    assert refused.status_code == 406
    assert b"text/csv" in refused.content and XLSX.encode() in refused.content  # says what is offered
    assert AuditEntry.objects.filter(action="export").count() == 8  # refused ones export nothing
