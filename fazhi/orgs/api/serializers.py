from rest_framework import serializers

from fazhi.orgs.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.all(), allow_null=True, required=False
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
