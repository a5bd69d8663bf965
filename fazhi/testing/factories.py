"""factory_boy factories for every model (tests build their own records; reference data comes from setup)."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from fazhi.accounts.models import Role, RoleAssignment, User
from fazhi.attachments.models import Attachment
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试机构{n}")
    kind = "body"
    body_type = "other"
    parent = factory.LazyFunction(lambda: Organisation.objects.get(code="31"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(code="handler"))
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知 {n}")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    original_name = "document.pdf"
    media_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="document.pdf"))
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Organisation))
    object_id = factory.LazyAttribute(lambda o: str(o.organisation.pk))
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))


class InterpretationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "laws.Interpretation"

    work = factory.LazyFunction(lambda: _work("劳动合同法"))
    title = factory.Sequence(lambda n: f"解读 {n}")
    body = "解读正文。"
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101-SFJ"))


class MustKnowListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "laws.MustKnowList"

    title = factory.Sequence(lambda n: f"应知应会清单 {n}")
    level = "district"
    year = 2025
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101-SFJ"))


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "laws.Follow"

    user = factory.SubFactory(UserFactory)
    work = factory.LazyFunction(lambda: _work("劳动合同法"))


def _work(short_title: str):
    from fazhi.laws.models import Work

    return Work.objects.get(short_title=short_title)


def _measure(number: int):
    from fazhi.supervision.models import Measure, Plan

    return Measure.objects.get(plan=Plan.objects.main(), number=number)


class TaskFactory(factory.django.DjangoModelFactory):
    """A task on measure (二十九) of the reference plan, led by Huangpu, running through 2025."""

    class Meta:
        model = "supervision.Task"

    measure = factory.LazyFunction(lambda: _measure(29))
    title = factory.Sequence(lambda n: f"督办任务 {n}")
    lead_organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    start_date = factory.LazyFunction(lambda: dt.date(2025, 1, 1))
    deadline = factory.LazyFunction(lambda: dt.date(2030, 12, 31))


class TaskMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supervision.TaskMilestone"

    task = factory.SubFactory(TaskFactory)
    title = factory.Sequence(lambda n: f"节点 {n}")
    due_date = factory.LazyFunction(lambda: dt.date(2026, 6, 30))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A submitted report on a Huangpu task."""

    class Meta:
        model = "supervision.ProgressReport"

    task = factory.SubFactory(TaskFactory)
    organisation = factory.LazyAttribute(lambda o: o.task.lead_organisation)
    text = factory.Sequence(lambda n: f"已完成第 {n} 阶段工作")
    percent = 40


class SupervisionNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supervision.SupervisionNotice"

    task = factory.SubFactory(TaskFactory)
    text = "请于期限内报告整改情况。"
    reply_deadline = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supervision.Alert"

    task = factory.SubFactory(TaskFactory)
    kind = "overdue"
