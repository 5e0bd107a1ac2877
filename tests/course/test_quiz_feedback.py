"""Issue 12 Deliver 5: after an attempt the learner sees which answers were right or wrong and the
instructor's explanation, unless the quiz hides the answers until the last attempt."""

import pytest
from django.urls import reverse

from apps.course.models import OrgLesson
from apps.course.services.lessons import quiz_question_create
from tests.actors import TEST_ACTOR
from tests.course.factories import PlacementFactory, quiz_lesson
from tests.member.factories import EnrollmentFactory, OrgMemberFactory

EXPLANATION = "Two and two make four: add the units."


@pytest.fixture
def quiz(in_org, org_a, host_client):
    """A learner's client, the quiz's submit URL, its page and its two questions (the single choice
    explained)."""

    def build(**lesson_fields):
        in_org(org_a)
        lesson = quiz_lesson(**lesson_fields)
        single, short = list(lesson.questions.order_by("position"))
        single.set_current_language("en")
        single.explanation = EXPLANATION
        single.save()
        placement = PlacementFactory(lesson=lesson)
        learner = OrgMemberFactory()
        course_id = placement.section.module.course_id
        EnrollmentFactory(member=learner, course=placement.section.module.course)
        client = host_client(org_a, user=learner.user)
        submit = reverse("course_quiz_submit", args=[course_id, placement.pk])
        page = reverse("course_lesson", args=[course_id, placement.pk])
        return client, submit, page, single, short

    return build


def _wrong(single, short):
    return {
        f"q{single.pk}": single.options.get(is_correct=False).pk,
        f"q{short.pk}": "Lyon",
        f"kind{short.pk}": "short",
    }


def _feedback(html: str) -> str:
    return html.split('class="quiz-feedback"', 1)[1].split("</section>", 1)[0]


def test_no_feedback_before_an_attempt(quiz):
    client, _submit, page, _single, _short = quiz()
    assert 'class="quiz-feedback"' not in client.get(page).content.decode()


def test_after_an_attempt_each_answer_is_marked_with_the_right_one_and_the_explanation(quiz):
    client, submit, page, single, short = quiz()
    client.post(submit, _wrong(single, short))
    feedback = _feedback(client.get(page).content.decode())
    assert "Attempt 1: 0.00%" in feedback
    assert feedback.count("quiz-feedback__question--wrong") == 2
    assert '5 <span class="muted">(your answer, wrong)</span>' in feedback
    assert '4 <span class="muted">(the right answer)</span>' in feedback
    assert "<q>Lyon</q>" in feedback and "Accepted answers: Paris" in feedback
    assert EXPLANATION in feedback


def test_a_right_answer_is_marked_right(quiz):
    client, submit, page, single, short = quiz()
    right = single.options.get(is_correct=True)
    client.post(submit, {f"q{single.pk}": right.pk, f"q{short.pk}": " PARIS ", f"kind{short.pk}": "short"})
    feedback = _feedback(client.get(page).content.decode())
    assert feedback.count("quiz-feedback__question--right") == 2 and "--wrong" not in feedback
    assert '4 <span class="muted">(your answer, right)</span>' in feedback


def test_hidden_answers_show_only_right_or_wrong_until_the_last_attempt(quiz):
    client, submit, page, single, short = quiz(attempts_limit=2, hides_answers_until_last_attempt=True)
    client.post(submit, _wrong(single, short))
    feedback = _feedback(client.get(page).content.decode())
    assert feedback.count("quiz-feedback__question--wrong") == 2  # right or wrong is still said
    assert "shown once you pass or have no attempt left" in feedback
    assert EXPLANATION not in feedback and "the right answer" not in feedback and "Paris" not in feedback
    client.post(submit, _wrong(single, short))  # the last attempt
    feedback = _feedback(client.get(page).content.decode())
    assert "Attempt 2: 0.00%" in feedback
    assert EXPLANATION in feedback and '4 <span class="muted">(the right answer)</span>' in feedback


def test_hidden_answers_are_shown_once_the_learner_passes(quiz):
    client, submit, page, single, short = quiz(hides_answers_until_last_attempt=True)
    right = single.options.get(is_correct=True)
    client.post(submit, {f"q{single.pk}": right.pk, f"q{short.pk}": "Paris", f"kind{short.pk}": "short"})
    assert EXPLANATION in _feedback(client.get(page).content.decode())


def test_the_studio_writes_the_explanation_and_the_hiding(in_org, org_a, host_client):
    from apps.member.models import OrgMember

    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    client = host_client(org_a, user=instructor.user)
    lesson = quiz_lesson()
    response = client.post(
        reverse("studio_question_add", args=[lesson.pk]),
        {
            "kind": "single",
            "prompt": "Which is a list?",
            "options": "*[1, 2]\n(1, 2)",
            "explanation": " Brackets. ",
        },
    )
    assert response.status_code == 302
    question = lesson.questions.order_by("-position").first()
    question.set_current_language("en")
    assert question.explanation == "Brackets."
    assert "Brackets." in client.get(reverse("studio_lesson_edit", args=[lesson.pk])).content.decode()


def test_an_overlong_explanation_is_refused_and_adds_nothing(in_org, org_a, host_client):
    from apps.member.models import OrgMember

    in_org(org_a)
    client = host_client(org_a, user=OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    lesson = quiz_lesson()
    before = lesson.questions.count()
    client.post(
        reverse("studio_question_add", args=[lesson.pk]),
        {"kind": "single", "prompt": "Q?", "options": "*a\nb", "explanation": "x" * 10_001},
    )
    assert lesson.questions.count() == before


def test_the_service_keeps_the_explanation(in_org, org_a):
    in_org(org_a)
    lesson = quiz_lesson(created_by=None)
    assert lesson.lesson_type == OrgLesson.LessonType.QUIZ
    question = quiz_question_create(
        actor=TEST_ACTOR,
        lesson=lesson,
        kind="short",
        prompt="1+1?",
        accepted_answers=["2"],
        explanation="Sum.",
    )
    question.set_current_language("en")
    assert question.explanation == "Sum."
