"""The studio's curriculum builder: compact rows, the side panel, removal that asks first, bulk
tier change, and an outline whose size and queries do not grow with its form count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import OrgAuditEntry
from apps.course.models import (
    OrgLesson,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
)
from apps.member.models import OrgMember
from tests.course.factories import (
    CourseFactory,
    LessonFactory,
    PlacementFactory,
    SectionFactory,
    build_course,
)
from tests.member.factories import OrgMemberFactory

Placement = OrgProductCourseModuleSectionLesson
# the course (with its and its product's translations), challenge summary (2) and ratings, skill weights and
# the skill tree (2); the outline itself comes from the cache, the member from the session cache
OUTLINE_PAGE_QUERIES = 9


@pytest.fixture
def studio(in_org, org_a, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course = CourseFactory()
    course.instructors.add(instructor)
    return course, instructor, host_client(org_a, user=instructor.user)


def _action(course, name):
    return reverse("studio_outline_action", args=[course.pk, name])


def _panel(course, kind, item_id, panel):
    return reverse("studio_outline_panel", args=[course.pk, kind, item_id, panel])


def _outline(client, course) -> str:
    return client.get(reverse("studio_outline", args=[course.pk])).content.decode()


def test_each_item_is_one_row_with_its_marks_and_no_form_of_its_own(studio):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course, module__title="Basics", title="Setup")
    PlacementFactory(section=section, lesson__title="Install", required_access_tier=2, is_preview=True)
    PlacementFactory(section=section, lesson__title="Extras", is_required=False)
    html = _outline(client, course)
    rows = re.findall(r'<li class="outline__lesson outline-row".*?</li>', html, re.S)
    assert len(rows) == 2
    assert "Install" in rows[0] and "badge--tier-2" in rows[0] and "Free preview" in rows[0]
    assert "Required" in rows[0] and "Optional" not in rows[0]
    assert "Optional" in rows[1] and "Free preview" not in rows[1]
    assert "outline__handle" in rows[0] and "Text" in rows[0]  # drag handle and type
    # A row's only form is its move buttons (the keyboard alternative to dragging); edits live in the panel.
    assert [len(re.findall(r"<form", row)) for row in rows] == [1, 1]
    assert all("<select" not in row for row in rows)


def _page_and_queries(client, course) -> tuple[str, int]:
    url = reverse("studio_outline", args=[course.pk])
    client.get(url)  # the outline's cache filled, as every later visit finds it
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, len(queries)


def test_an_outline_of_60_lessons_stays_small_and_costs_fixed_queries(studio):
    course, instructor, client = studio
    small = build_course(modules=2, sections=2, lessons=3)
    small.instructors.add(instructor)
    big = build_course(modules=6, sections=2, lessons=5, course=course)  # 60 lessons
    small_html, small_queries = _page_and_queries(client, small)
    big_html, big_queries = _page_and_queries(client, big)
    assert big_queries == small_queries == OUTLINE_PAGE_QUERIES
    assert big_html.count('class="outline__lesson outline-row"') == 60
    assert big_html.count("<select") == small_html.count("<select")  # no select on any row
    assert len(big_html) < 160_000  # the form-per-row editor sent 307 kB for these 60 lessons


def test_the_edit_panel_opens_beside_the_outline_with_htmx_and_as_a_page_without(studio):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course, title="Setup", required_access_tier=2)
    placement = PlacementFactory(section=section, lesson__title="Install")
    partial = client.get(
        _panel(course, "section", section.pk, "edit"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert 'name="title" value="Setup"' in partial
    assert re.search(r'<option value="2" selected>', partial)
    page = client.get(_panel(course, "placement", placement.pk, "edit"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and "Move to section" in html and "placement-update" in html
    response = client.post(
        _action(course, "placement-update"),
        {"id": placement.pk, "required_access_tier": "3", "is_preview": "on"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.required_access_tier, placement.is_preview, placement.is_required) == (3, True, False)


def test_add_at_every_level_through_the_panel(studio):
    course, instructor, client = studio
    lesson = LessonFactory(title="Welcome", created_by=instructor)
    client.post(_action(course, "module-add"), {"title": "Start", "required_access_tier": ""})
    module = course.modules.get()
    assert "Section title" in client.get(_panel(course, "module", module.pk, "add")).content.decode()
    client.post(
        _action(course, "section-add"), {"title": "Setup", "module": module.pk, "required_access_tier": "2"}
    )
    section = module.sections.get()
    assert (section.title, section.required_access_tier) == ("Setup", 2)
    add_lesson = client.get(_panel(course, "section", section.pk, "add")).content.decode()
    assert f'<option value="{lesson.pk}">Welcome (Text)</option>' in add_lesson
    client.post(
        _action(course, "placement-add"), {"section": section.pk, "lesson": lesson.pk, "is_required": "on"}
    )
    assert section.placements.get().lesson_id == lesson.pk


@pytest.mark.parametrize("kind", ["module", "section", "placement"])
def test_every_item_is_removed_only_after_the_panel_asks(studio, kind):
    course, _instructor, client = studio
    build_course(modules=1, sections=1, lessons=1, course=course)
    module = course.modules.get()
    section = module.sections.get()
    placement = Placement.objects.get(section=section)
    item_id = {"module": module.pk, "section": section.pk, "placement": placement.pk}[kind]
    html = _outline(client, course)
    remove_url = _panel(course, kind, item_id, "remove")
    assert f'href="{remove_url}"' in html
    assert "/outline/delete/" not in html  # no remove form on the rows: removing asks first
    question = client.get(remove_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Yes, remove" in question and "/outline/delete/" in question
    assert "stay in the library" in question or "stays in the library" in question
    response = client.post(_action(course, "delete"), {"kind": kind, "id": item_id}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    model = {
        "module": OrgProductCourseModule,
        "section": OrgProductCourseModuleSection,
        "placement": Placement,
    }
    assert not model[kind].objects.filter(pk=item_id).exists()
    assert OrgLesson.objects.filter(pk=placement.lesson_id).exists()  # the lesson stays in the library


def test_panels_of_another_courses_items_or_unknown_panels_are_404(studio):
    course, _instructor, client = studio
    other = SectionFactory()  # another course of the same org, not this instructor's
    mine = SectionFactory(module__course=course)
    assert client.get(_panel(course, "section", other.pk, "edit")).status_code == 404
    assert client.get(_panel(course, "placement", mine.pk, "edit")).status_code == 404  # wrong kind
    assert client.get(_panel(course, "placement", 1, "add")).status_code == 404
    assert client.get(_panel(other.module.course, "section", other.pk, "edit")).status_code == 404


def test_a_second_org_cannot_open_the_first_orgs_panels(in_org, org_a, org_b, host_client):
    in_org(org_a)
    section = SectionFactory(title="Alpha section")
    course_id = section.module.course_id
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    client = host_client(org_b, user=admin_b.user)
    url = reverse("studio_outline_panel", args=[course_id, "section", section.pk, "edit"])
    assert client.get(url).status_code == 404


def test_bulk_tier_change_sets_the_selected_lessons_tier(studio):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course)
    a, b, c = (PlacementFactory(section=section, position=n) for n in range(3))
    response = client.post(
        _action(course, "bulk-tier"),
        {"ids": [a.pk, c.pk], "required_access_tier": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert "The tier of 2 lessons changed." in response.content.decode()
    tiers = dict(Placement.objects.values_list("pk", "required_access_tier"))
    assert tiers == {a.pk: 3, b.pk: None, c.pk: 3}
    assert OrgAuditEntry.objects.filter(verb="update").count() == 2
    client.post(_action(course, "bulk-tier"), {"ids": [a.pk, b.pk], "required_access_tier": ""})
    assert dict(Placement.objects.values_list("pk", "required_access_tier")) == {
        a.pk: None,
        b.pk: None,
        c.pk: 3,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"required_access_tier": "2"}, "Select the lessons to change first."),
        ({"required_access_tier": "9", "ids": "OWN"}, "Choose a valid tier."),
        ({"required_access_tier": "2", "ids": "FOREIGN"}, "not in this course. Nothing was changed."),
    ],
)
def test_bulk_tier_change_refuses_bad_input_and_changes_nothing(studio, data, message):
    course, _instructor, client = studio
    mine = PlacementFactory(section=SectionFactory(module__course=course))
    foreign = PlacementFactory()
    ids = {"OWN": [mine.pk], "FOREIGN": [mine.pk, foreign.pk]}
    data = dict(data)
    if "ids" in data:
        data["ids"] = ids[data["ids"]]
    response = client.post(_action(course, "bulk-tier"), data, HTTP_HX_REQUEST="true")
    assert message in response.content.decode()
    assert list(Placement.objects.values_list("required_access_tier", flat=True)) == [None, None]


def test_modules_fold_and_the_builder_loads_its_script(studio):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course)
    html = _outline(client, course)
    body = f"module-body-{section.module_id}"
    assert f'aria-controls="{body}"' in html and f'id="{body}"' in html
    assert "js/studio/outline.js" in html
    assert "Collapse all" in html and "Expand all" in html
