"""The console's credits page of a product (/manage/catalog/products/<id>/creators/)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import OrgAuditEntry
from apps.course.models import OrgProductCourse
from apps.course.services.collaborators import product_creators_set
from apps.member.models import OrgMember
from apps.product.attribution import Credit
from apps.product.models import OrgProduct, OrgProductInstructorAttribution
from tests.course.factories import CourseFactory
from tests.instructor.factories import affiliation_with_share
from tests.member.factories import OrgMemberFactory
from tests.product.factories import OrgProductFactory


def _rows(*rows):
    data = {
        "credits-TOTAL_FORMS": str(len(rows)),
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"credits-{index}-{key}"] = value
    return data


@pytest.fixture
def setup(org_a, in_org):
    first, second = affiliation_with_share(org_a, "30"), affiliation_with_share(org_a, "50")
    in_org(org_a)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    return admin, first.profile, second.profile


def _credits(product):
    return list(
        OrgProductInstructorAttribution.objects.filter(product=product)
        .order_by("position")
        .values_list("profile_id", "role", "share_percent")
    )


@pytest.mark.parametrize("product_type", [choice for choice, _label in OrgProduct.ProductType.choices])
def test_admin_adds_edits_and_removes_credits_for_every_product_type(setup, host_client, org_a, product_type):
    admin, first, second = setup
    product = OrgProductFactory(product_type=product_type)
    client = host_client(org_a, admin)
    url = f"/manage/catalog/products/{product.pk}/creators/"
    assert first.display_name in client.get(url).content.decode()
    response = client.post(
        url,
        _rows(
            {"profile": first.pk, "role": "author", "share_percent": "60"},
            {"profile": second.pk, "role": "reviewer", "share_percent": "12.5"},
        ),
    )
    assert response.status_code == 302
    assert _credits(product) == [
        (first.pk, "author", Decimal("60")),
        (second.pk, "reviewer", Decimal("12.5")),
    ]
    response = client.post(
        url,
        _rows(
            {"profile": first.pk, "role": "co_author", "share_percent": "70"},
            {"profile": second.pk, "role": "reviewer", "share_percent": "12.5", "remove": "on"},
        ),
    )
    assert response.status_code == 302
    assert _credits(product) == [(first.pk, "co_author", Decimal("70"))]


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (("60", "50"), "they can total at most 100%"),
        (("-5", "10"), "Enter a percentage from 0 to 100."),
        (("10.123", "10"), "A percentage has at most two decimal places."),
    ],
)
def test_bad_shares_are_refused_and_nothing_changes(setup, host_client, org_a, shares, message):
    admin, first, second = setup
    product = OrgProductFactory()
    client = host_client(org_a, admin)
    url = f"/manage/catalog/products/{product.pk}/creators/"
    client.post(url, _rows({"profile": first.pk, "role": "author", "share_percent": "40"}))
    before = _credits(product)
    response = client.post(
        url,
        _rows(
            {"profile": first.pk, "role": "author", "share_percent": shares[0]},
            {"profile": second.pk, "role": "author", "share_percent": shares[1]},
        ),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert _credits(product) == before


def test_another_orgs_product_is_a_404_and_members_cannot_enter(setup, host_client, org_a, org_b, in_org):
    _admin, first, _second = setup
    product = OrgProductFactory()
    teacher = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR).user
    assert host_client(org_a, teacher).get(
        f"/manage/catalog/products/{product.pk}/creators/"
    ).status_code in {
        302,
        403,
    }
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    response = host_client(org_b, admin_b).post(
        f"/manage/catalog/products/{product.pk}/creators/",
        _rows({"profile": first.pk, "role": "author", "share_percent": "10", "may_edit": "on"}),
    )
    assert response.status_code == 404
    in_org(org_a)
    assert _credits(product) == []


def test_product_editor_links_to_the_credits_page(setup, host_client, org_a):
    admin, _first, _second = setup
    product = OrgProductFactory()
    html = host_client(org_a, admin).get(f"/manage/catalog/products/{product.pk}/").content.decode()
    assert f"/manage/catalog/products/{product.pk}/creators/" in html


def _editor_user_ids(product):
    return set(OrgProductCourse.objects.get(product=product).instructors.values_list("user_id", flat=True))


def test_may_edit_in_the_studio_is_set_apart_from_the_share(setup, host_client, org_a, in_org):
    admin, first, second = setup
    course = CourseFactory()
    product = course.product
    client = host_client(org_a, admin)
    url = f"/manage/catalog/products/{product.pk}/creators/"
    assert "May edit in the studio" in client.get(url).content.decode()
    response = client.post(
        url,
        _rows(
            {"profile": first.pk, "role": "author", "share_percent": "100"},
            {"profile": second.pk, "role": "reviewer", "share_percent": "0", "may_edit": "on"},
        ),
    )
    assert response.status_code == 302
    in_org(org_a)
    assert _credits(product) == [(first.pk, "author", Decimal("100")), (second.pk, "reviewer", Decimal("0"))]
    assert _editor_user_ids(product) == {second.user_id}
    html = client.get(url).content.decode()
    assert (
        html.count("checked") == 1 and 'name="credits-1-may_edit" id="id_credits-1-may_edit" checked' in html
    )
    audit = OrgAuditEntry.objects.filter(
        object_type="course.orgproductcourse", object_id=str(course.pk), changes__has_key="instructors"
    ).last()
    assert audit is not None and audit.actor_id == admin.pk
    response = client.post(
        url,
        _rows(
            {"profile": first.pk, "role": "author", "share_percent": "100", "may_edit": "on"},
            {"profile": second.pk, "role": "reviewer", "share_percent": "0"},
        ),
    )
    assert response.status_code == 302
    in_org(org_a)
    assert _editor_user_ids(product) == {first.user_id}


def test_members_the_page_does_not_list_keep_their_studio_rights(setup, host_client, org_a, in_org):
    admin, first, _second = setup
    course = CourseFactory()
    other = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course.instructors.add(other)
    response = host_client(org_a, admin).post(
        f"/manage/catalog/products/{course.product.pk}/creators/",
        _rows({"profile": first.pk, "role": "author", "share_percent": "50", "may_edit": "on"}),
    )
    assert response.status_code == 302
    in_org(org_a)
    assert _editor_user_ids(course.product) == {other.user_id, first.user_id}


def test_a_product_that_is_not_a_course_has_no_studio_checkbox_and_refuses_one(setup, host_client, org_a):
    admin, first, _second = setup
    product = OrgProductFactory(product_type=OrgProduct.ProductType.DIGITAL)
    client = host_client(org_a, admin)
    url = f"/manage/catalog/products/{product.pk}/creators/"
    assert "May edit in the studio" not in client.get(url).content.decode()
    before = _credits(product)
    with pytest.raises(ValidationError) as caught:
        product_creators_set(
            actor=admin,
            product=product,
            credits=[Credit(first.pk, "author", "10")],
            editor_profile_ids=[first.pk],
        )
    assert caught.value.messages == ["Only a course is edited in the studio; this product is not a course."]
    assert _credits(product) == before


def test_only_a_credited_profile_may_be_an_editor_and_nothing_changes(setup, org_a, in_org):
    admin, first, second = setup
    course = CourseFactory()
    with pytest.raises(ValidationError) as caught:
        product_creators_set(
            actor=admin,
            product=course.product,
            credits=[Credit(first.pk, "author", "10")],
            editor_profile_ids=[second.pk],
        )
    assert caught.value.messages == ["Only a credited profile can be allowed to edit in the studio."]
    assert _credits(course.product) == [] and _editor_user_ids(course.product) == set()


def test_an_instructor_cannot_set_who_edits(setup, org_a):
    _admin, first, _second = setup
    course = CourseFactory()
    teacher = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR).user
    with pytest.raises(PermissionDenied):
        product_creators_set(
            actor=teacher,
            product=course.product,
            credits=[Credit(first.pk, "author", "10")],
            editor_profile_ids=[first.pk],
        )
    assert _credits(course.product) == [] and _editor_user_ids(course.product) == set()
