import pytest
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.testing import pdf_text
from fazhi.laws.models import Follow, Interpretation, MustKnowList, Work
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db
LABOUR = "中华人民共和国劳动合同法"


def test_reviewer_publishes_an_interpretation_and_followers_hear_of_it(client_for, demo_users):
    citizen = client_for("citizen")
    citizen.post(reverse("laws:follow", args=[LABOUR]), {"article": "82"})
    assert Follow.objects.filter(user=demo_users["citizen"], article_number=82).exists()

    reviewer = client_for("hp_justice")
    response = reviewer.post(
        reverse("laws_console:interpretation_add"),
        {
            "law": "劳动合同法",
            "article_number": 82,
            "title": "未签书面合同的二倍工资怎么算",
            "body": "<script>alert(1)</script>自用工之日起满一个月的次日起计算。",
            "organisation": Organisation.objects.get(code="310101-SFJ").pk,
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    interpretation = Interpretation.objects.get()
    assert interpretation.published_at is not None and interpretation.work.key == LABOUR
    assert AuditEntry.objects.filter(object_repr=interpretation.title, action="create").exists()
    note = Notification.objects.get(recipient=demo_users["citizen"])
    assert "未签书面合同" in note.title

    page = client_for(None).get(reverse("laws:article", args=[LABOUR, "82"])).content.decode()
    assert "未签书面合同的二倍工资怎么算" in page
    detail = client_for(None).get(interpretation.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in detail and "&lt;script&gt;" in detail


def test_interpretation_form_refuses_unknown_laws_articles_and_other_scopes(client_for):
    reviewer = client_for("hp_justice")
    base = {"title": "t", "body": "b", "organisation": Organisation.objects.get(code="310101-SFJ").pk}
    for law, number, message in [("不存在的法", "", "没有"), ("劳动合同法", "9000", "没有")]:
        response = reviewer.post(
            reverse("laws_console:interpretation_add"), {**base, "law": law, "article_number": number}
        )
        assert response.status_code == 200 and message in response.content.decode()
    response = reviewer.post(
        reverse("laws_console:interpretation_add"),
        {**base, "law": "劳动合同法", "organisation": Organisation.objects.get(code="310104-SFJ").pk},
    )
    assert response.status_code == 200  # Xuhui is not in the choices
    assert not Interpretation.objects.exists()


def test_must_know_list_from_citations_all_or_nothing(client_for):
    reviewer = client_for("office")
    data = {
        "title": "2025年市级领导干部应知应会清单",
        "level": "city",
        "year": 2025,
        "is_published": "on",
        "organisation": Organisation.objects.get(code="31-YFZS").pk,
    }
    bad = reviewer.post(
        reverse("laws_console:list_add"), {**data, "citations": "民法典第1165条\n刑法第九千条\n随便写写"}
    )
    assert bad.status_code == 200 and "第九千条" in bad.content.decode()
    assert not MustKnowList.objects.exists()
    good = reviewer.post(
        reverse("laws_console:list_add"), {**data, "citations": "民法典第1165条\n劳动合同法第八十二条"}
    )
    assert good.status_code == 302
    must_know = MustKnowList.objects.get()
    assert [(i.work.short_title, i.number) for i in must_know.items.all()] == [("民法典", 1165), ("劳动合同法", 82)]
    page = client_for(None).get(must_know.get_absolute_url()).content.decode()
    assert "行为人因过错侵害他人民事权益" in page
    pdf = client_for(None).get(reverse("laws:mustknow_pdf", args=[must_know.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    _reader, text = pdf_text(pdf.content)
    flat = text.replace(" ", "").replace("\n", "")
    assert "2025年市级领导干部应知应会清单" in flat and "中华人民共和国劳动合同法第八十二条" in flat
    assert "行为人因过错侵害他人民事权益" in flat
    must_know.is_published = False
    must_know.save()
    assert client_for(None).get(reverse("laws:mustknow_pdf", args=[must_know.pk])).status_code == 404  # a draft


def test_api_interpretations_scope_and_validation(client_for):
    api = client_for("hp_justice")
    ok = api.post(
        "/api/v1/interpretations/",
        {"law": LABOUR, "article_number": 82, "title": "解读", "body": "正文", "organisation": "310101-SFJ"},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    outside = api.post(
        "/api/v1/interpretations/",
        {"law": LABOUR, "title": "越界", "body": "正文", "organisation": "310104-SFJ"},
        content_type="application/json",
    )
    assert outside.status_code == 403
    missing = api.post(
        "/api/v1/interpretations/",
        {"law": LABOUR, "article_number": 9000, "title": "x", "body": "y", "organisation": "310101-SFJ"},
        content_type="application/json",
    )
    assert missing.status_code == 400
    assert client_for(None).get(f"/api/v1/interpretations/{ok.json()['id']}/").status_code == 404  # a draft
    assert client_for("xh_justice").get(f"/api/v1/interpretations/{ok.json()['id']}/").status_code == 404


def test_following_through_the_api(client_for, demo_users):
    api = client_for("citizen")
    assert api.post("/api/v1/law-follows/", {"law": LABOUR}, content_type="application/json").status_code == 201
    assert api.post("/api/v1/law-follows/", {"law": LABOUR}, content_type="application/json").status_code == 400
    assert [f["law"] for f in api.get("/api/v1/law-follows/").json()["results"]] == [LABOUR]
    assert client_for("hp_justice").get("/api/v1/law-follows/").json()["count"] == 0


def test_a_new_version_notifies_followers(isolated_search_index, tmp_path, demo_users):
    from fazhi.laws.services import import_corpus
    from fazhi.laws.testing import sample_corpus

    company = Work.objects.get(short_title="公司法")
    Follow.objects.create(user=demo_users["citizen"], work=company)
    root = sample_corpus(tmp_path / "laws")
    newer = root / "民法商法" / "公司法(2025-01-01).md"
    newer.write_text(
        (root / "民法商法" / "公司法(2023-12-29).md")
        .read_text(encoding="utf-8")
        .replace("第一条", "第一条 （修订）", 1),
        encoding="utf-8",
    )
    report = import_corpus(root)
    assert report.created == 1
    company.refresh_from_db()
    assert company.current_version.path.endswith("公司法(2025-01-01).md")
    assert company.versions.get(path__endswith="公司法(2023-12-29).md").status == "superseded"
    assert Notification.objects.filter(recipient=demo_users["citizen"], title__contains="公司法").exists()
