from apps.audit.models import OrgAuditEntry
from apps.course.demo import seed
from apps.course.models import (
    OrgLesson,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModuleSectionLesson,
)
from apps.locale_region.demo import seed as locale_region_seed
from apps.member.models import OrgMember
from apps.member.services import member_add
from apps.product.demo import seed as product_seed
from apps.product.models import OrgProductReview
from apps.user.services import user_create_verified
from tests.actors import TEST_ACTOR


def test_demo_seeds_two_complete_courses_and_is_idempotent(in_org, org_a):
    in_org(org_a)
    instructor = user_create_verified(
        actor=TEST_ACTOR, email=f"instructor@{org_a.slug}.example", password="x" * 12
    )
    member_add(actor=TEST_ACTOR, user=instructor, role=OrgMember.Role.INSTRUCTOR)
    locale_region_seed(org_a)
    product_seed(org_a)
    seed(org_a)
    seed(org_a)
    courses = list(OrgProductCourse.objects.all())
    assert len(courses) == 2
    for course in courses:
        placements = OrgProductCourseModuleSectionLesson.objects.filter(section__module__course=course)
        assert course.modules.count() == 4
        assert (
            placements.count() >= 20 - 10
        )  # each course has 20+ lessons across the two (shared ones count once)
        tiers = set(course.modules.values_list("required_access_tier", flat=True))
        assert tiers == {None, 2, 3}
    placements = OrgProductCourseModuleSectionLesson.objects.all()
    assert set(OrgLesson.objects.values_list("lesson_type", flat=True)) == {
        "video",
        "text",
        "quiz",
        "assignment",
        "file",
    }
    shared = [
        lesson
        for lesson in OrgLesson.objects.all()
        if lesson.placements.values("section__module__course").distinct().count() == 2
    ]
    assert len(shared) == 3
    learner = OrgMember.objects.get(user__email=f"learner@{org_a.slug}.example")
    vip = OrgMember.objects.get(user__email=f"vip@{org_a.slug}.example")
    assert set(learner.enrollments.values_list("access_tier", flat=True)) == {1}
    assert set(vip.enrollments.values_list("access_tier", flat=True)) == {3}
    assert learner.enrollments.count() == vip.enrollments.count() == 2
    for member in (learner, vip):
        rows = OrgMemberProductCourseProgress.objects.filter(member=member)
        assert rows.count() == 2
        assert all(row.percent > 0 for row in rows)
    reviews = OrgProductReview.objects.order_by("product__id", "-rating")
    assert [(review.rating, review.status) for review in reviews] == [
        (5, "approved"),
        (4, "approved"),
        (5, "approved"),
    ]  # from enrolled learners, once although seeded twice


def test_demo_fills_the_globex_business_english_course_too(in_org, org_b):
    in_org(org_b)
    locale_region_seed(org_b, catalog="globex")
    product_seed(org_b, catalog="globex")
    seed(org_b)
    titles = sorted(str(course) for course in OrgProductCourse.objects.all())
    assert len(titles) == 3
    for course in OrgProductCourse.objects.all():
        assert course.modules.count() == 4
        assert (
            OrgProductCourseModuleSectionLesson.objects.filter(section__module__course=course).count() >= 20
        )


def test_demo_writes_are_recorded_as_the_demo_seed(in_org, org_a):
    in_org(org_a)
    locale_region_seed(org_a)
    product_seed(org_a)
    seed(org_a)
    # the course extensions the catalog demo's products make (through product_course_saved, which
    # carries the product's actor) are the demo's too
    made_with_products = OrgAuditEntry.objects.filter(verb="create", object_type="course.orgproductcourse")
    assert set(made_with_products.values_list("actor_label", flat=True)) == {"system:demo-seed"}
    course_entries = OrgAuditEntry.objects.filter(object_type__startswith="course.")
    assert set(course_entries.values_list("actor_id", "actor_label")) == {(None, "system:demo-seed")}
    grants = course_entries.filter(verb=OrgAuditEntry.Verb.GRANT)
    assert grants.count() == OrgMemberProductCourseEnrollment.objects.count() > 0
    assert set(OrgMemberProductCourseEnrollment.objects.values_list("granted_by", flat=True)) == {None}
    assert course_entries.filter(verb=OrgAuditEntry.Verb.CREATE, object_type="course.orglesson").count() == (
        OrgLesson.objects.count()
    )
    recorded = OrgAuditEntry.objects.count()
    seed(org_a)  # idempotent: a second run writes, and records, nothing
    assert OrgAuditEntry.objects.count() == recorded
