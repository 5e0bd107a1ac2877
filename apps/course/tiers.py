"""Access tier rules: one place decides what a learner may open."""

from __future__ import annotations

from apps.general.tiers import BASE_TIER


def effective_tier(*required_tiers: int | None) -> int:
    """The tier needed to open something: the highest required tier along its path (1 when none)."""
    return max([BASE_TIER, *(tier for tier in required_tiers if tier is not None)])


def can_open(*, effective_required_tier: int, learner_tier: int, is_preview: bool = False) -> bool:
    """A learner opens a lesson at or below their tier; a free preview opens for anyone only at tier 1.

    ``learner_tier`` is 0 for visitors and members with no active enrollment.
    """
    if learner_tier >= effective_required_tier:
        return True
    return is_preview and effective_required_tier == BASE_TIER
