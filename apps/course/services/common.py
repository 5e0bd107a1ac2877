"""What the course's write services share: the acting member, tier checks, outline versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone

from apps.audit.models import OrgAuditEntry
from apps.course.cache import player_states_forget_content
from apps.course.models import (
    OrgProductCourse,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.tasks import progress_rollup
from apps.general.tiers import tier_validate
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user
from apps.org.selectors import tenant_connection
from volmify.actors import Actor, SystemActor, actor_check
from volmify.tasks import enqueue_on_commit

Placement = OrgProductCourseModuleSectionLesson


Verb = OrgAuditEntry.Verb


def tier_check(tier: int | None) -> None:
    tier_validate(tier)


def actor_member(actor: Actor, *, minimum_role: str | None = None) -> OrgMember | None:
    """The org member ``actor`` is, or None for a system actor (which skips the person checks).

    A user who is not a member of the active org, or whose role is below ``minimum_role``, is refused
    (PermissionDenied) before anything changes.
    """
    actor_check(actor)
    if isinstance(actor, SystemActor):
        return None
    member = member_for_user(actor)
    if member is None or (minimum_role is not None and not role_at_least(member.role, minimum_role)):
        raise PermissionDenied
    return member


def outline_changed(*, course_id: int | None = None, lesson_id: int | None = None) -> None:
    """Bump the version of the course(s) whose outline changed, so cached outlines are rebuilt, and
    the org's content generation, so no learner's cached player state keeps the old version (a
    queryset update sends no signal for ``apps.course.signals`` to react to)."""
    now = timezone.now()
    player_states_forget_content()
    if course_id is not None:
        OrgProductCourse.objects.filter(pk=course_id).update(updated_at=now)
    if lesson_id is not None:
        OrgProductCourse.objects.filter(modules__sections__placements__lesson_id=lesson_id).update(
            updated_at=now
        )


def next_position(queryset: Any) -> int:
    current = queryset.aggregate(top=Max("position"))["top"]
    return 0 if current is None else current + 1


def rollup_enqueue(*, member_ids: list[int], course_ids: list[int] | None = None) -> None:
    """Roll the members' progress up once the write commits, in the active org's schema."""
    options: dict[str, Any] = {} if course_ids is None else {"course_ids": course_ids}
    enqueue_on_commit(
        progress_rollup, schema_name=tenant_connection().schema_name, member_ids=member_ids, **options
    )
