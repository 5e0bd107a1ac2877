"""Course content in the storefront and the studio follows the same chains as the catalog."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.course.markdown_render import markdown_to_safe_html
from apps.member.models import OrgMember
from apps.product.services import product_translation_save
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory, ModuleFactory, PlacementFactory, SectionFactory
from tests.locale_region.factories import market
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


def _translate(obj, code: str, **fields: str) -> None:
    obj.set_current_language(code)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


@pytest.fixture
def bilingual(in_org, org_a):
    """A course written in "en" (the studio's interface language) with a Spanish (es-MX) title, lesson
    and body, in an org with regions us (en-US), eu (de-DE, en-US) and latam (es-MX, en-US)."""
    in_org(org_a)
    market(3)
    translation.activate("en")  # an earlier request may have left another language active
    course = CourseFactory(product__title="Pottery for teams")
    product_translation_save(
        actor=TEST_ACTOR,
        product=course.product,
        language_code="es-MX",
        title="Cerámica para equipos",
        slug="ceramica",
    )
    module = ModuleFactory(course=course, title="Basics")
    _translate(module, "es-mx", title="Básico")
    placement = PlacementFactory(section=SectionFactory(module=module), lesson__title="Welcome")
    _translate(placement.lesson, "es-mx", title="Bienvenida", body_html=markdown_to_safe_html("CUERPO-ES"))
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course, access_tier=1)
    return course, placement, learner


@pytest.mark.parametrize(
    ("prefix", "expected", "unexpected"),
    [
        ("", ["Pottery for teams", "Basics", "Welcome"], ["Cerámica", "Básico", "Bienvenida"]),
        ("/latam", ["Cerámica para equipos", "Básico", "Bienvenida"], ["Pottery", "Basics", "Welcome"]),
        # de-DE is missing: the region's English comes before the org's Spanish
        ("/eu", ["Pottery for teams", "Basics", "Welcome"], ["Cerámica", "Básico", "Bienvenida"]),
    ],
)
def test_the_course_page_and_player_follow_the_visitors_chain(
    bilingual, host_client, org_a, prefix, expected, unexpected
):
    course, placement, learner = bilingual
    client = host_client(org_a, user=learner.user)
    detail = reverse("course_detail", args=[course.pk])
    lesson = reverse("course_lesson", args=[course.pk, placement.pk])
    for path in (detail, lesson, lesson):  # the lesson twice: rendered, then from its shell
        html = client.get(prefix + path).content.decode()
        assert [text in html for text in expected] == [True] * 3, path
        assert [text in html for text in unexpected] == [False] * 3, path
    assert ("CUERPO-ES" in html) is (prefix == "/latam")


@pytest.mark.parametrize(("accept_language", "title"), [("es", "Hola"), ("en", "Welcome"), ("ar", "Welcome")])
def test_the_studio_shows_content_in_the_language_it_writes_it_in(
    bilingual, host_client, org_a, accept_language, title
):
    course, placement, _learner = bilingual
    _translate(placement.lesson, "es", title="Hola")
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course.instructors.add(instructor)
    client = host_client(org_a, user=instructor.user)
    html = client.get(reverse("studio_outline", args=[course.pk]), HTTP_ACCEPT_LANGUAGE=accept_language)
    edit_link = reverse("studio_lesson_edit", args=[placement.lesson_id])
    assert f'<a class="outline-row__title" href="{edit_link}">{title}</a>' in html.content.decode()
