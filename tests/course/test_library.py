"""Lessons across orgs: publishing to the instructor's library, importing a copy with provenance
into another org, update notices and pulling updates (issue 11, item 9)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.audit.models import OrgAuditEntry
from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import OrgLesson, OrgLessonLibraryCopy, OrgLessonQuizQuestion
from apps.course.services.lessons import quiz_question_create, quiz_question_delete
from apps.course.services.library import lesson_library_import, lesson_library_publish, lesson_library_pull
from apps.general.models import Locale
from apps.instructor.models import (
    InstructorLibraryLesson,
    InstructorLibraryLessonImport,
    InstructorOrgAffiliation,
)
from apps.member.models import OrgMember
from apps.user.models import UserProfile
from tests.conftest import domain_of
from tests.course.factories import (
    CourseFactory,
    LessonFactory,
    PlacementFactory,
    QuizAttemptFactory,
    SectionFactory,
    quiz_lesson,
)
from tests.instructor.factories import AffiliationFactory, InstructorProfileFactory
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory


@pytest.fixture
def maria(org_a, org_b, in_org):
    """An instructor who edits a course in org A and is an active instructor of org B."""
    user = UserFactory(email="maria@example.com")
    profile = InstructorProfileFactory(user=user, display_name="María")
    AffiliationFactory(profile=profile, org=org_b)
    in_org(org_b)
    member_b = OrgMemberFactory(user=user, role=OrgMember.Role.INSTRUCTOR)
    course_b = CourseFactory()
    course_b.instructors.add(member_b)
    section_b = SectionFactory(module__course=course_b)
    in_org(org_a)
    member_a = OrgMemberFactory(user=user, role=OrgMember.Role.INSTRUCTOR)
    course_a = CourseFactory()
    course_a.instructors.add(member_a)
    lesson = quiz_lesson(title="Fractions")
    lesson.set_current_language("es")
    lesson.title = "Fracciones"
    lesson.body_markdown = "Hola **fracciones**"
    lesson.body_html = markdown_to_safe_html(lesson.body_markdown)
    lesson.save()
    PlacementFactory(section=SectionFactory(module__course=course_a), lesson=lesson)
    return {"user": user, "profile": profile, "lesson": lesson, "section_b": section_b, "member_b": member_b}


def _publish(maria, in_org, org_a):
    in_org(org_a)
    lesson = OrgLesson.objects.get(pk=maria["lesson"].pk)
    return lesson_library_publish(actor=maria["user"], lesson=lesson)


def test_publish_snapshots_the_lesson_with_translations_and_stable_question_keys(maria, in_org, org_a):
    snapshot, changed = _publish(maria, in_org, org_a)
    assert changed is True
    assert (snapshot.version, snapshot.source_org_id, snapshot.source_lesson_id) == (
        1,
        org_a.pk,
        maria["lesson"].pk,
    )
    assert (snapshot.lesson_type, snapshot.title) == ("quiz", "Fractions")
    assert snapshot.translations["es"]["title"] == "Fracciones"
    assert "<strong>fracciones</strong>" in snapshot.translations["es"]["body_html"]
    keys = [q["key"] for q in snapshot.questions]
    assert keys == [f"q{q.pk}" for q in maria["lesson"].questions.order_by("position", "pk")]
    assert snapshot.questions[0]["options"][0]["is_correct"] is True
    entry = OrgAuditEntry.objects.get(verb="publish", object_type="instructor.instructorlibrarylesson")
    assert (entry.actor_id, entry.object_id) == (maria["user"].pk, str(snapshot.pk))
    # publishing again with no change keeps the version
    snapshot, changed = _publish(maria, in_org, org_a)
    assert (changed, snapshot.version) == (False, 1)


def test_only_an_editor_of_the_lesson_may_publish_it(maria, in_org, org_a):
    in_org(org_a)
    stranger = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    InstructorProfileFactory(user=stranger.user)
    with pytest.raises(PermissionDenied):
        lesson_library_publish(actor=stranger.user, lesson=maria["lesson"])
    assert not InstructorLibraryLesson.objects.exists()


def test_publish_without_a_profile_or_of_a_file_lesson_is_refused(maria, in_org, org_a):
    in_org(org_a)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    with pytest.raises(ValidationError, match="instructor profile"):
        lesson_library_publish(actor=admin.user, lesson=maria["lesson"])
    file_lesson = LessonFactory(
        lesson_type=OrgLesson.LessonType.FILE, created_by=OrgMember.objects.get(user=maria["user"])
    )
    with pytest.raises(ValidationError, match="File lessons"):
        lesson_library_publish(actor=maria["user"], lesson=file_lesson)
    assert not InstructorLibraryLesson.objects.exists()


def _import(maria, in_org, org_b, snapshot, section=None):
    in_org(org_b)
    return lesson_library_import(actor=maria["user"], library_lesson=snapshot, section=section)


def test_import_makes_a_copy_with_provenance_in_the_other_org(maria, in_org, org_a, org_b):
    snapshot, _ = _publish(maria, in_org, org_a)
    copy = _import(maria, in_org, org_b, snapshot, section=maria["section_b"])
    assert connection.schema_name == org_b.schema_name
    provenance = OrgLessonLibraryCopy.objects.get(lesson=copy)
    assert (provenance.source_org_id, provenance.source_lesson_id, provenance.version) == (
        org_a.pk,
        maria["lesson"].pk,
        1,
    )
    assert provenance.imported_by == maria["member_b"]
    copy.set_current_language("es")
    assert copy.title == "Fracciones"
    assert [q.library_key for q in copy.questions.order_by("position")] == [
        q["key"] for q in snapshot.questions
    ]
    assert copy.questions.first().options.filter(is_correct=True).count() == 1
    assert maria["section_b"].placements.get().lesson == copy
    assert OrgAuditEntry.objects.filter(
        verb="create", object_type="course.orglesson", object_id=str(copy.pk)
    ).exists()
    record = InstructorLibraryLessonImport.objects.get()
    assert (record.org_id, record.lesson_id, record.version) == (org_b.pk, copy.pk, 1)


def test_importing_twice_into_the_same_org_is_refused(maria, in_org, org_a, org_b):
    snapshot, _ = _publish(maria, in_org, org_a)
    _import(maria, in_org, org_b, snapshot)
    with pytest.raises(ValidationError, match="already in this organization"):
        _import(maria, in_org, org_b, snapshot)
    assert OrgLesson.objects.count() == 1
    assert InstructorLibraryLessonImport.objects.count() == 1


def test_import_into_the_source_org_is_refused(maria, in_org, org_a):
    snapshot, _ = _publish(maria, in_org, org_a)
    count = OrgLesson.objects.count()
    with pytest.raises(ValidationError, match="comes from this organization"):
        lesson_library_import(actor=maria["user"], library_lesson=snapshot)
    assert OrgLesson.objects.count() == count


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (InstructorOrgAffiliation.Status.SUSPENDED, "suspended or has ended"),
        (InstructorOrgAffiliation.Status.ENDED, "suspended or has ended"),
        (InstructorOrgAffiliation.Status.INVITED, "active instructor"),
    ],
)
def test_import_needs_an_active_affiliation(maria, in_org, org_a, org_b, status, message):
    snapshot, _ = _publish(maria, in_org, org_a)
    InstructorOrgAffiliation.objects.filter(org=org_b).update(status=status)
    in_org(org_b)
    with pytest.raises(ValidationError, match=message):
        lesson_library_import(actor=maria["user"], library_lesson=snapshot)
    assert not OrgLesson.objects.exists()
    assert not OrgLessonLibraryCopy.objects.exists()
    assert not InstructorLibraryLessonImport.objects.exists()


def test_only_the_owner_may_import(maria, in_org, org_a, org_b):
    snapshot, _ = _publish(maria, in_org, org_a)
    in_org(org_b)
    other = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    AffiliationFactory(profile=InstructorProfileFactory(user=other.user), org=org_b)
    with pytest.raises(PermissionDenied):
        lesson_library_import(actor=other.user, library_lesson=snapshot)
    assert not OrgLesson.objects.exists()


def test_republish_tells_the_copy_owner_once_and_pull_keeps_question_ids(
    maria, in_org, org_a, org_b, django_capture_on_commit_callbacks
):
    snapshot, _ = _publish(maria, in_org, org_a)
    copy = _import(maria, in_org, org_b, snapshot)
    kept = copy.questions.order_by("position").first()
    kept_option_ids = set(kept.options.values_list("pk", flat=True))
    learner = OrgMemberFactory()
    attempt = QuizAttemptFactory(member=learner, lesson=copy, answers={str(kept.pk): {"is_correct": True}})
    # the source changes: one question removed, one added, the title edited
    in_org(org_a)
    source = OrgLesson.objects.get(pk=maria["lesson"].pk)
    quiz_question_delete(actor=maria["user"], question=source.questions.order_by("position").last())
    quiz_question_create(
        actor=maria["user"], lesson=source, kind="single", prompt="3+3?", options=[("6", True), ("7", False)]
    )
    source.set_current_language("en")
    source.title = "Fractions, revised"
    source.save()
    UserProfile(user=maria["user"], preferred_locale=Locale.objects.get(locale_key="es-ES")).save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot, changed = lesson_library_publish(actor=maria["user"], lesson=source)
    assert (changed, snapshot.version) == (True, 2)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria@example.com"]
    assert mail.outbox[0].subject == "Hay una nueva versión de «Fractions, revised» en tu biblioteca (v2)"
    assert org_b.name in mail.outbox[0].body
    # a re-run of the task sends nothing more
    from apps.instructor.tasks import library_lesson_updated_notify

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert library_lesson_updated_notify(library_lesson_id=snapshot.pk) == 0
    assert mail.outbox == []
    # the copy's owner sees the badge and pulls
    in_org(org_b)
    client_page = _studio_client(maria, org_b).get(reverse("studio_library")).content.decode()
    assert "Update available (v2)" in client_page
    edit_page = _studio_client(maria, org_b).get(reverse("studio_lesson_edit", args=[copy.pk]))
    assert "Update available (v2)" in edit_page.content.decode()
    lesson_library_pull(actor=maria["user"], lesson=OrgLesson.objects.get(pk=copy.pk))
    copy = OrgLesson.objects.get(pk=copy.pk)
    assert copy.safe_translation_getter("title", language_code="en") == "Fractions, revised"
    prompts = list(copy.questions.order_by("position").values_list("translations__prompt", flat=True))
    assert prompts == ["2+2?", "3+3?"]
    kept.refresh_from_db()  # the same row: the learner's attempt still points at its question
    assert set(kept.options.values_list("pk", flat=True)) == kept_option_ids
    attempt.refresh_from_db()
    assert OrgLessonQuizQuestion.objects.filter(pk=int(next(iter(attempt.answers)))).exists()
    assert OrgLessonLibraryCopy.objects.get(lesson=copy).version == 2
    assert InstructorLibraryLessonImport.objects.get().version == 2
    entry = OrgAuditEntry.objects.filter(
        object_type="course.orglesson", object_id=str(copy.pk), verb="update"
    ).get()
    assert entry.changes == {"library_version": [1, 2]}
    with pytest.raises(ValidationError, match="latest version"):
        lesson_library_pull(actor=maria["user"], lesson=copy)


def _studio_client(maria, org):
    client = Client(HTTP_HOST=domain_of(org))
    client.force_login(maria["user"])
    return client


def test_library_page_publish_import_and_pull_over_http(maria, in_org, org_a, org_b):
    in_org(org_a)
    client_a = _studio_client(maria, org_a)
    response = client_a.post(
        reverse("studio_lesson_publish", args=[maria["lesson"].pk]), {"profile": maria["profile"].pk}
    )
    assert response.status_code == 302
    snapshot = InstructorLibraryLesson.objects.get()
    page = client_a.get(reverse("studio_library")).content.decode()
    assert "Fractions" in page and "From this organization" in page
    in_org(org_b)
    client_b = _studio_client(maria, org_b)
    page = client_b.get(reverse("studio_library")).content.decode()
    assert "Import into this org" in page
    response = client_b.post(
        reverse("studio_library_import", args=[snapshot.pk]), {"section": maria["section_b"].pk}
    )
    assert response.status_code == 302
    copy = OrgLessonLibraryCopy.objects.get()
    assert maria["section_b"].placements.get().lesson_id == copy.lesson_id
    in_org(org_a)
    page = client_a.get(reverse("studio_library")).content.decode()
    assert org_b.name in page  # the owner sees where it was imported
    in_org(org_b)
    edit = client_b.get(reverse("studio_lesson_edit", args=[copy.lesson_id])).content.decode()
    assert org_a.name in edit and "version 1" in edit
    confirm = client_b.get(reverse("studio_lesson_pull", args=[copy.lesson_id]))
    assert confirm.status_code == 200 and "Pull update" in confirm.content.decode()
    response = client_b.post(reverse("studio_lesson_pull", args=[copy.lesson_id]))
    assert response.status_code == 302  # refused (already latest) with a message, nothing changed
    assert OrgLessonLibraryCopy.objects.get().version == 1


def test_another_users_library_lesson_is_404_and_nothing_is_created(maria, in_org, org_a, org_b):
    snapshot, _ = _publish(maria, in_org, org_a)
    in_org(org_b)
    other = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    AffiliationFactory(profile=InstructorProfileFactory(user=other.user), org=org_b)
    client = Client(HTTP_HOST=domain_of(org_b))
    client.force_login(other.user)
    response = client.post(reverse("studio_library_import", args=[snapshot.pk]))
    assert response.status_code == 404
    assert "Fractions" not in client.get(reverse("studio_library")).content.decode()
    assert not OrgLesson.objects.exists()


def test_org_b_never_sees_org_a_lessons_except_through_the_published_snapshot(maria, in_org, org_a, org_b):
    in_org(org_a)
    unpublished = LessonFactory(title="Org A only", created_by=OrgMember.objects.get(user=maria["user"]))
    in_org(org_b)
    client_b = _studio_client(maria, org_b)
    assert client_b.post(reverse("studio_lesson_publish", args=[unpublished.pk])).status_code == 404
    assert client_b.get(reverse("studio_lesson_pull", args=[maria["lesson"].pk])).status_code == 404
    page = client_b.get(reverse("studio_library")).content.decode()
    assert "Org A only" not in page and "Fractions" not in page
    assert not InstructorLibraryLesson.objects.exists()
    _publish(maria, in_org, org_a)
    in_org(org_b)
    page = client_b.get(reverse("studio_library")).content.decode()
    assert "Fractions" in page and "Org A only" not in page


def test_import_into_a_section_the_instructor_cannot_edit_is_404(maria, in_org, org_a, org_b):
    snapshot, _ = _publish(maria, in_org, org_a)
    in_org(org_b)
    foreign_section = SectionFactory()
    response = _studio_client(maria, org_b).post(
        reverse("studio_library_import", args=[snapshot.pk]), {"section": foreign_section.pk}
    )
    assert response.status_code == 302
    assert not OrgLesson.objects.exists()
    assert not foreign_section.placements.exists()


def test_library_page_query_count_does_not_grow_with_lessons(maria, in_org, org_a, org_b):
    from django.db import connection as db_connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        in_org(org_b)
        client = _studio_client(maria, org_b)
        client.get(reverse("studio_library"))  # warm the session and caches
        with CaptureQueriesContext(db_connection) as captured:
            assert client.get(reverse("studio_library")).status_code == 200
        return len(captured)

    snapshot, _ = _publish(maria, in_org, org_a)
    _import(maria, in_org, org_b, snapshot)
    one = page_queries()
    in_org(org_a)
    member = OrgMember.objects.get(user=maria["user"])
    for number in range(3):
        lesson = LessonFactory(title=f"Extra {number}", created_by=member)
        extra, _ = lesson_library_publish(actor=maria["user"], lesson=lesson)
        _import(maria, in_org, org_b, extra)
        in_org(org_a)
    assert page_queries() == one


def test_publishing_to_another_users_profile_is_refused_and_creates_nothing(maria, in_org, org_a):
    in_org(org_a)
    someone_else = InstructorProfileFactory()
    client = _studio_client(maria, org_a)
    response = client.post(
        reverse("studio_lesson_publish", args=[maria["lesson"].pk]), {"profile": someone_else.pk}, follow=True
    )
    assert "Choose one of your profiles." in response.content.decode()
    assert not InstructorLibraryLesson.objects.exists()
    with pytest.raises(ValidationError):
        lesson_library_publish(actor=maria["user"], lesson=maria["lesson"], profile_id=someone_else.pk)
    assert not InstructorLibraryLesson.objects.exists()
