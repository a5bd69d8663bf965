"""factory_boy factories for the consultation module."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fazhi.consultation.choices import ConsultationStatus
from fazhi.consultation.models import Comment, CommentCluster, Consultation, DraftArticle
from fazhi.orgs.models import Organisation

DRAFT = """第一章 总则
第一条 为了规范电动自行车的充电管理，预防火灾事故，制定本条例。
第二条 本市行政区域内电动自行车的充电及其监督管理，适用本条例。
第二章 充电管理
第三条 禁止在楼道、疏散通道和安全出口停放电动自行车或者为其充电。
第三条之一 住宅小区应当设置集中充电设施。
第四条 违反本条例第三条规定的，由消防救援机构责令改正，处五百元以上五千元以下罚款。
"""


def contact_point(code: str = "310101002-LXD", parent: str = "310101002") -> Organisation:
    """A grassroots legislative contact point under a real street (test data, like the demo's)."""
    point, _created = Organisation.objects.get_or_create(
        code=code,
        defaults={
            "name": "南京东路街道基层立法联系点",
            "kind": "body",
            "body_type": "legislative_contact_point",
            "parent": Organisation.objects.get(code=parent),
        },
    )
    return point


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"上海市电动自行车充电管理条例（草案）{n}")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    explanation = "为预防电动自行车火灾，起草本条例。"
    draft_text = DRAFT
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=25))
    status = ConsultationStatus.OPEN

    @factory.post_generation
    def parsed(obj, create, extracted, **kwargs):
        """Articles as the import would make them."""
        if create and obj.draft_text:
            from fazhi.consultation.services import _store_articles

            obj.parse_report = _store_articles(obj)
            obj.save()


class DraftArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftArticle

    consultation = factory.SubFactory(ConsultationFactory, draft_text="")
    position = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda a: f"第{a.number}条")
    text = "条文内容。"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    text = factory.Sequence(lambda n: f"建议加强楼道充电的管理和检查，第{n}条意见。")


class CommentClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentCluster

    consultation = factory.SubFactory(ConsultationFactory)
    title = "楼道充电"
