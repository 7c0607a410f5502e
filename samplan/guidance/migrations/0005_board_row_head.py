from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0004_board_row_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardrowsummary",
            name="head",
            field=models.TextField(default=""),
        ),
    ]
