"""The demo school reads like a real one: text lessons of several paragraphs with code, quizzes whose
every question explains its answer (translated into the course's language), videos with a duration and
a transcript, assignments with instructions and a rubric, and translations that keep the English shape."""

import re
from urllib.parse import urlparse

from django.conf import settings

from apps.course.demo import DATA, seed
from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import OrgLesson, OrgLessonQuizQuestion
from apps.course.validators import validate_video_url
from apps.locale_region.demo import seed as locale_region_seed
from apps.member.models import OrgMember
from apps.member.services import member_add
from apps.product.demo import seed as product_seed
from apps.user.services import user_create_verified
from tests.actors import TEST_ACTOR
from volmify.demo import demo_load


def _lesson_specs() -> list[dict]:
    data = demo_load(DATA, "courses")
    specs = list(data["lessons"].values())
    for course in data["courses"]:
        for module in course["modules"]:
            for section in module["sections"]:
                specs += [spec for spec in section["lessons"] if "lesson" not in spec]
    return specs


def _paragraphs(markdown: str) -> int:
    return _html_paragraphs(markdown_to_safe_html(markdown))


def test_every_demo_text_lesson_has_paragraphs_and_code_in_every_language():
    texts = [spec for spec in _lesson_specs() if spec["type"] == "text"]
    assert len(texts) >= 20
    for spec in texts:
        bodies = {"en": spec["body"]} | {
            language: text["body"] for language, text in spec.get("translations", {}).items()
        }
        for language, body in bodies.items():
            assert _paragraphs(body) >= 3, (spec["title"], language)
            assert "<pre>" in markdown_to_safe_html(body), (spec["title"], language)
        # A translation keeps the code: the same fenced blocks as the English body.
        code = re.findall(r"```.*?```", spec["body"], flags=re.S)
        for language, body in bodies.items():
            assert re.findall(r"```.*?```", body, flags=re.S) == code, (spec["title"], language)


def test_every_demo_quiz_has_several_explained_questions():
    quizzes = [spec for spec in _lesson_specs() if spec["type"] == "quiz"]
    assert len(quizzes) >= 10
    for spec in quizzes:
        assert len(spec["questions"]) >= 3, spec["title"]
        prompts = [question["prompt"] for question in spec["questions"]]
        assert len(set(prompts)) == len(prompts), spec["title"]
        for question in spec["questions"]:
            assert question["explanation"].strip(), (spec["title"], question["prompt"])


def _course_lessons() -> list[tuple[str, dict]]:
    """(course product slug, lesson spec) of each lesson written in a course."""
    data = demo_load(DATA, "courses")
    return [
        (course["product"], spec)
        for course in data["courses"]
        for module in course["modules"]
        for section in module["sections"]
        for spec in section["lessons"]
        if "lesson" not in spec
    ]


# The language each demo course is offered in besides English: acme's Spanish, globex's Arabic.
COURSE_LANGUAGE = {"django-for-teams": "es", "practical-sql": "es", "business-english": "ar"}


def test_every_demo_quiz_is_translated_into_its_courses_language():
    quizzes = [(course, spec) for course, spec in _course_lessons() if spec["type"] == "quiz"]
    assert len(quizzes) >= 10
    for course, spec in quizzes:
        language = COURSE_LANGUAGE[course]
        assert spec["translations"][language]["title"] != spec["title"], spec["title"]
        for question in spec["questions"]:
            text = question["translations"][language]
            assert text["prompt"] != question["prompt"], question["prompt"]
            assert text["explanation"].strip() and text["explanation"] != question["explanation"]
            if "options" in text:
                assert len(text["options"]) == len(question["options"]), question["prompt"]


def test_every_demo_video_has_an_allowed_embed_a_duration_and_a_transcript():
    videos = [spec for spec in _lesson_specs() if spec["type"] == "video"]
    assert len(videos) >= 10
    for spec in videos:
        validate_video_url(spec["video_url"])  # a host the CSP frame-src allows
        assert urlparse(spec["video_url"]).hostname in settings.VIDEO_EMBED_HOSTS
        assert 60 <= spec["duration_seconds"] <= 3600, spec["title"]
        html = markdown_to_safe_html(spec["body"])
        assert "<h2>Transcript</h2>" in html and _html_paragraphs(html) >= 4, spec["title"]
    assert len({spec["duration_seconds"] for spec in videos}) == len(videos)  # not one stock figure


def test_every_demo_assignment_has_instructions_a_rubric_and_how_to_submit():
    assignments = [spec for spec in _lesson_specs() if spec["type"] == "assignment"]
    assert len(assignments) >= 10
    for spec in assignments:
        html = markdown_to_safe_html(spec["body"])
        for heading in ("Your task", "Rubric", "How to submit"):
            assert f"<h2>{heading}</h2>" in html, (spec["title"], heading)
        assert "<ol>" in html and "<table>" in html, spec["title"]
        assert html.count("<tr>") >= 4, spec["title"]  # a header and at least three criteria


def test_seeded_demo_lessons_carry_explanations_and_translations(in_org, org_a):
    in_org(org_a)
    instructor = user_create_verified(
        actor=TEST_ACTOR, email=f"instructor@{org_a.slug}.example", password="x" * 12
    )
    member_add(actor=TEST_ACTOR, user=instructor, role=OrgMember.Role.INSTRUCTOR)
    locale_region_seed(org_a)
    product_seed(org_a)
    seed(org_a)
    questions = OrgLessonQuizQuestion.objects.all()
    assert questions.count() >= 30
    assert all(question.safe_translation_getter("explanation") for question in questions)
    layout = OrgLesson.objects.get(translations__title="Project layout")
    assert _html_paragraphs(layout.body_html) >= 3
    layout.set_current_language("es")
    assert layout.title == "Estructura del proyecto"
    assert "<pre>" in layout.body_html
    assert _html_paragraphs(layout.body_html) >= 3
    layout.set_current_language("en")
    assert layout.title == "Project layout"
    question = OrgLessonQuizQuestion.objects.get(translations__prompt__startswith="What does a primary key")
    question.set_current_language("es")
    assert question.prompt == "¿Qué garantiza una clave primaria?"
    option = question.options.get(is_correct=True)
    option.set_current_language("es")
    assert option.text == "Cada valor identifica exactamente una fila"
    short = OrgLessonQuizQuestion.objects.get(
        translations__prompt="Which keyword starts a query that reads rows?"
    )
    short.set_current_language("es")
    assert short.accepted_answers == "SELECT"
    lesson_types = set(OrgLesson.objects.values_list("lesson_type", flat=True))
    assert lesson_types == {"text", "video", "quiz", "assignment", "file"}


def _html_paragraphs(html: str) -> int:
    return html.count("<p>")
