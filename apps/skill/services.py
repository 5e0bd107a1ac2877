"""Writes to the skill taxonomy (platform staff edit it in Django admin)."""

from __future__ import annotations

from django.db import transaction

from apps.skill.models import Skill
from apps.skill.taxonomy import taxonomy_load
from volmify.actors import Actor, actor_check


@transaction.atomic
def skill_taxonomy_load(*, actor: Actor) -> int:
    """Add any missing starter skills; safe to run again. Returns how many were created.
    Platform-wide (public schema): no org's log records it."""
    actor_check(actor)
    return taxonomy_load(skill_model=Skill, translation_model=Skill._parler_meta.root_model)
