"""Parsing a draft, the comment workflow, offline entry, clustering, adoption, export, feedback — and bad input."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from openpyxl import Workbook

from fazhi.casework.models import MatterEvent
from fazhi.consultation.choices import CommentStatus, ConsultationStatus
from fazhi.consultation.drafts import parse_draft
from fazhi.consultation.excel import columns, comment_rows, read_offline_sheet
from fazhi.consultation.models import Comment, Consultation
from fazhi.consultation.services import (
    OfflineRow,
    cluster_mark_adoption,
    clusters_compute,
    clusters_merge,
    comment_answer,
    comment_mark_adoption,
    comment_moderate,
    comment_move,
    comment_submit,
    consultation_close,
    consultation_open,
    consultation_save,
    feedback_prefill,
    feedback_publish,
    offline_comments_enter,
)
from fazhi.consultation.tests.factories import ConsultationFactory, contact_point
from fazhi.core.export import FORMATS, table_response
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.testing.export import read_table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages are asserted in their English msgids (the catalogue translates them)."""
    with translation.override("en"):
        yield


LAW = settings.DATA_DIR / "laws" / "DLC" / "上海地方法规" / "地方性法规" / "上海" / "上海市社会救助条例(2018-11-22).md"


def as_pasted(path) -> str:
    """A law of the corpus as a drafter pastes it: no Markdown, no history block."""
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]
    return "\n".join(line.lstrip("#").strip() for line in body.splitlines())


def test_a_real_law_text_parses_into_articles_with_chapters():
    draft = parse_draft(as_pasted(LAW), "上海市社会救助条例（草案）")
    assert draft.problems == []
    assert len(draft.articles) == 56
    eleventh = draft.articles[10]
    assert eleventh.label == "第十一条" and eleventh.heading_path == ("第二章 社会救助对象",)


def test_what_cannot_be_parsed_is_reported():
    draft = parse_draft("第一条 目的。\n第三条 跳过了第二条。\n第三条之一 补充规定。", "草案")
    assert [a.label for a in draft.articles] == ["第一条", "第三条", "第三条之一"]
    assert any("第三条" in p and "missing 2" in p for p in draft.problems)
    assert parse_draft("只有一段说明文字。").problems[0].startswith("No articles")


def test_staff_import_a_draft_and_open_it(demo_users):
    hp = demo_users["hp_justice"]
    consultation = consultation_save(
        consultation=Consultation(
            title="上海市社会救助条例（修订草案）",
            organisation=Organisation.objects.get(code="310101"),
            draft_text=as_pasted(LAW),
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + dt.timedelta(days=30),
        ),
        user=hp,
    )
    assert consultation.articles.count() == 56 and consultation.parse_report == []
    consultation_open(consultation=consultation, user=hp)
    consultation.draft_text = "第一条 改了。"
    with pytest.raises(ValidationError, match="cannot change once"):
        consultation_save(consultation=consultation, user=hp)


