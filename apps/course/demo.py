"""Demo courses: two complete courses sharing lessons, at tiers 1-3, with a tier-1 and a tier-3 learner.

Runs after the catalog demo (which creates the course products "django-for-teams"
and "practical-sql"); creates them itself when they are missing. Idempotent: a
course that already has modules is left as it is.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.course import services
from apps.course.learning import _progress_complete
from apps.course.models import (
    OrgLesson,
    OrgMemberProductCourseEnrollment,
    OrgProductCourse,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.rollup import progress_rollup_run
from apps.course.services import enrollment_grant
from apps.member.models import OrgMember
from apps.member.services import member_add
from apps.product.models import OrgProduct
from apps.skill.models import Skill
from apps.user.services import user_create_verified

DEMO_PASSWORD = "volmify-demo"

Spec = dict[str, Any]

SHARED_LESSONS: list[Spec] = [
    {
        "key": "welcome",
        "type": "video",
        "title": "Welcome and how this course works",
        "video_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "duration_seconds": 180,
        "body": "Watch this first. **Complete** every required lesson in your tier to finish the course.",
    },
    {
        "key": "sql-basics",
        "type": "text",
        "title": "Relational databases in ten minutes",
        "body": (
            "## Tables, rows, keys\n\nA *table* holds rows; a **primary key** names one row.\n\n"
            "```sql\nSELECT id, title FROM course;\n```"
        ),
    },
    {"key": "cheatsheet", "type": "file", "title": "Cheat sheet (PDF)", "body": "Print it, keep it near."},
]

COURSES: dict[str, Spec] = {
    "django-for-teams": {
        "title": "Django for Teams",
        "level": "intermediate",
        "difficulty": 6,
        "outcomes": "Structure a Django project for a team\nWrite services and selectors\nTest with pytest",
        "skills": {"django": 80, "python": 60, "postgresql": 30},
        "modules": [
            (
                "Foundations",
                None,
                [
                    (
                        "Getting started",
                        None,
                        ["welcome", "t:Project layout", "q:Foundations check", "t:Team conventions"],
                    ),
                    ("Models", None, ["t:Models and constraints", "sql-basics", "v:Migrations in practice"]),
                ],
            ),
            (
                "Services and selectors",
                None,
                [
                    ("Writes", None, ["t:Services", "a:Write a service", "cheatsheet"]),
                    ("Reads", None, ["t:Selectors and N+1", "q:Query count quiz"]),
                ],
            ),
            (
                "Testing",
                2,
                [
                    ("pytest", None, ["v:pytest for Django", "t:Factories", "a:Test a selector"]),
                    ("Speed", None, ["t:Fast test suites", "v:Parallel test runs", "q:Testing quiz"]),
                ],
            ),
            (
                "Scaling the team",
                3,
                [
                    ("Reviews", None, ["v:Code review that works", "t:Ownership"]),
                    ("Capstone", None, ["a:Capstone project", "q:Final exam"]),
                ],
            ),
        ],
    },
    "practical-sql": {
        "title": "Practical SQL",
        "level": "beginner",
        "difficulty": 4,
        "outcomes": "Query any table\nJoin with confidence\nRead a query plan",
        "skills": {"sql": 90, "postgresql": 50, "data-engineering": 20},
        "modules": [
            (
                "First queries",
                None,
                [
                    ("Orientation", None, ["welcome", "sql-basics", "q:SELECT basics"]),
                    (
                        "Filtering",
                        None,
                        ["t:WHERE and ORDER BY", "v:NULL is not a value", "a:Filter the orders table"],
                    ),
                ],
            ),
            (
                "Joins",
                None,
                [
                    ("Inner and outer", None, ["t:JOIN explained", "a:Join three tables"]),
                    ("Aggregates", None, ["t:GROUP BY", "q:Aggregates quiz", "cheatsheet"]),
                ],
            ),
            (
                "Performance",
                2,
                [
                    ("Indexes", None, ["v:How indexes work", "t:EXPLAIN ANALYZE", "q:Index quiz"]),
                    ("Practice", None, ["a:Speed up a slow query"]),
                ],
            ),
            (
                "Advanced",
                3,
                [
                    (
                        "Window functions",
                        None,
                        ["t:Window functions", "v:Ranking and running totals", "a:Rank the sales"],
                    ),
                    ("Recursive queries", None, ["t:WITH RECURSIVE", "q:Advanced quiz"]),
                ],
            ),
        ],
    },
}

# Filled in only where the catalog demo made the product (globex).
OPTIONAL_COURSES: dict[str, Spec] = {
    "business-english": {
        "title": "Business English for Professionals",
        "level": "intermediate",
        "difficulty": 5,
        "outcomes": "Run a meeting in English\nWrite clear emails\nNegotiate with confidence",
        "skills": {"english": 90, "public-speaking": 40, "leadership": 20},
        "modules": [
            ("Everyday business", None, [
                ("Introductions", None, ["welcome", "v:Introductions", "q:Greetings quiz", "t:Small talk"]),
                ("Email", None, ["t:Email structure", "a:Write a follow-up email", "cheatsheet"]),
            ]),
            ("Meetings", None, [
                ("Leading", None, ["v:Opening a meeting", "t:Agreeing and disagreeing"]),
                ("Minutes", None, ["a:Summarise a meeting", "q:Meeting vocabulary quiz"]),
            ]),
            ("Presentations", 2, [
                ("Structure", None, ["t:Signposting language", "v:Handling questions"]),
                ("Practice", None, ["a:Record a two-minute pitch", "t:Slides that support you"]),
            ]),
            ("Negotiation", 3, [
                ("Tactics", None, ["t:Polite firmness", "v:Role play: price talks", "q:Negotiation quiz"]),
                ("Capstone", None, ["a:Negotiate a contract", "t:Cultural differences"]),
            ]),
        ],
    },
}  # fmt: skip

TYPE_BY_PREFIX = {"t": "text", "v": "video", "q": "quiz", "a": "assignment"}


def _lesson(spec_key: str, shared: dict[str, OrgLesson], author: OrgMember | None) -> OrgLesson:
    if spec_key in shared:
        return shared[spec_key]
    prefix, title = spec_key.split(":", 1)
    lesson_type = TYPE_BY_PREFIX[prefix]
    fields: dict[str, Any] = {}
    body = f"This lesson covers **{title.lower()}** with worked examples."
    if lesson_type == "video":
        fields = {"video_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ", "duration_seconds": 420}
    if lesson_type == "quiz":
        fields = {"pass_mark_percent": 60, "attempts_limit": 3}
        body = "Answer the questions; you need 60% to pass."
    if lesson_type == "assignment":
        body = f"## {title}\n\nSubmit your work as text or a file (PDF, ZIP, Markdown).\n\n"
        body += "Your instructor reviews it."
    lesson = services.lesson_create(
        lesson_type=lesson_type, title=title, actor=author, body_markdown=body, **fields
    )
    if lesson_type == "quiz":
        services.quiz_question_create(
            lesson=lesson,
            actor=author,
            kind="single",
            prompt=f"Which statement about {title.lower()} is right?",
            options=[("It is covered in this module", True), ("It is never used", False)],
        )
        services.quiz_question_create(
            lesson=lesson,
            actor=author,
            kind="multiple",
            prompt="Pick every true statement.",
            options=[
                ("Tests catch regressions", True),
                ("Indexes can speed up reads", True),
                ("SQL is a GUI", False),
            ],
        )
        services.quiz_question_create(
            lesson=lesson,
            actor=author,
            kind="short",
            prompt="Which database does this course use?",
            accepted_answers=["PostgreSQL", "Postgres"],
        )
    return lesson


def _shared_lessons(author: OrgMember | None) -> dict[str, OrgLesson]:
    shared = {}
    for spec in SHARED_LESSONS:
        existing = OrgLesson.objects.filter(translations__title=spec["title"]).first()
        if existing:
            shared[spec["key"]] = existing
            continue
        fields = {k: spec[k] for k in ("video_url", "duration_seconds") if k in spec}
        upload = (
            SimpleUploadedFile("cheatsheet.pdf", b"%PDF-1.4\n% Volmify demo cheat sheet\n")
            if spec["type"] == "file"
            else None
        )
        shared[spec["key"]] = services.lesson_create(
            lesson_type=spec["type"],
            title=spec["title"],
            actor=author,
            body_markdown=spec["body"],
            file=upload,
            **fields,
        )
    return shared


def _course(org: Any, slug: str, spec: Spec) -> OrgProductCourse:
    product = OrgProduct.objects.filter(translations__slug=slug).first()
    if product is None:
        from apps.product.services import product_create

        product = product_create(product_type="course", language_code="en-US", title=spec["title"], slug=slug)
    if product.status != OrgProduct.Status.PUBLISHED:
        from apps.product.services import product_publish

        try:
            product = product_publish(product=product)
        except ValidationError:
            # No priced plan yet (the payments demo makes them); the demo course is still shown.
            OrgProduct.objects.filter(pk=product.pk).update(status=OrgProduct.Status.PUBLISHED)
            product.refresh_from_db()
    return services.course_create_for_product(product=product)


def _build(
    course: OrgProductCourse, spec: Spec, shared: dict[str, OrgLesson], author: OrgMember | None
) -> None:
    services.course_update(
        course=course, level=spec["level"], difficulty=spec["difficulty"], learning_outcomes=spec["outcomes"]
    )
    skills = dict(Skill.objects.filter(slug__in=spec["skills"]).values_list("slug", "pk"))
    services.course_skill_set(
        course=course, weights={skills[s]: w for s, w in spec["skills"].items() if s in skills}
    )
    for module_title, module_tier, sections in spec["modules"]:
        module = services.module_create(course=course, title=module_title, required_access_tier=module_tier)
        for section_title, section_tier, keys in sections:
            section = services.section_create(
                module=module, title=section_title, required_access_tier=section_tier
            )
            for index, key in enumerate(keys):
                lesson = _lesson(key, shared, author)
                services.placement_create(
                    section=section,
                    lesson=lesson,
                    is_preview=module_tier is None and index == 0,
                    # the last lesson of a tier-1 module is VIP-only, so gating shows below module level too
                    required_access_tier=3 if module_tier is None and index == 2 else None,
                )


def _learner(org: Any, word: str) -> OrgMember:
    user = user_create_verified(
        email=f"{word}@{org.slug}.example", password=DEMO_PASSWORD, display_name=f"{org.name} {word.title()}"
    )
    return OrgMember.objects.filter(user=user).first() or member_add(user=user, role=OrgMember.Role.LEARNER)


@transaction.atomic
def seed(org: Any) -> None:
    author = OrgMember.objects.filter(user__email=f"instructor@{org.slug}.example").first()
    owner = OrgMember.objects.filter(role=OrgMember.Role.OWNER).first()
    shared = _shared_lessons(author)
    courses = []
    present = [
        slug for slug in OPTIONAL_COURSES if OrgProduct.objects.filter(translations__slug=slug).exists()
    ]
    specs = [*COURSES.items(), *((slug, OPTIONAL_COURSES[slug]) for slug in present)]
    for slug, spec in specs:
        course = _course(org, slug, spec)
        if author is not None:
            course.instructors.add(author)
        if not course.modules.exists():
            _build(course, spec, shared, author)
        courses.append(course)
    learners = {1: _learner(org, "learner"), 3: _learner(org, "vip")}
    for tier, member in learners.items():
        for course in courses:
            if not OrgMemberProductCourseEnrollment.objects.filter(member=member, course=course).exists():
                enrollment_grant(member=member, course=course, access_tier=tier, actor=owner)
    # progress: the tier-1 learner finished the first module of each course; the VIP learner is further on
    for course in courses:
        placements = list(
            OrgProductCourseModuleSectionLesson.objects.filter(section__module__course=course)
            .exclude(lesson__lesson_type=OrgLesson.LessonType.QUIZ)
            .order_by("section__module__position", "section__position", "position")
        )
        first_module = [
            p for p in placements if p.section.module.position == 0 and p.required_access_tier is None
        ]
        for placement in first_module:
            _progress_complete(member=learners[1], lesson_id=placement.lesson_id)
        for placement in placements[: int(len(placements) * 0.7)]:
            _progress_complete(member=learners[3], lesson_id=placement.lesson_id)
    progress_rollup_run(member_ids=[m.pk for m in learners.values()])
