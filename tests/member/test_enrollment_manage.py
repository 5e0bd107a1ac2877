from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import OrgAuditEntry
from apps.course.models import OrgMemberProductCourseEnrollment
from apps.course.selectors.enrollments import learner_tier
from apps.course.services.enrollments import enrollment_change, enrollment_revoke
from apps.member.models import OrgMember
from tests.course.factories import CourseFactory
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


@pytest.fixture
def manage(in_org, org_a, host_client):
    in_org(org_a)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    return admin, host_client(org_a, user=admin.user)


def test_effective_tier_is_the_best_active_enrollment(in_org, org_a):
    in_org(org_a)
    course = CourseFactory()
    member = OrgMemberFactory()
    assert learner_tier(member=member, course=course) == 0
    EnrollmentFactory(member=member, course=course, access_tier=1)
    EnrollmentFactory(
        member=member, course=course, access_tier=3, ends_at=timezone.now() - timedelta(hours=1)
    )
    EnrollmentFactory(
        member=member, course=course, access_tier=3, starts_at=timezone.now() + timedelta(days=1)
    )
    EnrollmentFactory(member=member, course=course, access_tier=3, revoked_at=timezone.now())
    assert learner_tier(member=member, course=course) == 1
    EnrollmentFactory(
        member=member, course=course, access_tier=2, ends_at=timezone.now() + timedelta(days=30)
    )
    assert learner_tier(member=member, course=course) == 2
    assert learner_tier(member=member, course=CourseFactory()) == 0


def test_admin_grants_changes_and_revokes(manage, in_org, org_a):
    admin, client = manage
    learner = OrgMemberFactory()
    course = CourseFactory()
    response = client.post(
        reverse("manage_enrollments"), {"member": learner.pk, "course": course.pk, "access_tier": 2}
    )
    assert response.status_code == 302
    enrollment = OrgMemberProductCourseEnrollment.objects.get(member=learner)
    assert (enrollment.access_tier, enrollment.granted_by_id, enrollment.source) == (2, admin.pk, "manual")
    assert learner.user.email in client.get(reverse("manage_enrollments")).content.decode()
    client.post(reverse("manage_enrollment_change", args=[enrollment.pk]), {"access_tier": 3})
    enrollment.refresh_from_db()
    assert enrollment.access_tier == 3
    client.post(reverse("manage_enrollment_revoke", args=[enrollment.pk]))
    enrollment.refresh_from_db()
    assert enrollment.revoked_at is not None
    assert learner_tier(member=learner, course=course) == 0


@pytest.mark.parametrize("tier", [0, -1, 7])
def test_a_tier_out_of_range_is_refused_and_changes_nothing(manage, tier):
    _admin, client = manage
    learner, course = OrgMemberFactory(), CourseFactory()
    response = client.post(
        reverse("manage_enrollments"), {"member": learner.pk, "course": course.pk, "access_tier": tier}
    )
    assert response.status_code == 400
    assert "between 1 and 6" in response.content.decode()
    assert not OrgMemberProductCourseEnrollment.objects.exists()
    enrollment = EnrollmentFactory(access_tier=2)
    response = client.post(reverse("manage_enrollment_change", args=[enrollment.pk]), {"access_tier": tier})
    assert response.status_code == 400
    enrollment.refresh_from_db()
    assert enrollment.access_tier == 2


