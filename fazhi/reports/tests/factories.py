import factory

from fazhi.orgs.models import Organisation
from fazhi.reports.choices import SelectionKind


class SelectionFactory(factory.django.DjangoModelFactory):
    """A good practice of Huangpu selected for the 2025 white paper."""

    class Meta:
        model = "reports.Selection"

    year = 2025
    kind = SelectionKind.PRACTICE
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"典型经验做法 {n}")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    summary = "以“法治体检”服务企业,形成可复制的工作机制。"
