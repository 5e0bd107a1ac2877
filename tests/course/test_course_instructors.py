"""Admins attribute instructors to a course; attributed instructors may then edit it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.course.services.courses import course_instructors_set
from apps.member.models import OrgMember
from tests.course.factories import CourseFactory
from tests.member.factories import OrgMemberFactory

Role = OrgMember.Role


@pytest.fixture
def setup(in_org, org_a, host_client):
    in_org(org_a)
    admin = OrgMemberFactory(role=Role.ADMIN)
    instructor = OrgMemberFactory(role=Role.INSTRUCTOR)
    course = CourseFactory()
    return course, admin, instructor


def test_an_admin_attributes_an_instructor_who_can_then_edit(setup, host_client, org_a):
    course, admin, instructor = setup
    outline = reverse("studio_outline", args=[course.pk])
    assert host_client(org_a, user=instructor.user).get(outline).status_code == 404
    admin_client = host_client(org_a, user=admin.user)
    page = admin_client.get(outline)
    assert [member.pk for member in page.context["instructor_choices"]] == sorted(
        [admin.pk, instructor.pk, OrgMember.objects.get(user__email="owner@alpha.test").pk],
        key=lambda pk: OrgMember.objects.get(pk=pk).user.email,
    )
    admin_client.post(
        reverse("studio_outline_action", args=[course.pk, "instructors"]), {"instructors": [instructor.pk]}
    )
    assert list(course.instructors.all()) == [instructor]
    assert host_client(org_a, user=instructor.user).get(outline).status_code == 200


def test_instructors_do_not_attribute_and_nothing_changes(setup, host_client, org_a):
    course, _admin, instructor = setup
    course.instructors.add(instructor)
    other = OrgMemberFactory(role=Role.INSTRUCTOR)
    client = host_client(org_a, user=instructor.user)
    response = client.post(
        reverse("studio_outline_action", args=[course.pk, "instructors"]), {"instructors": [other.pk]}
    )
    assert response.status_code == 403
    assert list(course.instructors.all()) == [instructor]
    assert "instructor_choices" not in client.get(reverse("studio_outline", args=[course.pk])).context


@pytest.mark.parametrize("who", ["learner", "unknown"])
def test_only_instructors_of_this_org_can_be_attributed(setup, who):
    course, admin, instructor = setup
    course.instructors.add(instructor)
    target = OrgMemberFactory(role=Role.LEARNER).pk if who == "learner" else 987654
    with pytest.raises(ValidationError) as error:
        course_instructors_set(course=course, member_ids=[instructor.pk, target], actor=admin.user)
    assert error.value.messages == ["Choose instructors among this organization's instructors and admins."]
    assert list(course.instructors.all()) == [instructor]


def test_the_service_refuses_a_non_admin_actor(setup):
    course, _admin, instructor = setup
    with pytest.raises(PermissionDenied):
        course_instructors_set(course=course, member_ids=[instructor.pk], actor=instructor.user)
    assert course.instructors.count() == 0
