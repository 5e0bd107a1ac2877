"""One row per change made in the org: who (a person or a named system actor), what, which object, when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgAuditEntry(models.Model):
    class Verb(models.TextChoices):
        CREATE = "create", pgettext_lazy("audit log action", "created")
        UPDATE = "update", pgettext_lazy("audit log action", "changed")
        DELETE = "delete", pgettext_lazy("audit log action", "deleted")
        TRANSLATE = "translate", pgettext_lazy("audit log action", "translated")
        PUBLISH = "publish", pgettext_lazy("audit log action", "published")
        UNPUBLISH = "unpublish", pgettext_lazy("audit log action", "unpublished")
        ARCHIVE = "archive", pgettext_lazy("audit log action", "archived")
        REORDER = "reorder", pgettext_lazy("audit log action", "reordered")
        MOVE = "move", pgettext_lazy("audit log action", "moved")
        ADD = "add", pgettext_lazy("audit log action", "added")
        REMOVE = "remove", pgettext_lazy("audit log action", "removed")
        GRANT = "grant", pgettext_lazy("audit log action", "granted")
        REVOKE = "revoke", pgettext_lazy("audit log action", "revoked")
        REVIEW = "review", pgettext_lazy("audit log action", "reviewed")
        JOIN = "join", pgettext_lazy("audit log action", "joined")
        SECURITY = "security", pgettext_lazy("audit log action", "changed security of")
        PAY = "pay", pgettext_lazy("audit log action", "recorded payment of")
        CANCEL = "cancel", pgettext_lazy("audit log action", "cancelled")
        REFUND = "refund", pgettext_lazy("audit log action", "refunded")
        FULFIL = "fulfil", pgettext_lazy("audit log action", "updated delivery of")

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # The user lives in the public schema and may be deleted; the entry must outlive them, so no
    # database constraint and no cascade: the label keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=254)
    verb = models.CharField(_("action"), max_length=16, choices=Verb.choices)
    object_type = models.CharField(_("object type"), max_length=64)  # "<app_label>.<model_name>"
    object_id = models.CharField(_("object id"), max_length=64)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    # {"field": [before, after]}: JSON-safe values (ids for relations, strings for money and dates).
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        db_table = "org_audit_entry"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_newest"),
            models.Index(fields=["actor", "-created_at"], name="audit_by_actor"),
            models.Index(fields=["object_type", "object_id", "-created_at"], name="audit_by_object"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.actor_label} {self.verb} {self.object_type}:{self.object_id}"
