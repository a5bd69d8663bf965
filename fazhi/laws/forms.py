from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.laws.choices import DocType
from fazhi.laws.models import Work
from fazhi.laws.retrieval.model import Filters
from fazhi.laws.search import MAX_QUERY_CHARS

REGIONS = [
    ("", _("All regions")),
    ("national", _("National")),
    ("上海", "上海"),
    ("北京", "北京"),
    ("浙江", "浙江"),
    ("广东", "广东"),
    ("山东", "山东"),
    ("河南", "河南"),
    ("重庆", "重庆"),
]
#: The retrieval package keys types by their Chinese names (as the corpus does).
TYPE_NAMES = {
    DocType.CONSTITUTION: "宪法",
    DocType.LAW: "法律",
    DocType.ADMINISTRATIVE_REGULATION: "行政法规",
    DocType.JUDICIAL_INTERPRETATION: "司法解释",
    DocType.DEPARTMENTAL_RULE: "部门规章",
    DocType.LOCAL_REGULATION: "地方性法规",
    DocType.LOCAL_GOVERNMENT_RULE: "地方政府规章",
    DocType.OTHER: "其他",
}


class LawSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Describe your situation or name a law"),
        max_length=MAX_QUERY_CHARS,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 公司拖欠工资三个月怎么办")}),
    )
    doc_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocType.choices])
    region = forms.ChoiceField(label=_("Region"), required=False, choices=REGIONS)
    on = forms.DateField(label=_("In force on"), required=False, help_text=_("Search the texts as they stood then."))
    all_versions = forms.BooleanField(label=_("Include older versions"), required=False)
    law = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)  # search within one law

    #: the law searched within (``law=``), once the form is valid
    within: Work | None = None

    def clean_law(self) -> str:
        key = self.cleaned_data.get("law", "").strip()
        if key:
            self.within = Work.objects.filter(key=key).first()
            if self.within is None:
                raise forms.ValidationError(_("There is no such law in the library."))
        return key

    def filters(self) -> Filters:
        data = self.cleaned_data
        doc_type = data.get("doc_type")
        return Filters(
            doc_types=(TYPE_NAMES[doc_type],) if doc_type else (),
            regions=(data["region"],) if data.get("region") else (),
            in_force_only=not data.get("all_versions"),
            in_force_on=data["on"].isoformat() if data.get("on") else None,
            work_keys=(data["law"],) if data.get("law") else (),
        )
