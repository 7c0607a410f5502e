"""Seed the election days and the deadline rules (their sources: docs/sources.md, 1.1 and 1.5).

The values are copied here (not imported from the engine) so the migration stays the same when the
engine's defaults change. Administrators correct them with `samplan plantakt-data`.

The `source` texts are stored as they were first seeded; those that name "DOMAIN.md" (the research
notes the values were taken from) are changed to name docs/sources.md by migration 0003, where the
sources are, with their official addresses.
"""

import datetime

from django.db import migrations

ELECTIONS = [
    (2015, datetime.date(2015, 9, 14), False, "DOMAIN.md §3: own knowledge (second Monday)"),
    (2019, datetime.date(2019, 9, 9), True, "Fixed in statsråd 16 March 2018 (DOMAIN.md §3)"),
    (2023, datetime.date(2023, 9, 11), True, "Fixed in statsråd 22 April 2022 (DOMAIN.md §3)"),
    (2027, datetime.date(2027, 9, 13), False, "Projected: second Monday of September"),
    (2031, datetime.date(2031, 9, 8), False, "Projected: second Monday of September"),
]

RULES = [
    ("constitution", 10, 31, True, "KL § 7-1 (1)"),
    ("accounts_presented", 2, 22, True, "KL § 14-6"),
    ("annual_report", 3, 31, True, "KL § 14-7"),
    ("auditor_report", 4, 15, True, "Revisjonsforskriften (DOMAIN.md §2.5)"),
    ("accounts_adopted", 6, 30, False, "KL § 14-3 (3): UNCONFIRMED, verify on lovdata"),
    ("budget_adopted", 12, 31, True, "KL § 14-3"),
    ("delegation_regulation", 12, 31, False, "KL § 5-14: UNCONFIRMED deadline"),
]


def seed(apps, schema_editor):
    ElectionPeriod = apps.get_model("plantakt", "ElectionPeriod")
    RuleSetting = apps.get_model("plantakt", "RuleSetting")
    for year, date, confirmed, source in ELECTIONS:
        ElectionPeriod.objects.get_or_create(
            election_year=year,
            defaults={"election_date": date, "confirmed": confirmed, "source": source},
        )
    for key, month, day, confirmed, source in RULES:
        RuleSetting.objects.get_or_create(
            key=key,
            defaults={"month": month, "day": day, "confirmed": confirmed, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("plantakt", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
