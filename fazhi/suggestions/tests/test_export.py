"""Staff export the suggestions of their scope with the list's filters, masked, and the export is audited."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.orgs.models import Organisation
from fazhi.suggestions.tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_console_export_is_scoped_filtered_masked_and_audited(client_for):
    SuggestionFactory(
        submitter_name="张三丰",
        contact_phone="13912345678",
        contact_email="zhangsan@example.org",
        facts="我的电话 13812345678,身份证 310101199001011234。",
    )
    SuggestionFactory(theme="@SUM(A1) 公式注入", is_emergency=True)
    SuggestionFactory(organisation=Organisation.objects.get(code="310104"), theme="徐汇区的建议")
    staff = client_for("hp_justice")
    list_page = staff.get("/console/suggestions/?is_emergency=false").content.decode()
    assert "/console/suggestions/export/?is_emergency=false&amp;as=xlsx" in list_page
    response = staff.get("/console/suggestions/export/?as=csv&is_emergency=false")
    assert response.status_code == 200
    rows = _csv(response)
    assert len(rows) == 2  # header + Huangpu's non-emergency one
    body = ",".join(rows[1])
    assert "13912345678" not in body and "139****5678" in body
    assert "zhangsan@" not in body and "z***@example.org" in body
    assert "张三丰" not in body and "138****5678" in body and "310101199001011234" not in body
    everything = _csv(staff.get("/console/suggestions/export/?as=csv"))
    assert len(everything) == 3 and not any("徐汇区" in ",".join(r) for r in everything)
    assert any(r[5].startswith("'@SUM") for r in everything[1:])
    entries = AuditEntry.objects.filter(action="export", content_type__model="suggestion").order_by("id")
    assert [e.after["filters"] for e in entries] == [{"is_emergency": "false"}, {}]
    assert entries[0].user.username == "hp_justice" and entries[0].after["rows"] == 1


def test_xlsx_export_api_and_refusals(client_for):
    SuggestionFactory()
    response = client_for("hp_justice").get("/console/suggestions/export/")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    assert len(list(sheet.values)) == 2
    assert client_for("hp_justice").get("/console/suggestions/export/?as=exe").status_code == 400
    assert client_for("citizen").get("/console/suggestions/export/").status_code == 403
    api = client_for("hp_justice").get("/api/v1/suggestions/export/?as=csv")
    assert api.status_code == 200 and len(_csv(api)) == 2
    assert client_for("hp_justice").get("/api/v1/suggestions/export/?as=x").status_code == 400
    assert client_for("citizen").get("/api/v1/suggestions/export/").status_code == 403


def test_api_export_answers_the_accept_header(client_for):
    SuggestionFactory()
    staff = client_for("hp_justice")
    api = staff.get("/api/v1/suggestions/export/", HTTP_ACCEPT="text/csv")
    assert api.status_code == 200 and api["Content-Type"].startswith("text/csv") and len(_csv(api)) == 2
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert staff.get("/api/v1/suggestions/export/", HTTP_ACCEPT=xlsx)["Content-Type"] == xlsx
    refused = staff.get("/api/v1/suggestions/export/", HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 406 and "text/csv" in refused.json()["detail"]
    assert staff.get("/api/v1/suggestions/export/?status=nonsense", HTTP_ACCEPT="text/csv").status_code == 400
