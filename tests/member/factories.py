from datetime import timedelta

import factory
from django.utils import timezone

from apps.course.models import OrgMemberProductCourseEnrollment
from apps.member.models import OrgMember
from tests.user.factories import UserFactory


class OrgMemberFactory(factory.django.DjangoModelFactory):
    """A member of the org whose schema is active when the factory runs."""

    class Meta:
        model = OrgMember

    user = factory.SubFactory(UserFactory)
    role = OrgMember.Role.LEARNER


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An active enrollment (no end) at tier 1 unless told."""

    class Meta:
        model = OrgMemberProductCourseEnrollment

    member = factory.SubFactory(OrgMemberFactory)
    course = factory.SubFactory("tests.course.factories.CourseFactory")
    access_tier = 1
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
