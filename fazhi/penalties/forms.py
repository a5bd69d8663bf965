"""The console's filing form (立案) and evidence upload; the steps' forms come from the declaration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.permissions import ADD, perm_codename, scopes_for
from fazhi.enforcement.choices import PowerKind
from fazhi.enforcement.models import EnforcementMatter
from fazhi.orgs.models import Organisation
from fazhi.penalties.choices import PartyKind, Procedure
from fazhi.penalties.models import TEXT_MAX, PenaltyCase

DATE = forms.DateInput(attrs={"type": "date"})


class CaseFileForm(forms.Form):
    matter = forms.ModelChoiceField(
        label=_("Enforcement matter"),
        queryset=EnforcementMatter.objects.none(),
        help_text=_("The body's power the case is filed under; the body is the matter's."),
    )
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices, initial=Procedure.GENERAL)
    party_kind = forms.ChoiceField(label=_("Party"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("Party's name"), max_length=200)
    party_credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("Organisations: to identify the party in the decision and its publication."),
    )
    party_id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("Natural persons: to identify the party; stored encrypted, shown masked."),
    )
    party_address = forms.CharField(label=_("Party's address"), max_length=200, required=False)
    act_date = forms.DateField(
        label=_("Date of the act"), widget=DATE, help_text=_("Or the day a continuing act ended.")
    )
    act_place = forms.CharField(label=_("Place of the act"), max_length=200, required=False)
    facts = forms.CharField(label=_("Facts"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    grave_harm = forms.BooleanField(
        label=_("Life, health or financial safety involved, with harm"),
        required=False,
        help_text=_("The limitation is then five years instead of two (行政处罚法 第三十六条)."),
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE, required=False, help_text=_("Empty: today."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        matter: Any = self.fields["matter"]
        matter.queryset = EnforcementMatter.objects.select_related("body").filter(
            kind=PowerKind.PENALTY, body__in=bodies_for(user)
        )
        matter.label_from_instance = lambda m: f"{m.body.short_name or m.body.name} · {m.code} {m.name}"


def bodies_for(user: Any) -> Any:
    """The organisations within which ``user`` may file penalty cases."""
    scopes = scopes_for(user, perm_codename(PenaltyCase, ADD))
    if not isinstance(scopes, list):  # EVERYWHERE
        return Organisation.objects.all()
    within = Q(pk__in=[])
    for path in scopes:
        within |= Q(path__startswith=path)
    return Organisation.objects.filter(within)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("What it shows"), max_length=200, required=False)
