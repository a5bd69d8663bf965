"""The indicator models moved to the indicators app (``indicators.0001_initial``): supervision's state forgets them,
and the link to the plan's measures becomes supervision's (``Measure.indicators``) on the same table,
``supervision_indicator_measures`` (columns ``indicator_id``, ``measure_id`` as before). No table changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_clock_started_on"),
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="indicator", name="measures"),
                migrations.AddField(
                    model_name="measure",
                    name="indicators",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="supervision_indicator_measures",
                        related_name="measures",
                        to="indicators.indicator",
                        verbose_name="indicators",
                    ),
                ),
                migrations.DeleteModel(name="IndicatorValue"),
                migrations.DeleteModel(name="Indicator"),
            ],
        ),
    ]
