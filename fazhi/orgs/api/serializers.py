from rest_framework import serializers

from fazhi.orgs.choices import BodyType, OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.orgs.search import API_CODE_HELP


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text=API_CODE_HELP,
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    body_type_display = serializers.CharField(source="get_body_type_display", read_only=True)

    class Meta:
        model = Organisation
        fields = (
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "body_type",
            "body_type_display",
            "parent",
            "path",
            "depth",
            "description",
            "address",
            "phone",
            "is_active",
        )
        read_only_fields = ("path", "depth")

    def validate(self, attrs: dict) -> dict:
        instance = Organisation(
            **{
                **(
                    {}
                    if self.instance is None
                    else {f.name: getattr(self.instance, f.name) for f in Organisation._meta.concrete_fields}
                ),
                **attrs,
            }
        )
        instance.clean()
        return attrs


class OrganisationSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=50, help_text="part of the name or short name, the code, or pinyin initials (e.g. njdl)"
    )
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False, help_text="only this kind")
    body_type = serializers.ChoiceField(choices=BodyType.choices, required=False, help_text="only this body type")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=20)


class OrganisationHitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="what every organisation field of the API takes")
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    body_type = serializers.CharField()
    parent_name = serializers.CharField(help_text="where it sits (居委会 and 司法所 names repeat across streets)")
    label = serializers.CharField(help_text="name（code）: what the console's picker writes into the box")
    own_district = serializers.BooleanField(help_text="in the signed-in user's district (ranked first)")