def test_another_districts_staff_cannot_run_or_open_it(demo_users):
    with pytest.raises(PermissionDenied):
        consultation_save(
            consultation=Consultation(
                title="x",
                organisation=Organisation.objects.get(code="310101"),
                opens_on=timezone.localdate(),
                closes_on=timezone.localdate(),
            ),
            user=demo_users["xh_justice"],
        )
    assert not Consultation.objects.filter(title="x").exists()  # nothing half-saved
    draft = ConsultationFactory(status=ConsultationStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        consultation_open(consultation=draft, user=demo_users["xh_justice"])


def test_citizen_comments_on_an_article_and_follows_it_in_my_matters(demo_users):
    citizen, hp = demo_users["citizen"], demo_users["hp_justice"]
    consultation = ConsultationFactory()
    article = consultation.articles.get(number=3, suffix=0)
    comment = comment_submit(
        consultation=consultation, article=article, text="楼道充电太危险，支持禁止。", user=citizen
    )
    assert comment.status == CommentStatus.PENDING and comment.tracking_number.startswith("YJ")
    assert comment.due_at is not None  # moderated within the time limit (the staff queue's deadline)
    assert not Comment.objects.restrict(AnonymousUser()).filter(pk=comment.pk).exists()  # not public before moderation

    comment_moderate(comment=comment, approve=True, user=hp)
    assert Comment.objects.restrict(demo_users["xh_justice"]).filter(pk=comment.pk).exists()  # now public
    comment_mark_adoption(comment=comment, adoption="adopted", reason="已在第三条中明确。", user=hp)
    steps = list(MatterEvent.objects.filter(object_id=str(comment.pk)).values_list("status", flat=True))
    assert steps == ["pending", "approved", "adopted"]
    assert (
        Notification.objects.filter(recipient=citizen, title__contains=comment.tracking_number).count() == 3
    )  # receipt + 2 changes


def test_duplicate_comment_is_refused(demo_users):
    consultation = ConsultationFactory()
    comment_submit(consultation=consultation, text="建议增加充电桩。", user=demo_users["citizen"])
    with pytest.raises(ValidationError, match="already submitted"):
        comment_submit(consultation=consultation, text=" 建议增加充电桩 ", user=demo_users["citizen"])
    assert consultation.comments.count() == 1


def test_comments_on_a_closed_consultation_are_refused(demo_users):
    consultation = ConsultationFactory()
    consultation_close(consultation=consultation, user=demo_users["hp_justice"])
    with pytest.raises(ValidationError, match="closed"):
        comment_submit(consultation=consultation, text="晚到的意见。", user=demo_users["citizen"])
    past = ConsultationFactory(opens_on=dt.date(2020, 1, 1), closes_on=dt.date(2020, 2, 1))
    with pytest.raises(ValidationError, match="closed"):
        comment_submit(consultation=past, text="窗口已过。", user=demo_users["citizen"])
    assert not Comment.objects.filter(consultation__in=[consultation, past]).exists()


def test_comment_on_another_consultations_article_is_refused(demo_users):
    one, other = ConsultationFactory(), ConsultationFactory()
    with pytest.raises(ValidationError, match="another consultation"):
        comment_submit(consultation=one, article=other.articles.first(), text="张冠李戴。", user=demo_users["citizen"])
    assert not one.comments.exists()


def test_anonymous_comments_only_where_allowed(demo_users):
    closed_door = ConsultationFactory()
    with pytest.raises(PermissionDenied):
        comment_submit(consultation=closed_door, text="匿名意见。", user=AnonymousUser())
    open_door = ConsultationFactory(allow_anonymous=True)
    comment = comment_submit(consultation=open_door, text="匿名意见。", user=AnonymousUser())
    assert comment.submitter is None and comment.public_author() in ("匿名", "anonymous")
    with pytest.raises(ValidationError, match="just submitted"):
        comment_submit(consultation=open_door, text="匿名意见!", user=AnonymousUser())


def test_script_in_text_is_stored_as_text_and_escaped(client, demo_users):
    consultation = ConsultationFactory()
    comment = comment_submit(
        consultation=consultation, text="<script>alert('x')</script>第三条太严。", user=demo_users["citizen"]
    )
    comment_moderate(comment=comment, approve=True, user=demo_users["hp_justice"])
    assert comment.text.startswith("<script>")
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>alert" not in html


def test_rejection_needs_a_reason_and_another_scope_cannot_moderate(demo_users):
    comment = comment_submit(consultation=ConsultationFactory(), text="一条意见。", user=demo_users["citizen"])
    with pytest.raises(ValidationError, match="why"):
        comment_moderate(comment=comment, approve=False, user=demo_users["hp_justice"])
    with pytest.raises(PermissionDenied):
        comment_moderate(comment=comment, approve=True, user=demo_users["xh_justice"])
    comment.refresh_from_db()
    assert comment.moderation == "pending"


def test_adoption_on_another_organisations_consultation_is_refused(demo_users):
    comment = comment_submit(consultation=ConsultationFactory(), text="一条意见。", user=demo_users["citizen"])
    with pytest.raises(ValidationError, match="cannot be taken now"):  # published first
        comment_mark_adoption(comment=comment, adoption="adopted", reason="理由", user=demo_users["hp_justice"])
    comment_moderate(comment=comment, approve=True, user=demo_users["hp_justice"])
    with pytest.raises(PermissionDenied):
        comment_mark_adoption(comment=comment, adoption="adopted", reason="理由", user=demo_users["xh_justice"])
    with pytest.raises(ValidationError, match="reason"):
        comment_mark_adoption(comment=comment, adoption="adopted", reason=" ", user=demo_users["hp_justice"])
    with pytest.raises(ValidationError):
        comment_mark_adoption(comment=comment, adoption="maybe", reason="理由", user=demo_users["hp_justice"])
    comment.refresh_from_db()
    assert comment.adoption == ""


def test_contact_point_enters_offline_comments_idempotently(demo_users):
    point = contact_point()
    consultation = ConsultationFactory()
    today = timezone.localdate()
    rows = [
        OfflineRow(
            text="居民普遍支持禁止楼道充电。", article="第三条", source="座谈会", source_date=today, participants=25
        ),
        OfflineRow(text="希望小区增加充电桩。", article="第三条之一", source="visit", source_date=today.isoformat()),
        OfflineRow(text="条文号写错了。", article="第九十九条", source_date=today),
        OfflineRow(text="日期不对。", source_date="2019-01-01"),
        OfflineRow(text=""),  # an empty row of the form
    ]
    report = offline_comments_enter(
        consultation=consultation, contact_point=point, rows=rows, user=demo_users["njdl_handler"]
    )
    assert len(report.created) == 2 and [n for n, _ in report.skipped] == [3, 4]
    first = report.created[0]
    assert first.contact_point == point and first.source == "forum" and first.participants == 25
    assert first.article.label == "第三条" and first.submitter is None
    again = offline_comments_enter(
        consultation=consultation, contact_point=point, rows=rows[:2], user=demo_users["njdl_handler"]
    )
    assert again.created == [] and again.unchanged == [1, 2]
    assert consultation.comments.count() == 2
    # the contact point's staff see what they entered, though the consultation is Huangpu's
    assert Comment.objects.restrict(demo_users["njdl_handler"]).filter(pk=first.pk).exists()


def test_offline_entry_by_an_organisation_that_is_not_a_contact_point(demo_users):
    consultation = ConsultationFactory()
    office = Organisation.objects.get(code="310101002-SFS")  # a judicial office
    with pytest.raises(ValidationError, match="not a grassroots legislative contact point"):
        offline_comments_enter(
            consultation=consultation,
            contact_point=office,
            rows=[OfflineRow(text="意见。", source_date=timezone.localdate())],
            user=demo_users["njdl_handler"],
        )
    with pytest.raises(PermissionDenied):  # a contact point outside one's scope
        offline_comments_enter(
            consultation=consultation,
            contact_point=contact_point(),
            rows=[OfflineRow(text="意见。", source_date=timezone.localdate())],
            user=demo_users["xh_justice"],
        )
    assert not consultation.comments.exists()


def test_offline_sheet_round_trip(demo_users):
    workbook = Workbook()
    workbook.active.append(["意见", "条文", "来源", "日期", "人数", "备注"])
    workbook.active.append(["罚款偏低。", "第四条", "信函", timezone.localdate(), 1, "居民来信"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    rows = read_offline_sheet(buffer)
    report = offline_comments_enter(
        consultation=ConsultationFactory(), contact_point=contact_point(), rows=rows, user=demo_users["njdl_handler"]
    )
    assert report.created[0].source == "letter" and report.created[0].article.number == 4
    with pytest.raises(ValidationError):
        read_offline_sheet(io.BytesIO(b"%PDF-1.4 not a workbook"))


def test_clusters_group_similar_comments_and_staff_rearrange_them(demo_users):
    hp = demo_users["hp_justice"]
    consultation = ConsultationFactory()
    texts = [
        "建议电动自行车不得在楼道内充电，存在火灾隐患",
        "楼道里给电动自行车充电很危险，应当禁止",
        "第四条的罚款数额过低，建议提高罚款",
        "罚款太少了，起不到作用，请提高罚款",
        "同意草案",
    ]
    for n, text in enumerate(texts):
        comment = Comment.objects.create(consultation=consultation, text=text, dedupe_key=str(n))
        if n != 3:  # one of the fines comments still awaits moderation: clustered, but not marked
            comment_moderate(comment=comment, approve=True, user=hp)
    assert clusters_compute(consultation=consultation, user=hp) == 2
    charging, fines = consultation.clusters.order_by("pk")
    assert {c.text for c in charging.comments.all()} == set(texts[:2])
    assert "罚款" in fines.title
    assert cluster_mark_adoption(cluster=fines, adoption="partly", reason="罚款上限提高至一万元。", user=hp) == 1
    statuses = sorted(fines.comments.values_list("status", flat=True))
    assert statuses == [CommentStatus.PARTLY, CommentStatus.PENDING]
    assert MatterEvent.objects.filter(status=CommentStatus.PARTLY).count() == 1  # one step, with its history
    merged = clusters_merge(clusters=[charging, fines], title="合并", user=hp)
    assert merged.comments.count() == 4 and merged.is_manual
    comment_move(comment=merged.comments.first(), cluster=None, new_title="单列", user=hp)
    assert consultation.clusters.count() == 2
    assert clusters_compute(consultation=consultation, user=hp) == 0  # arranged by hand: left alone


def test_export_masks_personal_data(demo_users):
    consultation = ConsultationFactory()
    comment_submit(consultation=consultation, text='=HYPERLINK("http://x")', user=demo_users["citizen"])
    comments = Comment.objects.restrict(demo_users["hp_justice"]).filter(consultation=consultation)
    for fmt in FORMATS:
        table = read_table(
            table_response(header=columns(), rows=comment_rows(comments), fmt=fmt, filename="c", sheet="comments")
        )
        row = table[1]
        assert row[3] == "市***" and row[2].startswith("'=")
        text = repr(table)
        assert "张三" not in text and "13800138000" not in text and "citizen" not in text


def test_feedback_report_is_prefilled_and_published(demo_users):
    hp = demo_users["hp_justice"]
    consultation = ConsultationFactory()
    comment = comment_submit(
        consultation=consultation,
        article=consultation.articles.get(number=4),
        text="罚款偏低。",
        user=demo_users["citizen"],
    )
    comment_moderate(comment=comment, approve=True, user=hp)
    comment_mark_adoption(comment=comment, adoption="not_adopted", reason="与上位法一致。", user=hp)
    with pytest.raises(ValidationError, match="Close"):
        feedback_publish(consultation=consultation, report="x", user=hp)
    consultation_close(consultation=consultation, user=hp)
    text = feedback_prefill(consultation)
    assert "第四条" in text and "1" in text
    feedback_publish(consultation=consultation, report=text, user=hp)
    comment.refresh_from_db()
    assert consultation.status == "feedback" and comment.status == CommentStatus.ANSWERED
    assert comment.closed_at is not None


def test_demo_data_is_idempotent():
    from fazhi.consultation.demo import load_demo

    points, made = load_demo()
    assert points == 3 and made
    consultation = Consultation.objects.get(title="上海市社会救助条例（修订草案）")
    assert consultation.status == "open" and consultation.articles.count() == 56
    assert load_demo() == (0, False)


def test_a_wrong_state_or_wrong_role_step_is_refused_and_audited(demo_users):
    from fazhi.audit.models import AuditEntry

    hp, xh = demo_users["hp_justice"], demo_users["xh_justice"]
    comment = comment_submit(consultation=ConsultationFactory(), text="一条意见。", user=demo_users["citizen"])
    with pytest.raises(PermissionDenied, match="Only the staff"):  # another district's handler
        comment_moderate(comment=comment, approve=True, user=xh)
    with pytest.raises(ValidationError, match="cannot be taken now"):  # not published yet
        comment_mark_adoption(comment=comment, adoption="adopted", reason="理由", user=hp)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING and comment.moderation == "pending" and comment.adoption == ""
    refused = AuditEntry.objects.filter(action="step_refused", object_id=str(comment.pk)).order_by("pk")
    assert [(e.after["step"], e.after["state"], e.after["user"]) for e in refused] == [
        ("approve", "pending", xh.pk),
        ("adoption", "pending", hp.pk),
    ]
    assert MatterEvent.objects.filter(object_id=str(comment.pk)).count() == 1  # only the receipt


def test_moderation_and_feedback_clocks(demo_users):
    hp = demo_users["hp_justice"]
    consultation = ConsultationFactory()  # open for 25 more days
    comment = comment_submit(consultation=consultation, text="一条意见。", user=demo_users["citizen"])
    assert comment.clock == "consultation.moderate"
    assert timezone.localdate(comment.due_at) >= timezone.localdate() + dt.timedelta(days=3)
    comment = comment_moderate(comment=comment, approve=True, user=hp)
    assert comment.clock == "" and comment.due_at is None  # decided once the comments are in
    comment = comment_mark_adoption(comment=comment, adoption="adopted", reason="采纳。", user=hp)
    assert comment.clock == "consultation.feedback"
    assert timezone.localdate(comment.due_at) >= consultation.closes_on + dt.timedelta(days=30)  # from the close
    due = comment.due_at
    comment = comment_mark_adoption(comment=comment, adoption="partly", reason="部分采纳。", user=hp)
    assert comment.due_at == due and comment.status == CommentStatus.PARTLY  # a changed decision keeps the clock
    with pytest.raises(PermissionDenied, match="feedback report"):
        comment_answer(comment=comment, user=hp)
    late = comment_submit(consultation=consultation, text="另一条意见。", user=demo_users["citizen"])
    consultation_close(consultation=consultation, user=hp)
    feedback_publish(consultation=consultation, report="反馈。", user=hp)
    comment.refresh_from_db()
    late.refresh_from_db()
    assert comment.status == CommentStatus.ANSWERED and comment.due_at is None and comment.closed_at is not None
    assert late.status == CommentStatus.PENDING  # still awaiting moderation: answered once published
    late = comment_moderate(comment=late, approve=True, user=hp)
    late = comment_answer(comment=late, user=hp, note="已在反馈中说明。")
    assert late.status == CommentStatus.ANSWERED
