from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.choices import RoleCode
from fazhi.accounts.models import Role, User
from fazhi.core.pii import normalise_phone, validate_phone
from fazhi.orgs.models import Organisation

PHONE_PURPOSE = _(
    "Why we ask: your phone number lets you log in and lets the office handling your matter reach "
    "you. It is stored encrypted and shown masked to staff."
)
EMAIL_PURPOSE = _("Why we ask: to log in and, if you wish, to receive notices about your matters by e-mail.")


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Phone, e-mail or username"), max_length=150)


class RegistrationForm(forms.Form):
    display_name = forms.CharField(
        label=_("How should we address you?"),
        max_length=60,
        required=False,
        help_text=_("Optional. A name or nickname shown on your own pages."),
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False, help_text=PHONE_PURPOSE)
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=EMAIL_PURPOSE)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the platform processes the data above for the purposes stated, as the Personal "
            "Information Protection Law allows. I can delete my account at any time."
        )
    )

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone:
            validate_phone(phone)
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.errors.get("phone"):
            raise forms.ValidationError(_("Give a mobile phone number or an e-mail address."))
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(data["password1"], probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "phone", "email", "email_notifications")
        help_texts = {"phone": PHONE_PURPOSE, "email": EMAIL_PURPOSE}

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone and User.objects.by_login(phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This phone number belongs to another account."))
        return phone

    def clean_email(self) -> str:
        email = (self.cleaned_data.get("email") or "").lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This e-mail address belongs to another account."))
        return email


class StaffCreateForm(forms.Form):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$")
    display_name = forms.CharField(label=_("Name"), max_length=60)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=EMAIL_PURPOSE)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("Tell the person to change it after the first log-in."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.where(user, "accounts.add_user")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_password(self) -> str:
        password_validation.validate_password(self.cleaned_data["password"])
        return self.cleaned_data["password"]


class RoleGrantForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.all())
    organisation = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=Organisation.objects.none(),
        help_text=_("The role applies to this organisation and all under it."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.where(user, "accounts.add_roleassignment")
        if not (user and user.is_superuser):
            self.fields["role"].queryset = Role.objects.exclude(code=RoleCode.ADMIN)
