import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.course.models import OrgLesson, OrgProductCourseModuleSectionLesson
from apps.course.selectors.lessons import lesson_used_in
from apps.course.services.courses import course_create_for_product
from apps.course.services.lessons import LessonInUseError, lesson_create, lesson_delete, lesson_update
from apps.course.services.outline import (
    course_modules_reorder,
    module_create,
    module_sections_reorder,
    outline_item_move,
    placement_create,
    placement_move,
    section_create,
    section_placements_reorder,
)
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.course.factories import (
    CourseFactory,
    CourseProductFactory,
    LessonFactory,
    ModuleFactory,
    PlacementFactory,
    SectionFactory,
    quiz_lesson,
)
from tests.member.factories import OrgMemberFactory


def _order(section):
    return list(section.placements.order_by("position").values_list("pk", flat=True))


def test_course_create_for_product_is_idempotent_and_attributes_instructor(in_org, org_a):
    in_org(org_a)
    product = CourseProductFactory(title="Django deep dive")
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course = course_create_for_product(product=product, actor=instructor.user)
    assert course_create_for_product(product=product, actor=instructor.user).pk == course.pk == product.pk
    assert list(course.instructors.all()) == [instructor]
    assert product.course == course


def test_course_create_refuses_non_course_products(in_org, org_a):
    in_org(org_a)
    with pytest.raises(ValidationError):
        course_create_for_product(actor=TEST_ACTOR, product=CourseProductFactory(product_type="digital"))


@pytest.mark.parametrize("tier", [0, -1, 7])
def test_tier_out_of_range_is_refused_everywhere(in_org, org_a, tier):
    in_org(org_a)
    course = CourseFactory()
    section = SectionFactory(module=ModuleFactory(course=course))
    with pytest.raises(ValidationError, match="between 1 and 6"):
        module_create(actor=TEST_ACTOR, course=course, title="M", required_access_tier=tier)
    with pytest.raises(ValidationError, match="between 1 and 6"):
        section_create(actor=TEST_ACTOR, module=section.module, title="S", required_access_tier=tier)
    with pytest.raises(ValidationError, match="between 1 and 6"):
        placement_create(actor=TEST_ACTOR, section=section, lesson=LessonFactory(), required_access_tier=tier)
    assert course.modules.count() == 1
    assert section.module.sections.count() == 1
    assert section.placements.count() == 0


def test_a_lesson_is_placed_once_per_section(in_org, org_a):
    in_org(org_a)
    section = SectionFactory()
    lesson = LessonFactory()
    placement_create(actor=TEST_ACTOR, section=section, lesson=lesson)
    with pytest.raises(ValidationError, match="already in this section"):
        placement_create(actor=TEST_ACTOR, section=section, lesson=lesson)
    assert section.placements.count() == 1


def test_an_empty_quiz_cannot_be_placed(in_org, org_a):
    in_org(org_a)
    section = SectionFactory()
    with pytest.raises(ValidationError, match="no questions"):
        placement_create(
            actor=TEST_ACTOR, section=section, lesson=LessonFactory(lesson_type=OrgLesson.LessonType.QUIZ)
        )
    assert section.placements.count() == 0
    placement_create(actor=TEST_ACTOR, section=section, lesson=quiz_lesson())
    assert section.placements.count() == 1


def test_one_lesson_reused_in_two_courses_is_edited_once(in_org, org_a):
    in_org(org_a)
    lesson = LessonFactory(title="Shared intro")
    first = PlacementFactory(lesson=lesson)
    second = PlacementFactory(lesson=lesson)
    assert first.section.module.course_id != second.section.module.course_id
    lesson_update(lesson=lesson, actor=TEST_ACTOR, title="Shared intro v2", body_markdown="**new** text")
    for placement in (first, second):
        placed = OrgProductCourseModuleSectionLesson.objects.get(pk=placement.pk).lesson
        assert placed.title == "Shared intro v2"
        assert placed.body_html == "<p><strong>new</strong> text</p>"
    assert len(lesson_used_in(lesson_id=lesson.pk)) == 2


def test_deleting_a_placed_lesson_is_refused_with_the_places(in_org, org_a):
    in_org(org_a)
    lesson = LessonFactory()
    placement = PlacementFactory(lesson=lesson, section__title="Basics", section__module__title="Start")
    with pytest.raises(LessonInUseError) as error:
        lesson_delete(lesson=lesson, actor=TEST_ACTOR)
    course_title = placement.section.module.course.product.title
    assert error.value.places == [f"{course_title} / Start / Basics"]
    assert OrgLesson.objects.filter(pk=lesson.pk).exists()
    placement.delete()
    lesson_delete(lesson=lesson, actor=TEST_ACTOR)
    assert not OrgLesson.objects.filter(pk=lesson.pk).exists()


def test_markdown_with_script_is_refused_and_changes_nothing(in_org, org_a):
    in_org(org_a)
    lesson = LessonFactory(body_markdown="safe", title="Before")
    for text in (
        "hi <script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
    ):
        with pytest.raises(ValidationError, match="Scripts are not allowed"):
            lesson_update(lesson=lesson, actor=TEST_ACTOR, title="After", body_markdown=text)
    lesson.refresh_from_db()
    assert (lesson.title, lesson.body_markdown) == ("Before", "safe")
    with pytest.raises(ValidationError):
        lesson_create(lesson_type="text", title="x", actor=TEST_ACTOR, body_markdown="<script>x</script>")
    assert not OrgLesson.objects.filter(translations__title="x").exists()


