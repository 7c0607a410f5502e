"""The seeded `source` texts that named the research notes ("DOMAIN.md") name docs/sources.md,
where each rule's paragraph and official address are. A text an administrator has changed since
(`samplan plantakt-data`) is left as it is."""

from django.db import migrations

ELECTIONS = {
    2015: (
        "DOMAIN.md §3: own knowledge (second Monday)",
        "Second Monday of September (docs/sources.md)",
    ),
    2019: (
        "Fixed in statsråd 16 March 2018 (DOMAIN.md §3)",
        "Fixed in statsråd 16 March 2018 (docs/sources.md)",
    ),
    2023: (
        "Fixed in statsråd 22 April 2022 (DOMAIN.md §3)",
        "Fixed in statsråd 22 April 2022 (docs/sources.md)",
    ),
}
RULES = {
    "auditor_report": (
        "Revisjonsforskriften (DOMAIN.md §2.5)",
        "Revisjonsforskriften (docs/sources.md)",
    ),
}


def point_to_docs(apps, schema_editor, *, forwards=True):
    ElectionPeriod = apps.get_model("plantakt", "ElectionPeriod")
    RuleSetting = apps.get_model("plantakt", "RuleSetting")
    for year, (old, new) in ELECTIONS.items():
        before, after = (old, new) if forwards else (new, old)
        ElectionPeriod.objects.filter(election_year=year, source=before).update(source=after)
    for key, (old, new) in RULES.items():
        before, after = (old, new) if forwards else (new, old)
        RuleSetting.objects.filter(key=key, source=before).update(source=after)


def back(apps, schema_editor):
    point_to_docs(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("plantakt", "0002_seed_elections_and_rules")]

    operations = [migrations.RunPython(point_to_docs, back)]
