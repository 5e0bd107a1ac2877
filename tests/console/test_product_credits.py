"""The console's credits page of a product (/manage/catalog/products/<id>/creators/)."""

from decimal import Decimal

import pytest

from apps.member.models import OrgMember
from apps.product.models import OrgProduct, OrgProductInstructorAttribution
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
        _rows({"profile": first.pk, "role": "author", "share_percent": "10"}),
    )
    assert response.status_code == 404
    in_org(org_a)
    assert _credits(product) == []


def test_product_editor_links_to_the_credits_page(setup, host_client, org_a):
    admin, _first, _second = setup
    product = OrgProductFactory()
    html = host_client(org_a, admin).get(f"/manage/catalog/products/{product.pk}/").content.decode()
    assert f"/manage/catalog/products/{product.pk}/creators/" in html
