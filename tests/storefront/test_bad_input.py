"""The findings of the security issue's "500s from bad input", each answered 400/404 with a message."""

import pytest
from django.urls import reverse

from apps.member.models import OrgMember
from apps.product.models import OrgProduct
from tests.course.factories import LessonFactory
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.product.factories import OrgProductFactory


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=%00", "Search: Null characters are not allowed."),
        ("min=1e999999", "Min price: Ensure that there are no more than 14 digits in total."),
        ("min=NaN", "Min price: Enter a number."),
        ("max=-Infinity", "Max price: Enter a number."),
        ("min=-1", "Min price: Ensure this value is greater than or equal to 0."),
        ("skill=99999999999999999999", "Skill: Ensure this value is less than or equal to 2147483647."),
    ],
)
def test_catalog_refuses_a_bad_filter_with_400_and_names_it(org_a, in_org, host_client, query, message):
    in_org(org_a)
    market(1)
    OrgProductFactory(status=OrgProduct.Status.PUBLISHED, title="Still listed")
    response = host_client(org_a).get(f"/catalog/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Still listed" in page


@pytest.mark.parametrize("path", ["/p/%00/", "/c/%00/", "/p/a%00b/"])
def test_a_nul_byte_in_a_storefront_slug_is_404(org_a, in_org, host_client, path):
    in_org(org_a)
    market(1)
    assert host_client(org_a).get(path).status_code == 404


def test_course_list_refuses_a_nul_skill(org_a, in_org, host_client):
    in_org(org_a)
    response = host_client(org_a).get("/courses/?skill=%00")
    assert response.status_code == 400
    assert "Skill: " in response.content.decode()


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (OrgMember.Role.ADMIN, "/manage/catalog/products/?q=%00"),
        (OrgMember.Role.INSTRUCTOR, "/studio/lessons/?q=%00"),
    ],
)
def test_signed_in_searches_refuse_a_nul(org_a, in_org, host_client, role, url):
    in_org(org_a)
    member = OrgMemberFactory(role=role)
    LessonFactory(created_by=member, title="Kept")
    response = host_client(org_a, user=member.user).get(url)
    assert response.status_code == 400
    assert "Search: Null characters are not allowed." in response.content.decode()


def test_a_megabyte_product_description_is_a_form_error(org_a, in_org, host_client):
    in_org(org_a)
    market(1)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    product = OrgProductFactory(title="Sized")
    url = reverse("manage_product_translation", args=[product.pk, "en-US"])
    response = host_client(org_a, user=admin.user).post(
        url, {"title": "Sized", "slug": "sized", "description": "x" * 1_000_000}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 50000 characters (it has 1000000)." in response.content.decode()
    product.refresh_from_db()
    assert product.safe_translation_getter("description", default="") == ""
