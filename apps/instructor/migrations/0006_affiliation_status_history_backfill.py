"""Each affiliation made before the status history existed starts its history with its current
status, from when it started (or was made)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Affiliation = apps.get_model("instructor", "InstructorOrgAffiliation")
    Change = apps.get_model("instructor", "InstructorOrgAffiliationStatusChange")
    Change.objects.bulk_create(
        Change(affiliation_id=pk, status=status, changed_at=started_at or created_at)
        for pk, status, started_at, created_at in Affiliation.objects.filter(status_changes__isnull=True)
        .values_list("pk", "status", "started_at", "created_at")
        .iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("instructor", "0005_affiliation_status_history")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
