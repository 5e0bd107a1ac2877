"""Quiz questions are translated like lessons: the player shows each question and option in the
first language along the visitor's chain, a translation never changes which answers are right, and
attempts made before it stay as they were."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from apps.audit.models import OrgAuditEntry
from apps.course.models import OrgLessonQuizQuestion, OrgLessonQuizQuestionOption
from apps.course.services.learning import quiz_attempt_submit
from apps.course.services.lessons import quiz_question_translate
from tests.actors import TEST_ACTOR
from tests.course.factories import PlacementFactory, quiz_lesson
from tests.locale_region.factories import market
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


@pytest.fixture
def quiz(in_org, org_a):
    """A placed quiz (single choice "2+2?" with 4 right, short answer "Capital of France?" / Paris)
    in an org with us (en-US) and latam (es-MX) regions, and an enrolled learner."""
    in_org(org_a)
    market(3)
    translation.activate("en")
    lesson = quiz_lesson()
    single, short = list(lesson.questions.order_by("position"))
    placement = PlacementFactory(lesson=lesson)
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=placement.section.module.course)
    return placement, single, short, learner


def _translate_spanish(single, short):
    quiz_question_translate(
        actor=TEST_ACTOR,
        question=single,
        language="es",
        prompt="¿Dos más dos?",
        options=["cuatro", "cinco"],
        explanation="Suma las unidades.",
    )
    quiz_question_translate(
        actor=TEST_ACTOR, question=short, language="es", prompt="¿Capital de Francia?", explanation="París."
    )


def test_a_translation_writes_the_language_and_leaves_the_source_and_the_right_answer(quiz):
    _placement, single, short, _learner = quiz
    _translate_spanish(single, short)
    single = OrgLessonQuizQuestion.objects.get(pk=single.pk)
    single.set_current_language("es")
    assert (single.prompt, single.explanation) == ("¿Dos más dos?", "Suma las unidades.")
    single.set_current_language("en")
    assert single.prompt == "2+2?"
    options = list(OrgLessonQuizQuestionOption.objects.filter(question=single).order_by("position"))
    for option in options:
        option.set_current_language("es")
    assert [(option.text, option.is_correct) for option in options] == [("cuatro", True), ("cinco", False)]
    short = OrgLessonQuizQuestion.objects.get(pk=short.pk)
    short.set_current_language("es")
    assert short.accepted_answers == "Paris"  # kept: a Spanish learner is graded as before
    entry = OrgAuditEntry.objects.filter(verb=OrgAuditEntry.Verb.TRANSLATE, object_id=str(single.pk)).get()
    assert entry.changes["prompt:es"] == [None, "¿Dos más dos?"]
    assert entry.changes["options:es"] == [None, ["cuatro", "cinco"]]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"options": ["cuatro"]}, "Give a text for each of the 2 options, in their order."),
        ({"options": ["cuatro", " "]}, "Give a text for each of the 2 options, in their order."),
        ({"prompt": "  "}, "Write the question."),
        ({"language": "xx"}, "Unknown language: xx."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(quiz, fields, message):
    _placement, single, _short, _learner = quiz
    before = OrgLessonQuizQuestion._parler_meta.root_model.objects.count()
    audit_before = OrgAuditEntry.objects.count()
    arguments = {"language": "es", "prompt": "¿Dos más dos?", "options": ["cuatro", "cinco"]} | fields
    with pytest.raises(ValidationError) as error:
        quiz_question_translate(actor=TEST_ACTOR, question=single, **arguments)
    assert error.value.messages == [message]
    assert OrgLessonQuizQuestion._parler_meta.root_model.objects.count() == before
    assert not OrgLessonQuizQuestionOption._parler_meta.root_model.objects.filter(language_code="es").exists()
    assert OrgAuditEntry.objects.count() == audit_before


def test_a_short_answer_translation_needs_an_accepted_answer(quiz):
    _placement, _single, short, _learner = quiz
    with pytest.raises(ValidationError):
        quiz_question_translate(
            actor=TEST_ACTOR, question=short, language="es", prompt="¿?", accepted_answers=[]
        )
    assert not OrgLessonQuizQuestion._parler_meta.root_model.objects.filter(language_code="es").exists()


def test_a_learner_cannot_translate_and_nothing_changes(quiz):
    _placement, single, _short, learner = quiz
    with pytest.raises(PermissionDenied):
        quiz_question_translate(actor=learner.user, question=single, language="es", prompt="¿?")
    assert not OrgLessonQuizQuestion._parler_meta.root_model.objects.filter(language_code="es").exists()


@pytest.mark.parametrize(
    ("prefix", "shown", "hidden"),
    [
        ("/latam", ["¿Dos más dos?", "cuatro", "¿Capital de Francia?"], ["2+2?", "Capital of France?"]),
        ("", ["2+2?", "Capital of France?"], ["¿Dos más dos?", "cuatro", "¿Capital de Francia?"]),
    ],
)
def test_the_player_shows_the_quiz_along_the_visitors_chain(quiz, host_client, org_a, prefix, shown, hidden):
    placement, single, short, learner = quiz
    _translate_spanish(single, short)
    client = host_client(org_a, user=learner.user)
    course_id = placement.section.module.course_id
    html = client.get(prefix + reverse("course_lesson", args=[course_id, placement.pk])).content.decode()
    assert [text in html for text in shown] == [True] * len(shown)
    assert [text in html for text in hidden] == [False] * len(hidden)


def test_attempts_before_a_translation_stay_valid_and_grading_is_unchanged(quiz):
    placement, single, short, learner = quiz
    right = {single.pk: [single.options.get(is_correct=True).pk], short.pk: "Paris"}
    first = quiz_attempt_submit(actor=learner.user, member=learner, placement=placement, answers=right)
    _translate_spanish(single, short)
    with translation.override("es"):
        second = quiz_attempt_submit(actor=learner.user, member=learner, placement=placement, answers=right)
    first.refresh_from_db()
    assert (first.attempt_number, first.score_percent, first.is_passed) == (1, 100, True)
    assert (second.attempt_number, second.score_percent, second.is_passed) == (2, 100, True)


def test_another_org_sees_none_of_the_translations(quiz, in_org, org_b):
    _placement, single, short, _learner = quiz
    _translate_spanish(single, short)
    in_org(org_b)
    assert not OrgLessonQuizQuestion._parler_meta.root_model.objects.filter(language_code="es").exists()
    assert not OrgLessonQuizQuestion.objects.filter(pk=single.pk).exists() or (
        OrgLessonQuizQuestion.objects.get(pk=single.pk).safe_translation_getter("prompt", language_code="es")
        != "¿Dos más dos?"
    )


def _option_texts(question, language):
    options = list(OrgLessonQuizQuestionOption.objects.filter(question=question).order_by("position"))
    for option in options:
        option.set_current_language(language)
    return [option.text for option in options]


def test_options_left_out_keep_the_languages_text_or_take_the_source(quiz):
    """Options that stay in the language being taught (Business English in Arabic) take the source's
    text; a later edit of the prompt alone keeps options already translated."""
    _placement, single, _short, _learner = quiz
    quiz_question_translate(actor=TEST_ACTOR, question=single, language="ar", prompt="٢+٢؟")
    assert _option_texts(single, "ar") == ["4", "5"]
    quiz_question_translate(
        actor=TEST_ACTOR, question=single, language="es", prompt="¿Dos más dos?", options=["cuatro", "cinco"]
    )
    quiz_question_translate(actor=TEST_ACTOR, question=single, language="es", prompt="¿2+2?")
    assert _option_texts(single, "es") == ["cuatro", "cinco"]
    assert _option_texts(single, "en") == ["4", "5"]