def test_an_end_before_the_start_is_refused(manage):
    _admin, client = manage
    enrollment = EnrollmentFactory()
    response = client.post(
        reverse("manage_enrollment_change", args=[enrollment.pk]),
        {"access_tier": 1, "ends_at": (enrollment.starts_at - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    enrollment.refresh_from_db()
    assert enrollment.ends_at is None


def test_non_admins_cannot_grant(in_org, org_a, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    learner, course = OrgMemberFactory(), CourseFactory()
    response = host_client(org_a, user=instructor.user).post(
        reverse("manage_enrollments"), {"member": learner.pk, "course": course.pk, "access_tier": 3}
    )
    assert response.status_code == 403
    assert not OrgMemberProductCourseEnrollment.objects.exists()


def test_another_orgs_enrollment_ids_are_404_and_change_nothing(manage, in_org, org_a, org_b):
    _admin, client = manage
    in_org(org_b)
    foreign = EnrollmentFactory(access_tier=1)
    in_org(org_a)
    assert not OrgMemberProductCourseEnrollment.objects.filter(pk=foreign.pk).exists()
    assert client.get(reverse("manage_enrollment_change", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("manage_enrollment_revoke", args=[foreign.pk])).status_code == 404
    in_org(org_b)
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_an_admins_grant_change_and_revoke_are_recorded_with_the_admin_as_actor(manage):
    admin, client = manage
    learner, course = OrgMemberFactory(), CourseFactory()
    client.post(reverse("manage_enrollments"), {"member": learner.pk, "course": course.pk, "access_tier": 2})
    enrollment = OrgMemberProductCourseEnrollment.objects.get(member=learner)
    response = client.post(
        reverse("manage_enrollment_change", args=[enrollment.pk]),
        {"access_tier": 3, "ends_at": "2031-05-01T10:00"},
    )
    assert response.status_code == 302
    client.post(reverse("manage_enrollment_revoke", args=[enrollment.pk]))
    client.post(reverse("manage_enrollment_revoke", args=[enrollment.pk]))  # twice: changes nothing
    enrollment.refresh_from_db()
    entries = list(OrgAuditEntry.objects.order_by("id"))
    assert [(e.verb, e.actor_id, e.actor_label, e.object_id) for e in entries] == [
        (verb, admin.user.pk, admin.user.email, str(enrollment.pk)) for verb in ("grant", "update", "revoke")
    ]
    grant, change, revoke = (entry.changes for entry in entries)
    assert {key: grant[key] for key in ("member", "course", "access_tier", "source")} == {
        "member": [None, str(learner)],
        "course": [None, str(course)],
        "access_tier": [None, 2],
        "source": [None, "manual"],
    }
    assert set(grant) == {"member", "course", "access_tier", "starts_at", "source"}  # no end: not a change
    assert change["access_tier"] == [2, 3]
    assert change["ends_at"][0] is None
    assert datetime.fromisoformat(change["ends_at"][1]) == enrollment.ends_at
    assert set(change) == {"access_tier", "ends_at"}
    assert list(revoke) == ["revoked_at"]
    assert revoke["revoked_at"][0] is None
    assert datetime.fromisoformat(revoke["revoked_at"][1]) == enrollment.revoked_at
    assert entries[0].object_label == f"{learner.user} → {course}"


def test_a_refused_change_records_nothing(manage):
    _admin, client = manage
    enrollment = EnrollmentFactory(access_tier=2)
    response = client.post(reverse("manage_enrollment_change", args=[enrollment.pk]), {"access_tier": 9})
    assert response.status_code == 400
    assert not OrgAuditEntry.objects.exists()


def test_an_instructor_acting_through_the_services_is_refused_and_nothing_is_recorded(in_org, org_a):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    enrollment = EnrollmentFactory(access_tier=1)
    with pytest.raises(PermissionDenied):
        enrollment_change(actor=instructor.user, enrollment=enrollment, access_tier=3, ends_at=None)
    with pytest.raises(PermissionDenied):
        enrollment_revoke(actor=instructor.user, enrollment=enrollment)
    enrollment.refresh_from_db()
    assert (enrollment.access_tier, enrollment.revoked_at) == (1, None)
    assert not OrgAuditEntry.objects.exists()


def test_revoking_asks_first_and_changes_nothing_until_confirmed(manage):
    _admin, client = manage
    enrollment = EnrollmentFactory(member=OrgMemberFactory(), course=CourseFactory(product__title="Python"))
    url = reverse("manage_enrollment_revoke", args=[enrollment.pk])
    listing = client.get(reverse("manage_enrollments")).content.decode()
    assert f'<a class="button button--small button--danger" href="{url}">Revoke</a>' in listing
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Revoke {enrollment.member.user.email}’s access to “Python”?" in html  # noqa: RUF001 (the typographic apostrophe of the page)
    assert f'<form method="post" action="{url}"' in html
    enrollment.refresh_from_db()
    assert enrollment.revoked_at is None
    client.post(url)
    enrollment.refresh_from_db()
    assert enrollment.revoked_at is not None
    assert client.get(url)["Location"] == reverse("manage_enrollments")  # already revoked: back to the list


def test_another_orgs_enrollment_has_no_confirmation_page(manage, in_org, org_b):
    in_org(org_b)
    foreign = EnrollmentFactory()
    _admin, client = manage
    assert client.get(reverse("manage_enrollment_revoke", args=[foreign.pk])).status_code == 404
