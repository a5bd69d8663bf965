from rest_framework import serializers

from fazhi.accounts.choices import RoleCode
from fazhi.accounts.models import Role, RoleAssignment, User
from fazhi.core.pii import normalise_phone, validate_phone
from fazhi.orgs.models import Organisation


class UserSerializer(serializers.ModelSerializer):
    """Other people, as staff see them: the phone masked."""

    phone = serializers.CharField(source="masked_phone", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ("id", "username", "display_name", "phone", "organisation", "is_active")


class MeSerializer(serializers.ModelSerializer):
    """One's own account: the phone in clear (it is theirs), editable."""

    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)

    class Meta:
        model = User
        fields = ("id", "username", "display_name", "phone", "email", "email_notifications", "organisation")
        read_only_fields = ("id", "username", "organisation")

    def validate_phone(self, value: str) -> str:
        value = normalise_phone(value)
        if value:
            validate_phone(value)
            if User.objects.by_login(value).exclude(pk=self.instance.pk).exists():
                raise serializers.ValidationError("This phone number belongs to another account.")
        return value

    def validate_email(self, value: str) -> str:
        value = (value or "").lower()
        if value and User.objects.filter(email__iexact=value).exclude(pk=self.instance.pk).exists():
            raise serializers.ValidationError("This e-mail address belongs to another account.")
        return value


class RoleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_code_display", read_only=True)

    class Meta:
        model = Role
        fields = ("code", "name")


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    role = serializers.SlugRelatedField(slug_field="code", queryset=Role.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all())
    role_name = serializers.CharField(source="role.get_code_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ("id", "user", "role", "role_name", "organisation", "created_at")
        read_only_fields = ("created_at",)

    def validate_role(self, role: Role) -> Role:
        request = self.context.get("request")
        if role.code == RoleCode.ADMIN and not (request and request.user.is_superuser):
            raise serializers.ValidationError("Only platform administrators grant the administrator role.")
        return role
