"""The demo school reads like a real one: text lessons of several paragraphs with code, quizzes whose
every question explains its answer, and translations that keep the English shape."""

import re

from apps.course.demo import DATA, seed
from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import OrgLesson, OrgLessonQuizQuestion
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


def _html_paragraphs(html: str) -> int:
    return html.count("<p>")
