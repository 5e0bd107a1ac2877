"""Console lists search and paginate: enrollments, collections, tax categories, brands."""

import re

import pytest

from apps.member.models import OrgMember
from tests.locale_region.factories import OrgBrandFactory, market
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.product.factories import OrgProductCollectionFactory, OrgTaxCategoryFactory


def _brand(n, name):
    return OrgBrandFactory(name=name, slug=f"brand-{n}")


def _tax(n, name):
    return OrgTaxCategoryFactory(name=name, code=f"code-{n}")


def _collection(n, name):
    return OrgProductCollectionFactory(title=name, slug=f"collection-{n}")


def _enrollment(n, name):
    return EnrollmentFactory(member=OrgMemberFactory(user__email=f"{name.lower()}-{n}@example.com"))


def _rows(html: str) -> str:
    """The list's table rows (forms on the page may name the same things)."""
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    return "".join(bodies).lower()


LISTS = {
    "/manage/markets/brands/": (_brand, 25),
    "/manage/catalog/tax/": (_tax, 25),
    "/manage/catalog/collections/": (_collection, 25),
    "/manage/enrollments/": (_enrollment, 50),
}


@pytest.fixture
def console(org_a, in_org, host_client):
    in_org(org_a)
    market(1)
    return host_client(org_a, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_searches_and_paginates(console, url):
    make, per_page = LISTS[url]
    for n in range(per_page + 2):
        make(n, "Zebra" if n < per_page else "Quokka")
    first = console.get(url).content.decode()
    assert "Page 1 of 2" in first and "page=2" in first
    second = console.get(url + "?page=2").content.decode()
    assert "Page 2 of 2" in second
    found = console.get(url + "?q=quokka").content.decode()
    assert _rows(found).count("quokka") >= 2 and "zebra" not in _rows(found)
    assert "Page 1 of" not in found  # two results fit one page
    assert 'name="q" value="quokka"' in found
    nothing = console.get(url + "?q=platypus").content.decode()
    assert "matches this search" in nothing


@pytest.mark.parametrize("url", LISTS)
def test_an_over_long_search_is_refused_with_a_message(console, url):
    response = console.get(url + "?q=" + "x" * 101)
    assert response.status_code == 400
    assert "Search: Ensure this value has at most 100 characters" in response.content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_another_orgs_rows_never_appear(in_org, org_a, org_b, host_client, url):
    make, _per_page = LISTS[url]
    in_org(org_b)
    market(1)
    make(1, "Wombat")
    in_org(org_a)
    client = host_client(org_a, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    html = client.get(url + "?q=wombat").content.decode()
    assert "wombat" not in _rows(html) and "matches this search" in html
