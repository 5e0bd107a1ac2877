"""What the studio reads of instructors' lesson libraries: the user's snapshots (public schema) and
this org's copies of them. Each read touches this org's schema and the public one, never another
org's: where a lesson was imported is read from the public import records."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from apps.course.models import OrgLesson, OrgLessonLibraryCopy, OrgProductCourseModuleSection
from apps.instructor.models import (
    InstructorLibraryLesson,
    InstructorLibraryLessonImport,
    InstructorOrgAffiliation,
    UserInstructorProfile,
)
from apps.member.models import OrgMember
from apps.org.models import Org


@dataclass
class LibraryRow:
    snapshot: InstructorLibraryLesson
    imported_into: list[InstructorLibraryLessonImport]
    is_from_here: bool
    copy_here: OrgLessonLibraryCopy | None

    @property
    def type_label(self) -> str:
        try:
            return str(OrgLesson.LessonType(self.snapshot.lesson_type).label)
        except ValueError:
            return self.snapshot.lesson_type

    @property
    def is_copy_behind(self) -> bool:
        return self.copy_here is not None and self.copy_here.version < self.snapshot.version


@dataclass
class CopyRow:
    copy: OrgLessonLibraryCopy
    snapshot: InstructorLibraryLesson | None

    @property
    def latest_version(self) -> int | None:
        return self.snapshot.version if self.snapshot is not None else None

    @property
    def is_behind(self) -> bool:
        return self.snapshot is not None and self.snapshot.version > self.copy.version


@dataclass
class LessonLibraryStatus:
    """A studio lesson's place in libraries: its copy's provenance and the user's snapshots of it."""

    copy: CopyRow | None
    published: list[InstructorLibraryLesson] = field(default_factory=list)
    profiles: list[UserInstructorProfile] = field(default_factory=list)


def _imports() -> Prefetch:
    return Prefetch(
        "imports", queryset=InstructorLibraryLessonImport.objects.select_related("org").order_by("org__name")
    )


def library_lessons_of_user(*, user, org: Org) -> list[LibraryRow]:
    """The library lessons of ``user``'s profiles, each with where it was imported and its copy in
    ``org`` (3 queries whatever the number)."""
    snapshots = list(
        InstructorLibraryLesson.objects.filter(profile__user=user)
        .select_related("source_org", "profile")
        .prefetch_related(_imports())
        .order_by("title", "pk")
    )
    copies = {
        copy.library_lesson_id: copy
        for copy in OrgLessonLibraryCopy.objects.filter(library_lesson_id__in=[s.pk for s in snapshots])
    }
    return [
        LibraryRow(
            snapshot=snapshot,
            imported_into=list(snapshot.imports.all()),
            is_from_here=snapshot.source_org_id == org.pk,
            copy_here=copies.get(snapshot.pk),
        )
        for snapshot in snapshots
    ]


def library_lesson_get_own(*, user, library_lesson_id: int) -> InstructorLibraryLesson:
    """One of ``user``'s library lessons: the same 404 for missing and another user's."""
    snapshot = (
        InstructorLibraryLesson.objects.filter(pk=library_lesson_id, profile__user=user)
        .select_related("profile", "source_org")
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


def _copy_rows(copies: list[OrgLessonLibraryCopy]) -> list[CopyRow]:
    snapshots = InstructorLibraryLesson.objects.select_related("source_org", "profile").in_bulk(
        [copy.library_lesson_id for copy in copies]
    )
    return [CopyRow(copy=copy, snapshot=snapshots.get(copy.library_lesson_id)) for copy in copies]


def library_copies_here(*, lesson_ids: list[int] | None = None) -> list[CopyRow]:
    """This org's lessons imported from libraries, each with its snapshot's latest version
    (2 queries: this org's copies, then their public snapshots)."""
    copies = OrgLessonLibraryCopy.objects.select_related("lesson").prefetch_related("lesson__translations")
    if lesson_ids is not None:
        copies = copies.filter(lesson_id__in=lesson_ids)
    return _copy_rows(list(copies.order_by("-imported_at", "-pk")))


def lesson_library_status(*, lesson: OrgLesson, user, org: Org) -> LessonLibraryStatus:
    """For the lesson's studio page: whether it is a copy (and behind), the user's snapshots of it
    from this org, and the profiles the user may publish it to."""
    rows = library_copies_here(lesson_ids=[lesson.pk])
    profiles = list(UserInstructorProfile.objects.filter(user=user).order_by("pk"))
    published = list(
        InstructorLibraryLesson.objects.filter(
            profile__user=user, source_lesson_id=lesson.pk, source_org=org
        ).select_related("profile")
    )
    return LessonLibraryStatus(copy=rows[0] if rows else None, published=published, profiles=profiles)


def sections_for_import(*, member: OrgMember) -> list[tuple[int, str]]:
    """The sections of the courses ``member`` may edit, as (id, "Course / Module / Section")."""
    from apps.course.selectors.editor import course_list_for_editor

    sections = (
        OrgProductCourseModuleSection.objects.filter(
            module__course__in=course_list_for_editor(member=member).values("pk")
        )
        .select_related("module__course__product")
        .prefetch_related("translations", "module__translations", "module__course__product__translations")
        .order_by("module__course_id", "module__position", "position", "pk")
    )
    return [(s.pk, f"{s.module.course.product} / {s.module} / {s}") for s in sections]


def section_get_for_import(*, member: OrgMember, section_id: int) -> OrgProductCourseModuleSection:
    """A section of a course ``member`` may edit, or 404 (missing and not theirs look the same)."""
    from apps.course.selectors.editor import course_list_for_editor

    section = (
        OrgProductCourseModuleSection.objects.filter(
            pk=section_id, module__course__in=course_list_for_editor(member=member).values("pk")
        )
        .select_related("module")
        .first()
    )
    if section is None:
        raise Http404
    return section


def user_is_affiliated(*, user, org: Org) -> bool:
    """Whether one of ``user``'s profiles has an active affiliation with ``org``."""
    return InstructorOrgAffiliation.objects.filter(
        profile__user=user, org=org, status=InstructorOrgAffiliation.Status.ACTIVE
    ).exists()