def test_markdown_is_rendered_sanitized(in_org, org_a):
    in_org(org_a)
    lesson = lesson_create(
        lesson_type="text",
        title="T",
        actor=TEST_ACTOR,
        body_markdown="# Hi\n\n<iframe src='x'></iframe> [a](https://e.x)",
    )
    assert "<h1>Hi</h1>" in lesson.body_html
    assert "iframe" not in lesson.body_html
    assert 'href="https://e.x"' in lesson.body_html


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("evil.exe", 10, "not allowed"), ("huge.pdf", 21 * 1024 * 1024, "limit is 20 MB")],
)
def test_disallowed_or_oversized_lesson_files_are_refused(in_org, org_a, name, size, message):
    in_org(org_a)
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(ValidationError, match=message):
        lesson_create(lesson_type="file", title="Handout", actor=TEST_ACTOR, file=upload)
    assert not OrgLesson.objects.exists()


def test_file_lesson_accepts_a_pdf(in_org, org_a):
    in_org(org_a)
    lesson = lesson_create(
        lesson_type="file",
        title="Handout",
        actor=TEST_ACTOR,
        file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4"),
    )
    assert lesson.file.name.endswith(".pdf")


def test_reorder_modules_and_refuse_foreign_or_incomplete_lists(in_org, org_a):
    in_org(org_a)
    course = CourseFactory()
    a, b, c = (ModuleFactory(course=course, position=i) for i in range(3))
    foreign = ModuleFactory()
    course_modules_reorder(actor=TEST_ACTOR, course=course, module_ids=[c.pk, a.pk, b.pk])
    assert list(course.modules.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    for ids in ([c.pk, a.pk, foreign.pk], [c.pk, a.pk], [c.pk, a.pk, b.pk, b.pk]):
        with pytest.raises(ValidationError):
            course_modules_reorder(actor=TEST_ACTOR, course=course, module_ids=ids)
        assert list(course.modules.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]


def test_reorder_lessons_moves_between_sections_of_one_course(in_org, org_a):
    in_org(org_a)
    course = CourseFactory()
    first = SectionFactory(module=ModuleFactory(course=course))
    second = SectionFactory(module=ModuleFactory(course=course))
    p1, p2 = PlacementFactory(section=first, position=0), PlacementFactory(section=first, position=1)
    p3 = PlacementFactory(section=second, position=0)
    section_placements_reorder(actor=TEST_ACTOR, course=course, section=second, placement_ids=[p2.pk, p3.pk])
    assert _order(first) == [p1.pk]
    assert _order(second) == [p2.pk, p3.pk]


def test_reorder_naming_another_courses_lesson_changes_nothing(in_org, org_a):
    in_org(org_a)
    course = CourseFactory()
    section = SectionFactory(module=ModuleFactory(course=course))
    mine = PlacementFactory(section=section)
    other = PlacementFactory()
    with pytest.raises(ValidationError, match="not in this course"):
        section_placements_reorder(
            actor=TEST_ACTOR, course=course, section=section, placement_ids=[other.pk, mine.pk]
        )
    assert _order(section) == [mine.pk]
    assert other.section.placements.count() == 1
    other_section = SectionFactory()
    with pytest.raises(ValidationError, match="not in this course"):
        section_placements_reorder(actor=TEST_ACTOR, course=course, section=other_section, placement_ids=[])
    with pytest.raises(ValidationError, match="not in this course"):
        module_sections_reorder(
            actor=TEST_ACTOR, course=course, module=other_section.module, section_ids=[other_section.pk]
        )


def test_moving_into_a_section_that_has_the_lesson_is_refused(in_org, org_a):
    in_org(org_a)
    course = CourseFactory()
    lesson = LessonFactory()
    first = PlacementFactory(section__module__course=course, lesson=lesson)
    second = PlacementFactory(section__module__course=course, lesson=lesson)
    with pytest.raises(ValidationError, match="already in that section"):
        placement_move(actor=TEST_ACTOR, course=course, placement=first, section=second.section)
    with pytest.raises(ValidationError, match="already in this section"):
        section_placements_reorder(
            actor=TEST_ACTOR, course=course, section=second.section, placement_ids=[first.pk, second.pk]
        )
    first.refresh_from_db()
    assert first.section_id != second.section_id


def test_move_between_sections_and_keyboard_moves(in_org, org_a):
    in_org(org_a)
    course = CourseFactory()
    section = SectionFactory(module__course=course)
    target = SectionFactory(module__course=course)
    a, b, c = (PlacementFactory(section=section, position=i) for i in range(3))
    outline_item_move(actor=TEST_ACTOR, course=course, kind="placement", item_id=c.pk, direction="up")
    assert _order(section) == [a.pk, c.pk, b.pk]
    outline_item_move(
        actor=TEST_ACTOR, course=course, kind="placement", item_id=a.pk, direction="up"
    )  # already first: no-op
    assert _order(section) == [a.pk, c.pk, b.pk]
    placement_move(actor=TEST_ACTOR, course=course, placement=a, section=target)
    assert _order(target) == [a.pk]
    assert _order(section) == [c.pk, b.pk]
    with pytest.raises(ValidationError):
        outline_item_move(
            actor=TEST_ACTOR, course=course, kind="placement", item_id=PlacementFactory().pk, direction="up"
        )
    with pytest.raises(ValidationError):
        placement_move(actor=TEST_ACTOR, course=course, placement=b, section=SectionFactory())
