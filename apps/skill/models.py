"""The skill taxonomy: a tree of skills with translated names, managed by platform staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


class Skill(TranslatableModel):
    """One node of the taxonomy, e.g. Software Development > Web Development > Django."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=120),
        description=models.TextField(_("description"), blank=True),
    )

    class Meta:
        db_table = "skill"
        ordering = ["sort_order", "slug"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="skill_parent_is_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.safe_translation_getter("name", any_language=True) or self.slug

    def clean(self) -> None:
        """Refuse a parent that would make a cycle (itself or one of its descendants)."""
        if self.parent_id is None or self.pk is None:
            return
        from apps.skill.selectors import skill_descendant_ids

        if self.parent_id in skill_descendant_ids(skill_id=self.pk):
            raise ValidationError(
                {"parent": _("A skill cannot be placed under itself or one of its descendants.")}
            )
