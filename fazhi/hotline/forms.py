"""Forms collect and shape input; the services decide (their ValidationErrors land on the form's fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from fazhi.hotline.choices import RATING_CHOICES
from fazhi.hotline.conf import setting
from fazhi.hotline.models import DESCRIPTION_MAX_LENGTH, ServiceCategory
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation


class StreetSelect(forms.Select):
    """Each street's option names its district (``data-district``), so ``hotline/location.js`` can offer only the
    chosen district's streets; without JavaScript every street is listed with its district's name."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.parent_id:
            option["attrs"]["data-district"] = str(instance.parent_id)
        return option


class StreetChoiceField(forms.ModelChoiceField):
    widget = StreetSelect

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.parent.name if obj.parent_id else ''} {obj.name}".strip()


def district_field(**kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("District"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— I do not know —"),
        **kwargs,
    )


def place_querysets(form: forms.Form) -> None:
    """The district and street pickers' choices (data/divisions/shanghai.csv, loaded as organisations)."""
    form.fields["district"].queryset = Organisation.objects.filter(
        kind=OrganisationKind.DISTRICT, is_active=True
    ).order_by("code")
    form.fields["street"].queryset = (
        Organisation.objects.filter(kind=OrganisationKind.STREET, is_active=True)
        .select_related("parent")
        .order_by("code")
    )
    for name in ("lat", "long"):
        form.fields[name].widget.attrs["step"] = "0.000001"


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several photos in one input; the service checks their number, size and real type."""

    widget = PhotoInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotoField, self).clean(f, initial) for f in files]


class TicketForm(forms.Form):
    """What the portal asks; the operator's intake form adds the caller and the fast track."""

    category = forms.ModelChoiceField(
        label=_("What is it about?"), queryset=ServiceCategory.objects.none(), empty_label=_("— choose —")
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happens, since when, and what you would like done. No personal data of others, please."),
    )
    address = forms.CharField(
        label=_("Where?"), max_length=200, help_text=_("Street address or a landmark, e.g. 南京东路 100 号 门口.")
    )
    district = district_field(
        help_text=_("Optional. Found from the coordinates when you give them (or use your location).")
    )
    street = StreetChoiceField(
        label=_("Street or town"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— I do not know —"),
        help_text=_("It lets us send the ticket straight to those responsible; if you do not know, the hotline will."),
    )
    lat = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        help_text=_("Optional, in decimal degrees (e.g. 31.2363); “Use my location” fills in both."),
    )
    long = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    photos = PhotoField(label=_("Photos (optional)"), required=False)
    contact_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        help_text=_(
            "Only for the handlers to call you back about this ticket. Stored encrypted, shown masked in lists, "
            "never published. Leave name and phone empty to report anonymously where that is allowed: you then "
            "get no personal reply."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the hotline and the organisations handling this ticket use my contact details to handle "
            "it (Personal Information Protection Law, art. 13–14)."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ServiceCategory.objects.filter(is_active=True)
        place_querysets(self)
        photos = self.fields["photos"]
        photos.widget.attrs["accept"] = ",".join(setting("HOTLINE_PHOTO_TYPES"))
        photos.help_text = _(
            "Up to %(count)d photos of the problem, JPEG, PNG or WebP, at most %(size)s each. They are seen only by "
            "you and the staff handling the ticket; avoid faces and number plates."
        ) % {"count": setting("HOTLINE_MAX_PHOTOS"), "size": filesizeformat(setting("HOTLINE_PHOTO_MAX_BYTES"))}

    def apply_error(self, exc: ValidationError) -> None:
        """Put a service's refusal on the field it concerns (or on the form)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class IntakeForm(TicketForm):
    """An operator registers a phone call: the caller's details are what the operator was told."""

    is_emergency = forms.BooleanField(label=_("Emergency (fast track)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].label = _("Caller's phone number")
        self.fields["contact_name"].label = _("Caller's name")
        self.fields["consent"].label = _("The caller agreed that their contact details are used to handle the ticket.")


class RecentForm(forms.Form):
    """Where to look for recent reports: a district, a street, or a point (with its surroundings)."""

    district = district_field()
    street = StreetChoiceField(
        label=_("Street or town"), queryset=Organisation.objects.none(), required=False, empty_label=_("— all —")
    )
    lat = forms.DecimalField(label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=6)
    long = forms.DecimalField(label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=6)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place_querysets(self)
        self.fields["district"].empty_label = _("— all —")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("lat") is None) != (data.get("long") is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        return data


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: very dissatisfied … 5: very satisfied."),
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("What is still wrong?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
