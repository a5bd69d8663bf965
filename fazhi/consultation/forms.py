"""Forms: the consultation and its draft (staff), a comment (citizens), offline entry (contact points),
moderation, adoption, clusters and the feedback report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.consultation.choices import Adoption, OfflineSource
from fazhi.consultation.models import COMMENT_MAX_LENGTH, Consultation, DraftArticle
from fazhi.orgs.models import Organisation

MAX_UPLOAD = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsultationForm(forms.ModelForm):
    draft_file = forms.FileField(
        label=_("Or upload the draft as a text file (.txt, UTF-8)"),
        required=False,
        help_text=_("Replaces the text above. At most 2 MB."),
    )

    class Meta:
        model = Consultation
        fields = (
            "title",
            "kind",
            "organisation",
            "explanation",
            "draft_text",
            "opens_on",
            "closes_on",
            "allow_anonymous",
        )
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "explanation": forms.Textarea(attrs={"rows": 5}),
            "draft_text": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "draft_text": _(
                "Paste the draft: chapter lines such as 第一章 总则 and one article per paragraph starting with 第一条."
            ),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.where(user, "consultation.add_consultation").filter(
            is_active=True
        )
        if self.instance.pk and self.instance.status != "draft":
            for name in ("draft_text", "draft_file", "organisation"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the consultation is opened: comments refer to it.")

    def clean_draft_file(self) -> str | None:
        upload = self.cleaned_data.get("draft_file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        raw = upload.read()
        if not upload.name.lower().endswith(".txt") or b"\x00" in raw:
            raise forms.ValidationError(_("Upload the draft as a plain text file (.txt)."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return raw.decode("gb18030")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file's text could not be read (use UTF-8).")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("draft_file"):
            data["draft_text"] = data["draft_file"]
            self.instance.draft_text = data["draft_file"]
        if "\x00" in (data.get("draft_text") or "") + (data.get("explanation") or "") + (data.get("title") or ""):
            raise forms.ValidationError(_("Text may not contain NUL characters."))
        return data

    def save(self, commit: bool = True) -> Consultation:
        return super().save(commit=False)  # the view saves through services.consultation_save


class CommentForm(forms.Form):
    article = forms.ModelChoiceField(
        label=_("On"), queryset=DraftArticle.objects.none(), required=False, empty_label=_("the whole draft")
    )
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=COMMENT_MAX_LENGTH
    )
    anonymous = forms.BooleanField(label=_("Comment anonymously (you will get no personal reply)"), required=False)

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = consultation.articles.all()
        if not consultation.allow_anonymous:
            del self.fields["anonymous"]


class AdoptionForm(forms.Form):
    adoption = forms.ChoiceField(label=_("Decision"), choices=Adoption.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    clusters = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    title = forms.CharField(label=_("Title of the merged cluster"), required=False, max_length=200)


class MoveForm(forms.Form):
    cluster = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    new_title = forms.CharField(label=_("Or a new cluster titled"), required=False, max_length=200)


class FeedbackForm(forms.Form):
    report = forms.CharField(label=_("Feedback report"), widget=forms.Textarea(attrs={"rows": 18}), max_length=50000)


class LawLinkForm(forms.Form):
    work = forms.CharField(
        label=_("Law in the library"),
        max_length=200,
        required=False,
        help_text=_("Its title as the library shows it; empty removes the link."),
    )


class OfflineContextForm(forms.Form):
    contact_point = forms.ModelChoiceField(label=_("Contact point"), queryset=Organisation.objects.none())
    sheet = forms.FileField(
        label=_("Or upload an Excel sheet (.xlsx)"),
        required=False,
        help_text=_(
            "Columns: 意见 (comment), 条文, 来源, 日期, 人数, 备注. Rows already entered are not entered twice."
        ),
    )

    def __init__(self, *args: Any, points: list[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = Organisation.objects.filter(pk__in=[p.pk for p in points])

    def clean_sheet(self) -> Any:
        upload = self.cleaned_data.get("sheet")
        if upload and upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class OfflineRowForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    article = forms.CharField(label=_("Article"), required=False, max_length=40)
    source = forms.ChoiceField(label=_("Source"), choices=OfflineSource.choices, initial=OfflineSource.FORUM)
    source_date = forms.DateField(label=_("Gathered on"), required=False, widget=DateInput())
    participants = forms.IntegerField(label=_("People"), required=False, min_value=1, max_value=100000)
    source_note = forms.CharField(label=_("Details"), required=False, max_length=200)


OfflineRowFormSet = forms.formset_factory(OfflineRowForm, extra=5, max_num=50, absolute_max=50)
