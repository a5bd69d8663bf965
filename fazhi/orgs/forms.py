from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "body_type",
            "parent",
            "description",
            "address",
            "phone",
            "is_active",
        )
        help_texts = {"phone": _("A public office number, shown in the directory.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only parents the user may place organisations under.
        self.fields["parent"].queryset = Organisation.objects.where(user, "orgs.add_organisation")
