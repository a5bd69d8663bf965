"""The indicator models, moved from supervision: their tables stay (``supervision_indicator``,
``supervision_indicatorvalue``), only Django's state moves. An installation that had them in supervision keeps its
rows; its content types are renamed so that permissions, attachments and audit entries follow the models (the
audit trail recognises entries written under the former labels, see ``fazhi.audit.models.FORMER_LABELS``). On a
new installation supervision's migrations create the tables and there are no content types yet."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("indicator", "indicatorvalue")


def rename_content_types(apps, schema_editor, old="supervision", new="indicators"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue  # already there (renamed, or created by a run that stopped half-way): leave it
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)
    ContentType.objects.clear_cache()


def restore_content_types(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="indicators", new="supervision")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0001_initial"),
        ("supervision", "0004_report_review_indexes"),  # the tables exist: created as supervision's
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Indicator",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("code", models.SlugField(max_length=64, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("unit", models.CharField(blank=True, max_length=32, verbose_name="unit")),
                        ("target", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="target")),
                        ("weight", models.DecimalField(decimal_places=2, default=1, max_digits=6, verbose_name="weight")),
                        ("direction", models.CharField(choices=[("higher_better", "higher is better"), ("lower_better", "lower is better")], default="higher_better", max_length=16, verbose_name="direction")),
                        ("kind", models.CharField(choices=[("formula", "computed by a formula"), ("manual", "entered by hand with evidence")], default="formula", max_length=16, verbose_name="kind")),
                        ("formula", models.CharField(blank=True, max_length=64, verbose_name="formula")),
                        ("created_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("reporting_organisation", models.ForeignKey(blank=True, help_text="For indicators entered by hand: the organisation that enters the values.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.organisation", verbose_name="reporting organisation")),
                    ],
                    options={
                        "verbose_name": "indicator",
                        "verbose_name_plural": "indicators",
                        "db_table": "supervision_indicator",
                        "ordering": ("code",),
                        "constraints": [models.CheckConstraint(condition=models.Q(("weight__gte", 0)), name="indicator_weight_not_negative")],
                    },
                ),
                migrations.CreateModel(
                    name="IndicatorValue",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("period_kind", models.CharField(choices=[("month", "month"), ("quarter", "quarter"), ("year", "year")], max_length=8, verbose_name="period")),
                        ("period_start", models.DateField(verbose_name="period start")),
                        ("value", models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="value")),
                        ("computed_at", models.DateTimeField(verbose_name="computed at")),
                        ("source", models.CharField(choices=[("formula", "formula"), ("manual", "manual entry")], default="formula", max_length=8, verbose_name="source")),
                        ("evidence", models.TextField(blank=True, max_length=5000, verbose_name="evidence")),
                        ("created_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("indicator", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="values", to="indicators.indicator", verbose_name="indicator")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.organisation", verbose_name="organisation")),
                    ],
                    options={
                        "verbose_name": "indicator value",
                        "verbose_name_plural": "indicator values",
                        "db_table": "supervision_indicatorvalue",
                        "ordering": ("indicator", "period_start", "organisation__path"),
                        "constraints": [models.UniqueConstraint(fields=("indicator", "organisation", "period_kind", "period_start"), name="unique_indicator_value")],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
