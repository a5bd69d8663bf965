import datetime as dt

import factory
from django.utils import timezone

from fazhi.orgs.models import Organisation
from fazhi.suggestions.models import Solicitation, Suggestion
from fazhi.suggestions.services import fingerprint_of


class SolicitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solicitation

    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    title = factory.Sequence(lambda n: f"黄浦区老旧小区加装电梯意见征集 {n}")
    background = "老旧小区加装电梯推进中遇到的问题。"
    questions = "如何协调低层住户意见?"
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    is_published = True


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A registered suggestion to Huangpu (not through the services: no events, no deadline)."""

    class Meta:
        model = Suggestion

    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    theme = factory.Sequence(lambda n: f"建议在南京东路增设非机动车停放点 {n}")
    facts = "周末非机动车乱停放严重,影响行人通行。"
    proposal = "在地铁口附近划设非机动车停放区。"
    fingerprint = factory.LazyAttribute(lambda s: fingerprint_of(s.theme, s.facts, s.proposal))
