from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import SensitiveWord


class SensitiveWordForm(forms.ModelForm):
    class Meta:
        model = SensitiveWord
        fields = ("word", "action", "is_active")

    def clean_word(self) -> str:
        word = self.cleaned_data["word"].strip()
        if not word:
            raise forms.ValidationError(_("Give a word."))
        return word
