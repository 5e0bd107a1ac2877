"""Demo courses from ``demo/courses.json``: complete courses at tiers 1-3 that share some lessons, and
learners enrolled in them with some progress.

Runs after the catalog demo, which makes the course products; a course whose product is missing is
made with it, unless the file says ``only_if_product_exists`` (globex's Business English). A
placement is a shared lesson (``{"lesson": key}``) or a lesson written in place; a lesson's
``translations`` give its title and body in other languages (``es``, ``ar``), and a quiz question's
``explanation`` is shown to the learner after an attempt; a question's own ``translations`` give its
prompt, explanation and (unless they stay in the language being taught) its options. Each enrollment's
``completed`` says which lessons (quizzes aside) the member has finished: the untiered ones of the
first ``first_modules`` modules, or the first ``percent`` of the course. Idempotent: a course that
already has modules is left as it is.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.course.creator_rollup import creator_rollup_run
from apps.course.models import (
    OrgLesson,
    OrgLessonLibraryCopy,
    OrgMemberProductCourseEnrollment,
    OrgProductCourse,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.rollup import progress_rollup_run
from apps.course.selectors.editor import course_instructor_ids
from apps.course.services.courses import (
    course_create_for_product,
    course_instructors_set,
    course_skill_set,
    course_update,
)
from apps.course.services.enrollments import enrollment_grant
from apps.course.services.learning import _progress_complete
from apps.course.services.lessons import (
    lesson_create,
    lesson_update,
    quiz_question_create,
    quiz_question_translate,
)
from apps.course.services.library import lesson_library_import, lesson_library_publish
from apps.course.services.outline import module_create, placement_create, section_create
from apps.instructor.models import (
    InstructorLibraryLesson,
    InstructorOrgAffiliation,
    InstructorOrgAffiliationCompensation,
    InstructorOrgAffiliationStatusChange,
    UserInstructorProfile,
)
from apps.instructor.selectors import affiliation_live_for, invitation_exists, profile_by_slug
from apps.instructor.services.affiliations import affiliation_create, compensation_set
from apps.instructor.services.invitations import invitation_create
from apps.instructor.services.profiles import instructor_profile_create, instructor_profile_update
from apps.locale_region.selectors import org_selling_currencies
from apps.member.demo import demo_member_names, demo_password, member_ensure, member_find
from apps.member.models import OrgMember
from apps.member.services import member_add
from apps.product.attribution import Credit, attribution_set, attributions_for_product
from apps.product.models import OrgProduct, OrgProductReview
from apps.product.reviews import member_review_of, product_review_moderate, product_review_submit
from apps.product.services import product_create, product_publish
from apps.skill.models import Skill
from apps.user.services import user_create_verified
from volmify.actors import DEMO_SEED
from volmify.demo import DemoFile, demo_load

DATA = Path(__file__).parent / "demo"
NOT_LESSON_FIELDS = {
    "type",
    "title",
    "body",
    "file",
    "questions",
    "lesson",
    "is_preview",
    "tier",
    "translations",
}


@transaction.atomic
def seed(org: Any) -> None:
    data = demo_load(DATA, "courses")
    author = member_find(org, data["author"])
    shared = {
        key: OrgLesson.objects.filter(translations__title=spec["title"]).first() or _lesson(spec)
        for key, spec in data["lessons"].items()
    }
    courses = []
    for spec in data["courses"]:
        products = OrgProduct.objects.filter(translations__slug=spec["product"])
        if spec.get("only_if_product_exists") and not products.exists():
            continue
        course = _course(spec, products.first())
        instructor_ids = course_instructor_ids(course=course)
        if author is not None and author.pk not in instructor_ids:
            course_instructors_set(
                actor=DEMO_SEED, course=course, member_ids=sorted({*instructor_ids, author.pk})
            )
        if not course.modules.exists():
            _build(data, course, spec, shared)
        courses.append(course)
    names = demo_member_names()
    for spec in data["enrollments"]:
        data.ref(names, spec["member"], key="enrollments", kind="member")
    enrollments = [(member_ensure(org, spec["member"]), spec) for spec in data["enrollments"]]
    for member, spec in enrollments:
        for course in courses:
            if not OrgMemberProductCourseEnrollment.objects.filter(member=member, course=course).exists():
                enrollment_grant(actor=DEMO_SEED, member=member, course=course, access_tier=spec["tier"])
    for course in courses:
        placements = list(
            OrgProductCourseModuleSectionLesson.objects.filter(section__module__course=course)
            .exclude(lesson__lesson_type=OrgLesson.LessonType.QUIZ)
            .order_by("section__module__position", "section__position", "position")
            .select_related("section__module")
        )
        for member, spec in enrollments:
            for placement in _completed(placements, spec["completed"]):
                _progress_complete(member=member, lesson_id=placement.lesson_id)
    progress_rollup_run(actor=DEMO_SEED, member_ids=[member.pk for member, _spec in enrollments])
    _reviews(org)
    creators_seed(org)
    library_seed(org)
    creator_rollup_run()


def _completed(placements: list[OrgProductCourseModuleSectionLesson], rule: dict[str, int]) -> list:
    if "first_modules" in rule:
        return [
            placement
            for placement in placements
            if placement.section.module.position < rule["first_modules"]
            and placement.required_access_tier is None
        ]
    return placements[: len(placements) * rule["percent"] // 100]


def _course(spec: dict, product: OrgProduct | None) -> OrgProductCourse:
    if product is None:
        product = product_create(
            actor=DEMO_SEED,
            product_type="course",
            language_code="en-US",
            title=spec["title"],
            slug=spec["product"],
        )
    if product.status != OrgProduct.Status.PUBLISHED:
        try:
            product = product_publish(actor=DEMO_SEED, product=product)
        except ValidationError:
            # No priced plan yet (the payments demo makes them); the demo course is still shown.
            OrgProduct.objects.filter(pk=product.pk).update(status=OrgProduct.Status.PUBLISHED)
            product.refresh_from_db()
    return course_create_for_product(actor=DEMO_SEED, product=product)


def _build(
    data: DemoFile,
    course: OrgProductCourse,
    spec: dict,
    shared: dict[str, OrgLesson],
) -> None:
    key = f"courses[{spec['product']}]"
    course_update(
        actor=DEMO_SEED,
        course=course,
        level=spec["level"],
        difficulty=spec["difficulty"],
        learning_outcomes="\n".join(spec["outcomes"]),
    )
    skills = data.rows(Skill.objects, "slug", spec["skills"], key=f"{key}.skills", kind="skill")
    course_skill_set(
        actor=DEMO_SEED,
        course=course,
        weights={skill.pk: spec["skills"][slug] for slug, skill in skills.items()},
    )
    for module_spec in spec["modules"]:
        module = module_create(
            actor=DEMO_SEED,
            course=course,
            title=module_spec["title"],
            required_access_tier=module_spec.get("tier"),
        )
        for section_spec in module_spec["sections"]:
            section = section_create(
                actor=DEMO_SEED,
                module=module,
                title=section_spec["title"],
                required_access_tier=section_spec.get("tier"),
            )
            where = f"{key}.modules[{module_spec['title']}].sections[{section_spec['title']}].lessons"
            for placement in section_spec["lessons"]:
                if "lesson" in placement:
                    lesson = data.ref(shared, placement["lesson"], key=where, kind="lesson")
                else:
                    lesson = _lesson(placement)
                placement_create(
                    actor=DEMO_SEED,
                    section=section,
                    lesson=lesson,
                    is_preview=placement.get("is_preview", False),
                    required_access_tier=placement.get("tier"),
                )


def _lesson(spec: dict) -> OrgLesson:
    upload = spec.get("file")
    lesson = lesson_create(
        actor=DEMO_SEED,
        lesson_type=spec["type"],
        title=spec["title"],
        body_markdown=spec["body"],
        file=SimpleUploadedFile(upload["name"], upload["content"].encode()) if upload else None,
        **{name: value for name, value in spec.items() if name not in NOT_LESSON_FIELDS},
    )
    for question in spec.get("questions", []):
        created = quiz_question_create(
            actor=DEMO_SEED,
            lesson=lesson,
            kind=question["kind"],
            prompt=question["prompt"],
            options=[(text, is_correct) for text, is_correct in question.get("options", [])] or None,
            accepted_answers=question.get("accepted_answers"),
            explanation=question.get("explanation", ""),
        )
        for language, text in question.get("translations", {}).items():
            quiz_question_translate(
                actor=DEMO_SEED,
                question=created,
                language=language,
                prompt=text["prompt"],
                options=text.get("options"),
                accepted_answers=text.get("accepted_answers"),
                explanation=text["explanation"],
            )
    for language, text in spec.get("translations", {}).items():
        # The lesson's title and body in another interface language (a quiz's questions are above).
        lesson.set_current_language(language)
        lesson_update(actor=DEMO_SEED, lesson=lesson, title=text["title"], body_markdown=text["body"])
    return lesson


def creators_seed(org: Any) -> None:
    """Instructors with profiles (``demo/creators.json``), their affiliations and terms with this
    org, credits on its products and a pending invitation; idempotent (found by slug and email)."""
    data = demo_load(DATA, "creators")
    profiles = {}
    for person in data["instructors"]:
        user = user_create_verified(actor=DEMO_SEED, email=person["email"], password=demo_password())
        for spec in person["profiles"]:
            profiles[spec["slug"]] = _creator_profile(data, user, spec)
    plan = data["orgs"].get(org.slug)
    if plan is None:
        return
    currencies = org_selling_currencies()
    for spec in plan["affiliations"]:
        profile = data.ref(profiles, spec["profile"], key="affiliations", kind="profile")
        if affiliation_live_for(profile=profile, org=org) is None:
            affiliation = affiliation_create(actor=DEMO_SEED, profile=profile, org=org, role=spec["role"])
            compensation = compensation_set(
                actor=DEMO_SEED, affiliation=affiliation, selling_currencies=currencies, **spec["terms"]
            )
            if spec.get("since_days_ago"):
                _backdate(affiliation, compensation, days=spec["since_days_ago"])
    for spec in plan["credits"]:
        product = OrgProduct.objects.filter(translations__slug=spec["product"]).first()
        if product is None:
            raise data.error("credits", f"unknown product {spec['product']!r}")
        credits = [
            Credit(data.ref(profiles, slug, key="credits", kind="profile").pk, role, share)
            for slug, role, share in spec["creators"]
        ]
        if not attributions_for_product(product=product):
            attribution_set(actor=DEMO_SEED, product=product, credits=credits)
    for spec in plan["invitations"]:
        if not invitation_exists(org=org, email=spec["email"]):
            invitation_create(
                actor=DEMO_SEED,
                org=org,
                email=spec["email"],
                by_admin=True,
                selling_currencies=currencies,
                **spec["terms"],
            )


def library_seed(org: Any) -> None:
    """A lesson of one org in a creator's library (``demo/creators.json`` "library") and its copy
    in another org she works with; the importing org is seeded after the source one. Idempotent."""
    spec = demo_load(DATA, "creators")["library"]
    profile = profile_by_slug(slug=spec["profile"])
    if profile is None:
        return
    if org.slug in (spec["from"], *spec["into"]):
        member = OrgMember.objects.filter(user=profile.user).first()
        if member is None:
            member_add(actor=DEMO_SEED, user=profile.user, role=OrgMember.Role.INSTRUCTOR)
    if org.slug == spec["from"]:
        lesson = OrgLesson.objects.filter(translations__title=spec["lesson"]).first()
        if lesson is not None:
            lesson_library_publish(actor=DEMO_SEED, lesson=lesson, profile_id=profile.pk)
    elif org.slug in spec["into"]:
        snapshot = InstructorLibraryLesson.objects.filter(
            profile=profile, source_org__slug=spec["from"]
        ).first()
        if (
            snapshot is not None
            and not OrgLessonLibraryCopy.objects.filter(library_lesson_id=snapshot.pk).exists()
        ):
            lesson_library_import(actor=DEMO_SEED, library_lesson=snapshot)


def _backdate(
    affiliation: InstructorOrgAffiliation, compensation: InstructorOrgAffiliationCompensation, *, days: int
) -> None:
    """Move a new demo affiliation and its first terms ``days`` back: the demo orders were placed
    moments earlier (the payment demo runs first), and terms apply only to sales from their date.
    Only the demo does this: the services refuse a date in the past, which would change past sales."""
    since = timezone.now() - timedelta(days=days)
    InstructorOrgAffiliation.objects.filter(pk=affiliation.pk).update(started_at=since)
    InstructorOrgAffiliationStatusChange.objects.filter(affiliation=affiliation).update(changed_at=since)
    InstructorOrgAffiliationCompensation.objects.filter(pk=compensation.pk).update(effective_from=since)


def _creator_profile(data: DemoFile, user: Any, spec: dict[str, Any]) -> UserInstructorProfile:
    profile = profile_by_slug(slug=spec["slug"])
    if profile is not None:
        return profile
    skills = data.rows(Skill.objects.all(), "slug", spec["skills"], key="skills", kind="skill")
    profile = instructor_profile_create(
        actor=DEMO_SEED,
        user=user,
        slug=spec["slug"],
        display_name=spec["display_name"],
        headline=spec["headline"],
        bio=data.text(spec["bio"], "en", key="bio"),
        skill_ids=[skill.pk for skill in skills.values()],
    )
    for language, bio in spec["bio"].items():
        if language != "en":
            instructor_profile_update(actor=DEMO_SEED, profile=profile, language=language, bio=bio)
    return profile


def _reviews(org: Any) -> None:
    """Approved reviews from the enrolled demo learners (``demo/reviews.json``); a learner who has
    reviewed a product keeps their review."""
    data = demo_load(DATA, "reviews")
    for position, spec in enumerate(data["reviews"]):
        key = f"reviews[{position}]"
        data.ref(demo_member_names(), spec["member"], key=key, kind="member")
        product = OrgProduct.objects.filter(translations__slug=spec["product"]).first()
        if product is None:
            continue
        member = member_ensure(org, spec["member"])
        if member_review_of(product=product, member=member) is not None:
            continue
        review = product_review_submit(
            actor=DEMO_SEED, product=product, member=member, rating=spec["rating"], text=spec["text"]
        )
        product_review_moderate(actor=DEMO_SEED, review=review, status=OrgProductReview.Status.APPROVED)
