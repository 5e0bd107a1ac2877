"""Enrollments now belong to ``course`` (``course.0004``): drop the model from member's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("member", "0004_access_tiers_defined_once"),
        ("course", "0004_enrollment_moves_to_course"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="OrgMemberProductCourseEnrollment")],
        ),
    ]
