"""Membership of a public user in the org whose schema this table lives in (enrollments: ``apps.course``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        """The person and their role ("ana@example.com (Admin)"), as the audit log names a member."""
        return f"{getattr(self.user, 'email', self.user_id)} ({self.get_role_display()})"
