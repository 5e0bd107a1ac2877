"""Private uploads: stored per org under unguessable names, served only after an access check."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve

from apps.course.models import OrgLesson, OrgMemberLessonAssignmentSubmission
from apps.member.models import OrgMember
from apps.product.models import OrgProductDigital
from tests.course.factories import PlacementFactory
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.product.factories import OrgProductDigitalFactory
from volmify.files import move_to_private, private_storage


@pytest.fixture
def submitted(in_org, org_a, host_client):
    """A learner's assignment submitted with an attachment, through the player."""
    in_org(org_a)
    placement = PlacementFactory(lesson__lesson_type=OrgLesson.LessonType.ASSIGNMENT)
    course = placement.section.module.course
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course)
    host_client(org_a, user=learner.user).post(
        reverse("course_assignment_submit", args=[course.pk, placement.pk]),
        {"text": "My answer", "file": SimpleUploadedFile("work.pdf", b"%PDF-MINE")},
    )
    return course, placement, learner, OrgMemberLessonAssignmentSubmission.objects.get()


def _bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_uploads_are_stored_per_org_under_an_unguessable_name(submitted, org_a):
    _course, _placement, _learner, submission = submitted
    pattern = rf"orgs/{org_a.schema_name}/submissions/[0-9a-f]{{32}}/work\.pdf"
    assert re.fullmatch(pattern, submission.file.name)
    assert Path(settings.PRIVATE_MEDIA_ROOT, submission.file.name).read_bytes() == b"%PDF-MINE"


def test_private_storage_has_no_public_url_and_lives_outside_the_media_root(submitted):
    _course, _placement, _learner, submission = submitted
    with pytest.raises(ValueError, match="no public URL"):
        submission.file.url  # noqa: B018
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in (private_root, *private_root.parents)
    # what DEBUG's /media/ serving would do with the file's name: nothing there
    with pytest.raises(Http404):
        serve(RequestFactory().get("/"), submission.file.name, document_root=settings.MEDIA_ROOT)


def test_the_learner_gets_their_own_attachment_and_nobody_else_does(submitted, host_client, org_a, org_b):
    _course, placement, learner, submission = submitted
    url = reverse("course_submission_file", args=[submission.pk])
    response = host_client(org_a, user=learner.user).get(url)
    assert response.status_code == 200
    assert _bytes(response) == b"%PDF-MINE"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="work.pdf"'
    anonymous = host_client(org_a).get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    other_learner = OrgMemberFactory()
    assert host_client(org_a, user=other_learner.user).get(url).status_code == 404
    assert host_client(org_b, user=learner.user).get(url).status_code == 404
    page = host_client(org_a, user=learner.user).get(
        reverse("course_lesson", args=[submission.course_id, placement.pk])
    )
    assert url in page.content.decode()
    assert submission.file.name not in page.content.decode()


def test_reviewers_get_the_attachment_other_instructors_do_not(submitted, host_client, org_a):
    course, _placement, _learner, submission = submitted
    url = reverse("studio_submission_file", args=[submission.pk])
    reviewer = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course.instructors.add(reviewer)
    reviewer_client = host_client(org_a, user=reviewer.user)
    assert _bytes(reviewer_client.get(url)) == b"%PDF-MINE"
    assert url in reviewer_client.get(reverse("studio_reviews")).content.decode()
    outsider = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    assert host_client(org_a, user=outsider.user).get(url).status_code == 404


def test_production_hands_the_bytes_to_the_web_server(submitted, host_client, org_a, settings):
    _course, _placement, learner, submission = submitted
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_protected/"
    response = host_client(org_a, user=learner.user).get(
        reverse("course_submission_file", args=[submission.pk])
    )
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{submission.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="work.pdf"'


def test_a_row_pointing_into_another_orgs_folder_serves_nothing(submitted, host_client, org_a, org_b):
    _course, _placement, learner, submission = submitted
    foreign = f"orgs/{org_b.schema_name}/submissions/{'0' * 32}/work.pdf"
    private_storage().save(foreign, ContentFile(b"OTHER-ORG"))
    OrgMemberLessonAssignmentSubmission.objects.filter(pk=submission.pk).update(file=foreign)
    response = host_client(org_a, user=learner.user).get(
        reverse("course_submission_file", args=[submission.pk])
    )
    assert response.status_code == 404


def test_a_digital_products_file_is_for_the_orgs_admins(in_org, org_a, org_b, host_client):
    in_org(org_a)
    digital = OrgProductDigitalFactory(file=SimpleUploadedFile("ebook.pdf", b"%PDF-EBOOK"))
    assert digital.file.name.startswith(f"orgs/{org_a.schema_name}/digital/")
    url = reverse("manage_product_file", args=[digital.product_id])
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    response = host_client(org_a, user=admin.user).get(url)
    assert _bytes(response) == b"%PDF-EBOOK"
    learner = OrgMemberFactory()
    assert host_client(org_a, user=learner.user).get(url).status_code in (403, 404)
    assert host_client(org_a).get(url).status_code in (302, 403)
    assert host_client(org_b, user=admin.user).get(url).status_code in (403, 404)
    page = host_client(org_a, user=admin.user).get(
        reverse("manage_product_detail", args=[digital.product_id])
    )
    assert url in page.content.decode()


def test_files_uploaded_before_private_storage_move_out_of_the_public_root(in_org, org_a):
    in_org(org_a)
    public = storages["default"]
    old_name = public.save("products/digital/old.pdf", ContentFile(b"%PDF-OLD"))
    digital = OrgProductDigitalFactory()
    OrgProductDigital.objects.filter(pk=digital.pk).update(file=old_name)
    move_to_private(OrgProductDigital, "file", "digital")
    digital.refresh_from_db()
    assert digital.file.name.startswith(f"orgs/{org_a.schema_name}/digital/")
    assert digital.file.read() == b"%PDF-OLD"
    assert not public.exists(old_name)
