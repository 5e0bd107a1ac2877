from django.db import migrations, models
import django.utils.timezone


def mark_existing_verified(apps, schema_editor):
    """Domains that routed before verification existed keep routing."""
    OrgDomain = apps.get_model("org", "OrgDomain")
    OrgDomain.objects.update(is_verified=True, verified_at=django.utils.timezone.now())


class Migration(migrations.Migration):
    dependencies = [("org", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="orgdomain",
            name="is_verified",
            field=models.BooleanField(default=False, verbose_name="verified"),
        ),
        migrations.AddField(
            model_name="orgdomain",
            name="verification_token",
            field=models.CharField(blank=True, max_length=64, verbose_name="verification token"),
        ),
        migrations.AddField(
            model_name="orgdomain",
            name="claimed_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="claimed"),
        ),
        migrations.AddField(
            model_name="orgdomain",
            name="verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="verified at"),
        ),
        migrations.AddField(
            model_name="orgdomain",
            name="last_checked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last checked"),
        ),
        migrations.RunPython(mark_existing_verified, migrations.RunPython.noop),
    ]
