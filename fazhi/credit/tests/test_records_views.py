"""The records part's pages: the console for the credit centre and the providers, the public lists page; bad
input is a 4xx with a message, never a 500."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.credit.choices import CatalogueStatus, RecordStatus
from fazhi.credit.demo import create_demo_credit
from fazhi.credit.models import Catalogue, CreditRecord, ListDefinition, PilotCode, QueryLog
from fazhi.credit.records import mark_revoked
from fazhi.credit.tests.records_factories import catalogue, company, person_id, record

pytestmark = pytest.mark.django_db


def test_console_pages_open_for_the_credit_centre(client_for):
    create_demo_credit()
    officer = client_for("credit_officer")
    made = CreditRecord.objects.first()
    for name, kwargs in (
        ("credit_console:records", {}),
        ("credit_console:record", {"pk": made.pk}),
        ("credit_console:catalogues", {}),
        ("credit_console:catalogue", {"pk": Catalogue.objects.first().pk}),
        ("credit_console:subjects", {}),
        ("credit_console:subject_detail", {"pk": made.subject_id}),
        ("credit_console:pilot_codes", {}),
        ("credit_console:lists", {}),
        ("credit_console:list", {"pk": ListDefinition.objects.first().pk}),
        ("credit_console:commitments", {}),
        ("credit_console:import", {}),
    ):
        response = officer.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
    page = officer.get(reverse("credit_console:record", kwargs={"pk": made.pk})).content.decode()
    assert made.source_ref in page and str(made.queryable_until.year) in page
    assert client_for("citizen").get(reverse("credit_console:records")).status_code == 403
    assert client_for(None).get(reverse("credit_console:records")).status_code == 302


def test_record_search_and_subject_search(client_for):
    made = record()
    officer = client_for("credit_officer")
    page = officer.get(reverse("credit_console:records"), {"q": made.subject.credit_code}).content.decode()
    assert made.source_ref in page
    page = officer.get(reverse("credit_console:subjects"), {"q": made.subject.name[:6]}).content.decode()
    assert made.subject.name in page


def test_person_record_page_is_logged_and_masked(client_for):
    number = person_id()
    made = record(subject_kind="person", subject_name="吴十", credit_code="", id_number=number)
    page = client_for("credit_officer").get(reverse("credit_console:record", kwargs={"pk": made.pk})).content.decode()
    assert number not in page and "吴十" not in page
    assert QueryLog.objects.filter(subject=made.subject, channel="console").exists()


def test_providers_see_their_own_bodies_records_only(client_for):
    ours = record(provider="310101-SCJG")
    theirs = record(provider="310104-SCJG")
    hp = client_for("hp_justice")
    assert hp.get(reverse("credit_console:record", kwargs={"pk": ours.pk})).status_code == 200
    assert hp.get(reverse("credit_console:record", kwargs={"pk": theirs.pk})).status_code == 404


def test_staff_delete_a_revoked_record(client_for):
    made = record()
    officer = client_for("credit_officer")
    url = reverse("credit_console:record_delete", kwargs={"pk": made.pk})
    officer.post(url, {"reason": "撤销"})
    made.refresh_from_db()
    assert made.status == RecordStatus.ACTIVE  # not revoked: refused with a message
    mark_revoked(made, reason="复议撤销")
    assert officer.post(url, {"reason": ""}).status_code == 302
    officer.post(url, {"reason": "按第三十七条删除"})
    made.refresh_from_db()
    assert made.status == RecordStatus.DELETED


def test_catalogue_draft_comment_publish_in_the_console(client_for):
    first = catalogue()
    officer = client_for("credit_officer")
    response = officer.post(reverse("credit_console:catalogues"), {"version": "v2", "title": "目录（第二版）"})
    draft = Catalogue.objects.get(version="v2")
    assert response.status_code == 302
    url = reverse("credit_console:catalogue", kwargs={"pk": draft.pk})
    bad = officer.post(
        url,
        {
            "code": "X9",
            "name": "血型信息",
            "category": "basic",
            "subject_kinds": ["person"],
            "legal_basis": "上海市社会信用条例第八条",
            "disclosure": "public",
        },
    )
    assert bad.status_code == 400 and "第十四条" in bad.content.decode()
    good = officer.post(
        url,
        {
            "code": "X9",
            "name": "信用评价信息",
            "category": "basic",
            "subject_kinds": ["organisation"],
            "legal_basis": "上海市社会信用条例第八条",
            "disclosure": "public",
        },
    )
    assert good.status_code == 302
    officer.post(reverse("credit_console:catalogue_action", kwargs={"pk": draft.pk, "action": "consult"}))
    draft.refresh_from_db()
    assert draft.status == CatalogueStatus.CONSULTATION and draft.consultation is not None
    assert draft.consultation.articles.count() == draft.items.count()
    assert (
        client_for("hp_justice")
        .post(reverse("credit_console:catalogue_action", kwargs={"pk": draft.pk, "action": "publish"}))
        .status_code
        == 403
    )
    officer.post(reverse("credit_console:catalogue_action", kwargs={"pk": draft.pk, "action": "publish"}))
    draft.refresh_from_db()
    first.refresh_from_db()
    assert draft.status == CatalogueStatus.PUBLISHED and first.status == CatalogueStatus.SUPERSEDED


def test_pilot_code_review_page(client_for):
    officer = client_for("credit_officer")
    url = reverse("credit_console:pilot_codes")
    assert officer.post(url, {"code": "91310101MA1FL0000X", "note": ""}).status_code == 400
    assert officer.post(url, {"code": "91310101MA1FL0000X", "note": "试点赋码，经核实"}).status_code == 302
    assert PilotCode.objects.filter(code="91310101MA1FL0000X").exists()
    assert client_for("hp_justice").post(url, {"code": "91310101MA1FL0001X", "note": "x"}).status_code == 403


def test_import_page_reports_rows_and_refuses_bad_files(client_for):
    catalogue()
    name, code = company()
    csv = (
        "source_ref,item,provider_code,subject_kind,subject_name,credit_code,id_number,title,summary,legal_basis,"
        f"decided_on\nP1,XZCF,310101-SCJG,organisation,{name},{code},,t,s,b,2026-01-02\n"
        f"P2,XZCF,310101-SCJG,organisation,{name},BADCODE,,t,s,b,2026-01-02\n"
    )
    officer = client_for("credit_officer")
    upload = io.BytesIO(csv.encode())
    upload.name = "r.csv"
    page = officer.post(reverse("credit_console:import"), {"what": "records", "source_system": "ext", "file": upload})
    assert page.status_code == 200 and 'id="import-errors"' in page.content.decode()
    assert CreditRecord.objects.filter(source_system="ext").count() == 1
    junk = io.BytesIO(b"\xff\xfe\x00garbage")
    junk.name = "r.xlsx"
    response = officer.post(reverse("credit_console:import"), {"what": "records", "source_system": "ext", "file": junk})
    assert response.status_code == 400


def test_lists_public_page_and_entries(client_for):
    create_demo_credit()
    made = CreditRecord.objects.filter(subject__kind="organisation").first()
    listing = ListDefinition.objects.get(kind="serious")
    officer = client_for("credit_officer")
    url = reverse("credit_console:list", kwargs={"pk": listing.pk})
    assert officer.post(url, {"identifier": "123", "reason": "x"}).status_code == 400
    officer.post(url, {"identifier": made.subject.credit_code, "reason": "严重失信", "record_ref": made.source_ref})
    page = client_for(None).get(reverse("credit:lists")).content.decode()
    assert listing.entry_conditions[:20] in page and listing.remedies[:20] in page and made.subject.name in page


def test_demo_is_idempotent_and_links_accounts(demo_users):
    from fazhi.publicity.demo import create_demo_decisions

    create_demo_decisions()
    create_demo_credit()
    count = CreditRecord.objects.count()
    create_demo_credit()
    assert CreditRecord.objects.count() == count
    assert CreditRecord.objects.filter(source_system="publicity").count() > 20
    company = demo_users["company"].credit_subjects.get().subject
    assert company.records.count() >= 2 and not company.is_person
    assert demo_users["citizen"].credit_subjects.get().subject.records.count() == 1


def test_staff_define_a_list_only_with_its_conditions(client_for):
    officer = client_for("credit_officer")
    url = reverse("credit_console:lists")
    values = {
        "kind": "trustworthy",
        "name": "守信主体名单",
        "body": "31-XYZX",
        "entry_conditions": "e",
        "exit_conditions": "x",
        "remedies": "",
        "legal_basis": "上海市社会信用条例第二十九条",
        "published": "on",
    }
    assert officer.post(url, values).status_code == 400  # remedies missing (第二十五条)
    assert officer.post(url, dict(values, remedies="可以申请复核")).status_code == 302
    assert ListDefinition.objects.filter(name="守信主体名单", published=True).exists()
    assert client_for("hp_justice").post(url, dict(values, remedies="r", name="x")).status_code == 400  # not its body
    assert client_for("leader").post(url, values).status_code == 403


def test_public_lists_page_masks_natural_persons():
    from fazhi.credit.lists import add_entry

    number = person_id()
    made = record(subject_kind="person", subject_name="褚三丰", credit_code="", id_number=number)
    listing = ListDefinition.objects.create(
        kind="serious",
        name="名单",
        body=made.provider,
        entry_conditions="e",
        exit_conditions="x",
        remedies="r",
        legal_basis="上海市社会信用条例第二十五条",
        published=True,
    )
    add_entry(listing, made.subject, reason="严重失信", user=None)
    page = Client().get(reverse("credit:lists")).content.decode()
    assert "褚**" in page and "褚三丰" not in page and number not in page


def test_public_catalogue_page_lists_the_version_in_force():
    """第十条: the catalogue is published; the public page shows the version in force, item by item."""
    empty = Client().get(reverse("credit:catalogue"))
    assert empty.status_code == 200
    create_demo_credit()
    current = Catalogue.objects.get(status=CatalogueStatus.PUBLISHED)
    page = Client().get(reverse("credit:catalogue")).content.decode()
    assert current.version in page
    assert all(item.name in page for item in current.items.all())
    drafts = Catalogue.objects.exclude(status=CatalogueStatus.PUBLISHED)
    assert all(
        item.name not in page for draft in drafts for item in draft.items.exclude(name__in=current.items.values("name"))
    )
