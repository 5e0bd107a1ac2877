"""Enrollments move from ``member`` to ``course`` (DESIGN.md: course holds them).

State only: the table ``org_member_product_course_enrollment`` keeps its name and rows;
``member.0005`` drops the model from member's state after this adds it here.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0003_private_files"),
        ("member", "0004_access_tiers_defined_once"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="OrgMemberProductCourseEnrollment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "access_tier",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(6),
                                ],
                                verbose_name="access tier",
                            ),
                        ),
                        ("starts_at", models.DateTimeField(verbose_name="starts")),
                        (
                            "ends_at",
                            models.DateTimeField(
                                blank=True, help_text="Empty for no end.", null=True, verbose_name="ends"
                            ),
                        ),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                        (
                            "source",
                            models.CharField(
                                choices=[("manual", "Granted by an admin"), ("purchase", "Purchase")],
                                default="manual",
                                max_length=16,
                                verbose_name="source",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        (
                            "course",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="enrollments",
                                to="course.orgproductcourse",
                            ),
                        ),
                        (
                            "granted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="member.orgmember",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="enrollments",
                                to="member.orgmember",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enrollment",
                        "verbose_name_plural": "enrollments",
                        "db_table": "org_member_product_course_enrollment",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["member", "course"], name="enrollment_member_course")
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("access_tier__gte", 1), ("access_tier__lte", 6)),
                                name="org_member_enrollment_tier_range",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("ends_at__isnull", True),
                                    ("ends_at__gt", models.F("starts_at")),
                                    _connector="OR",
                                ),
                                name="org_member_enrollment_window",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
