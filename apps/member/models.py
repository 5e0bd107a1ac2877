"""Membership of a public user in the org whose schema this table lives in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.general.tiers import TIER_VALIDATORS, tier_range_q


class OrgMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Admin")
        INSTRUCTOR = "instructor", _("Instructor")
        LEARNER = "learner", _("Learner")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEARNER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        db_table = "org_member"
        constraints = [models.UniqueConstraint(fields=["user"], name="org_member_one_per_user")]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.role})"


class OrgMemberProductCourseEnrollment(models.Model):
    """A member's entitlement to a course at an access tier for a validity window.

    A member may hold several (a purchase and a later upgrade); the effective tier
    is the highest among the active ones. Revoking keeps the row for history.
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("Granted by an admin")
        PURCHASE = "purchase", _("Purchase")

    member = models.ForeignKey(OrgMember, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(
        "course.OrgProductCourse", on_delete=models.CASCADE, related_name="enrollments"
    )
    access_tier = models.PositiveSmallIntegerField(_("access tier"), validators=TIER_VALIDATORS)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Empty for no end."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    granted_by = models.ForeignKey(
        OrgMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_member_product_course_enrollment"
        ordering = ["-created_at", "-id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.CheckConstraint(
                condition=tier_range_q("access_tier"),
                name="org_member_enrollment_tier_range",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="org_member_enrollment_window",
            ),
        ]
        indexes = [models.Index(fields=["member", "course"], name="enrollment_member_course")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.course_id} (tier {self.access_tier})"
