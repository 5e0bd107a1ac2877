"""Receivers of other apps' events, and cache bookkeeping.

- A paid order line of a course grants an enrollment at the plan's tier, linked to the line; the
  line's access changing (a dispute, a refund) suspends, restores or revokes it.
- A course-type product gets its course, made as whoever saved the product: the signal's
  ``actor`` when the catalog sends one, else PROVISIONING (the course extension is provisioned
  with its product).
- The player state cache (``apps.course.cache``): a save or delete of a member row or of one of
  their enrollments or progress rows replaces the learner's generation; a write to a course, its
  product, outline or lessons replaces the org's content generation. Both at once and again on
  commit. The course services' queryset updates, which send no signal, replace it themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.course.cache import player_states_forget_content, player_states_forget_learner
from apps.course.models import (
    OrgLesson,
    OrgMemberLessonProgress,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.selectors.enrollments import member_is_enrolled
from apps.course.services.courses import course_create_for_product
from apps.course.services.enrollments import (
    enrollment_grant_for_line,
    enrollments_follow_line,
    enrollments_grant_for_lines,
)
from apps.member.models import OrgMember
from apps.payment.events import order_line_access_changed, order_line_paid, order_lines_paid
from apps.payment.models import OrgOrder, OrgOrderLine
from apps.product.models import OrgProduct
from apps.product.signals import product_course_saved, product_review_eligibility
from volmify.actors import PROVISIONING


@receiver(order_line_paid, dispatch_uid="course-enrollment-for-paid-line")
def enrollment_for_paid_line(
    sender: type[OrgOrderLine], line: OrgOrderLine, order: OrgOrder, actor: Any, **kwargs: Any
) -> None:
    enrollment_grant_for_line(actor=actor, line=line, member=order.member)


@receiver(order_lines_paid, dispatch_uid="course-enrollments-for-paid-lines")
def enrollments_for_paid_lines(
    sender: type[OrgOrderLine], lines: list[tuple[OrgOrderLine, OrgOrder]], actor: Any, **kwargs: Any
) -> None:
    enrollments_grant_for_lines(actor=actor, lines=[(line, order.member) for line, order in lines])


@receiver(order_line_access_changed, dispatch_uid="course-enrollment-follows-line")
def enrollment_follows_line(
    sender: type[OrgOrderLine], line: OrgOrderLine, access: str, actor: Any, **kwargs: Any
) -> None:
    enrollments_follow_line(actor=actor, line=line, access=access)


@receiver(product_course_saved, dispatch_uid="course-made-for-course-product")
def course_made_for_course_product(sender: type[OrgProduct], product: OrgProduct, **kwargs: Any) -> None:
    course_create_for_product(actor=kwargs.get("actor") or PROVISIONING, product=product)


@receiver(product_review_eligibility, dispatch_uid="course-enrolled-learners-may-review")
def enrolled_learners_may_review(
    sender: type[OrgProduct], product: OrgProduct, member: Any, **kwargs: Any
) -> bool:
    return member_is_enrolled(member=member, course_id=product.pk)


# The player state cache (apps.course.cache) -------------------------------------------------------
def _learner_rows() -> list[Any]:
    return [OrgMemberProductCourseEnrollment, OrgMemberLessonProgress, OrgMemberProductCourseProgress]


def _content_models() -> list[Any]:
    """What a player state or lesson page is read from: the course, its product, outline and lessons
    (with their translations)."""
    models: list[Any] = [
        OrgProductCourse,
        OrgProduct,
        OrgProductCourseModule,
        OrgProductCourseModuleSection,
        OrgProductCourseModuleSectionLesson,
        OrgLesson,
    ]
    return models + [model._parler_meta.root_model for model in models if hasattr(model, "_parler_meta")]


@receiver(post_save, sender=OrgMember, dispatch_uid="player-states-forget-on-member-save")
@receiver(post_delete, sender=OrgMember, dispatch_uid="player-states-forget-on-member-delete")
def player_states_forget_on_member_change(
    sender: type[OrgMember], instance: OrgMember, **kwargs: Any
) -> None:
    player_states_forget_learner(instance.user_id)


def player_states_forget_on_learner_row_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An enrollment, lesson progress or course progress row of a member changed."""
    member = instance._state.fields_cache.get("member")
    user_id = (
        member.user_id
        if member is not None
        else OrgMember.objects.filter(pk=instance.member_id).values_list("user_id", flat=True).first()
    )
    if user_id is not None:
        player_states_forget_learner(user_id)


def player_states_forget_on_content_change(sender: Any, **kwargs: Any) -> None:
    player_states_forget_content()


for _model in _learner_rows():
    for _signal in (post_save, post_delete):
        _signal.connect(
            player_states_forget_on_learner_row_change,
            sender=_model,
            dispatch_uid=f"player-states-forget-learner:{_model._meta.label}:{_signal is post_save}",
        )
for _model in _content_models():
    for _signal in (post_save, post_delete):
        _signal.connect(
            player_states_forget_on_content_change,
            sender=_model,
            dispatch_uid=f"player-states-forget-content:{_model._meta.label}:{_signal is post_save}",
        )
