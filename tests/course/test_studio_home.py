"""The studio home lists the courses the member edits, with status, open enrollments and last edit."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.member.models import OrgMember
from tests.course.factories import CourseFactory
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


def _rows(html: str) -> list[str]:
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>")[0] for row in body.split("<tr>")[1:]]


@pytest.fixture
def courses(in_org, org_a):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    mine, also_mine, other = CourseFactory(), CourseFactory(), CourseFactory()
    for course in (mine, also_mine):
        course.instructors.add(instructor)
    now = timezone.now()
    EnrollmentFactory(course=mine)  # open
    EnrollmentFactory(course=mine)  # open
    EnrollmentFactory(course=mine, revoked_at=now)
    EnrollmentFactory(course=mine, starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1))
    return instructor, mine, also_mine, other


def test_an_instructor_sees_their_courses_with_their_open_enrollments(courses, host_client, org_a):
    instructor, mine, also_mine, other = courses
    html = host_client(org_a, instructor.user).get("/studio/").content.decode()
    rows = _rows(html)
    assert len(rows) == 2 and "No courses yet" not in html
    by_course = {
        course: next(row for row in rows if f"/studio/courses/{course.pk}/" in row)
        for course in (mine, also_mine)
    }
    assert '<td data-label="Learners">2</td>' in by_course[mine]
    assert '<td data-label="Learners">0</td>' in by_course[also_mine]
    assert f"/studio/courses/{other.pk}/" not in html


@pytest.mark.parametrize("role", [OrgMember.Role.ADMIN, OrgMember.Role.OWNER])
def test_admins_and_owners_see_every_course(courses, host_client, org_a, role):
    *_, other = courses
    html = host_client(org_a, OrgMemberFactory(role=role).user).get("/studio/").content.decode()
    assert len(_rows(html)) == 3 and f"/studio/courses/{other.pk}/" in html


def test_an_instructor_without_courses_is_told_how_to_get_one(in_org, org_a, host_client):
    in_org(org_a)
    CourseFactory()
    html = (
        host_client(org_a, OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR).user)
        .get("/studio/")
        .content.decode()
    )
    assert "No courses yet" in html and _rows(html) == []


def test_the_home_costs_the_same_queries_for_more_courses(courses, host_client, org_a):
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    client = host_client(org_a, admin)
    client.get("/studio/")
    with CaptureQueriesContext(connection) as few:
        client.get("/studio/")
    for _ in range(4):
        CourseFactory()
    client.get("/studio/")  # new products changed the market's content version: its snapshot is read again
    with CaptureQueriesContext(connection) as more:
        assert len(_rows(client.get("/studio/").content.decode())) == 7
    assert len(more) == len(few) == 3  # the member, the courses with their counts, their translations
