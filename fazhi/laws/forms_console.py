"""Staff forms: interpretations and must-know lists (laws are named by title, articles by number)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.laws.models import Interpretation, MustKnowList, Work
from fazhi.laws.resolver import resolver
from fazhi.orgs.models import Organisation


class LawField(forms.CharField):
    """A law named by its title or short title (民法典, 中华人民共和国劳动合同法)."""

    def __init__(self, **kwargs: Any):
        super().__init__(max_length=200, **kwargs)

    def clean(self, value: Any) -> Work:
        name = super().clean(value)
        keys = resolver().index.lookup(name)
        if len(keys) != 1:
            raise forms.ValidationError(
                _("No law is called “%(name)s”.") if not keys else _("“%(name)s” names several laws; be precise."),
                params={"name": name},
            )
        return Work.objects.get(key=keys[0])


class InterpretationForm(forms.ModelForm):
    law = LawField(label=_("Law"), help_text=_("Its title or short title, e.g. 民法典."))

    class Meta:
        model = Interpretation
        fields = ("law", "article_number", "title", "body", "organisation", "is_published")

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.where(user, "laws.add_interpretation")
        if self.instance.pk:
            self.initial["law"] = self.instance.work.short_title

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        work, number = data.get("law"), data.get("article_number")
        if work is not None and number is not None and not work.current_version.articles.filter(number=number).exists():
            self.add_error(
                "article_number", _("%(law)s has no article %(n)s.") % {"law": work.short_title, "n": number}
            )
        if work is not None:
            self.instance.work = work
        return data


class MustKnowListForm(forms.ModelForm):
    citations = forms.CharField(
        label=_("Articles"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text=_("One citation per line, e.g. 宪法第二十七条 or 民法典第1165条."),
    )

    class Meta:
        model = MustKnowList
        fields = ("title", "level", "year", "organisation", "description", "is_published", "citations")

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.where(user, "laws.add_mustknowlist")
        self.fields["year"].min_value = 2000
        if self.instance.pk:
            self.initial["citations"] = "\n".join(i.citation for i in self.instance.items.all())
