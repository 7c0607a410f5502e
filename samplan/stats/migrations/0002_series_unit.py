"""Series keep SSB's unit. The shipped snapshot's series (table 07459, ContentsCode Personer1,
"Personer") are counts of persons and get "personer"; series fetched from SSB before this change
keep an empty unit (not named) until the next `samplan stats refresh` stores SSB's own."""

from django.db import migrations, models


def snapshot_unit(apps, schema_editor):
    Series = apps.get_model("stats", "Series")
    Series.objects.filter(fetch__source="snapshot", measure="population_age").update(
        unit="personer"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="series",
            name="unit",
            field=models.CharField(blank=True, max_length=40, verbose_name="unit"),
        ),
        migrations.RunPython(snapshot_unit, migrations.RunPython.noop),
    ]
