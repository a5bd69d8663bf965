from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import SensitiveWord, TimeLimit


class SensitiveWordForm(forms.ModelForm):
    class Meta:
        model = SensitiveWord
        fields = ("word", "action", "is_active")

    def clean_word(self) -> str:
        word = self.cleaned_data["word"].strip()
        if not word:
            raise forms.ValidationError(_("Give a word."))
        return word


class TimeLimitForm(forms.ModelForm):
    class Meta:
        model = TimeLimit
        fields = ("days", "emergency_days")

    def clean(self) -> dict:
        data = super().clean()
        days, emergency = data.get("days"), data.get("emergency_days")
        if days is not None and days < 1:
            self.add_error("days", _("At least one day."))
        if days and emergency and emergency > days:
            self.add_error("emergency_days", _("The fast track cannot be slower than the normal track."))
        return data
