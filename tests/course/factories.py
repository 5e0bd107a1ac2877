"""Factories for the course app; they create rows in the org schema active when they run."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import (
    Level,
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgLessonQuizQuestionOption,
    OrgMemberLessonAssignmentSubmission,
    OrgMemberLessonProgress,
    OrgMemberLessonQuizAttempt,
    OrgMemberProductCourseChallengeRating,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
    OrgProductCourseSkill,
)
from apps.product.models import OrgProduct
from tests.member.factories import OrgMemberFactory


class CourseProductFactory(DjangoModelFactory):
    class Meta:
        model = OrgProduct

    product_type = OrgProduct.ProductType.COURSE
    status = OrgProduct.Status.PUBLISHED
    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = OrgProductCourse

    product = factory.SubFactory(CourseProductFactory)
    level = Level.BEGINNER
    difficulty = 4
    learning_outcomes = "Build a thing\nShip it"


class ModuleFactory(DjangoModelFactory):
    class Meta:
        model = OrgProductCourseModule

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Module {n}")


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = OrgProductCourseModuleSection

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Section {n}")


class LessonFactory(DjangoModelFactory):
    class Meta:
        model = OrgLesson

    lesson_type = OrgLesson.LessonType.TEXT
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body_markdown = factory.Sequence(lambda n: f"Secret body of lesson {n}")
    body_html = factory.LazyAttribute(lambda lesson: markdown_to_safe_html(lesson.body_markdown))


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = OrgProductCourseModuleSectionLesson

    section = factory.SubFactory(SectionFactory)
    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(int)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = OrgLessonQuizQuestion

    lesson = factory.SubFactory(LessonFactory, lesson_type=OrgLesson.LessonType.QUIZ)
    kind = OrgLessonQuizQuestion.Kind.SINGLE
    position = factory.Sequence(int)
    prompt = factory.Sequence(lambda n: f"Question {n}?")


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = OrgLessonQuizQuestionOption

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(int)
    is_correct = False
    text = factory.Sequence(lambda n: f"Option {n}")


class QuizAttemptFactory(DjangoModelFactory):
    class Meta:
        model = OrgMemberLessonQuizAttempt

    attempt_number = factory.Sequence(lambda n: n + 1)
    score_percent = Decimal("100.00")
    is_passed = True


class LessonProgressFactory(DjangoModelFactory):
    class Meta:
        model = OrgMemberLessonProgress

    member = factory.SubFactory(OrgMemberFactory)
    lesson = factory.SubFactory(LessonFactory)
    started_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
    completed_at = factory.LazyAttribute(lambda progress: progress.started_at)


class SubmissionFactory(DjangoModelFactory):
    """An assignment submission awaiting review."""

    class Meta:
        model = OrgMemberLessonAssignmentSubmission

    member = factory.SubFactory(OrgMemberFactory)
    lesson = factory.SubFactory(LessonFactory, lesson_type=OrgLesson.LessonType.ASSIGNMENT)
    course = factory.SubFactory(CourseFactory)
    text = "My answer"


class CourseSkillFactory(DjangoModelFactory):
    class Meta:
        model = OrgProductCourseSkill

    course = factory.SubFactory(CourseFactory)
    weight = 50


class ChallengeRatingFactory(DjangoModelFactory):
    class Meta:
        model = OrgMemberProductCourseChallengeRating

    member = factory.SubFactory(OrgMemberFactory)
    course = factory.SubFactory(CourseFactory)
    perceived_level = Level.INTERMEDIATE
    perceived_difficulty = 5


def quiz_lesson(**kwargs) -> OrgLesson:
    """A quiz with one single-choice question (right answer: the first option) and one short answer."""
    lesson = LessonFactory(lesson_type=OrgLesson.LessonType.QUIZ, pass_mark_percent=50, **kwargs)
    single = QuestionFactory(lesson=lesson, kind=OrgLessonQuizQuestion.Kind.SINGLE, prompt="2+2?")
    OptionFactory(question=single, text="4", is_correct=True)
    OptionFactory(question=single, text="5", is_correct=False)
    QuestionFactory(
        lesson=lesson,
        kind=OrgLessonQuizQuestion.Kind.SHORT,
        prompt="Capital of France?",
        accepted_answers="Paris",
    )
    return lesson


def build_course(*, modules: int = 2, sections: int = 2, lessons: int = 2, course=None) -> OrgProductCourse:
    """A course of ``modules`` x ``sections`` x ``lessons`` text lessons (placement tier 1)."""
    course = course or CourseFactory()
    for m in range(modules):
        module = ModuleFactory(course=course, position=m)
        for s in range(sections):
            section = SectionFactory(module=module, position=s)
            for p in range(lessons):
                PlacementFactory(section=section, position=p)
    return course
