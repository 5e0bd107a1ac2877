"""Cached storefront pages: served without queries, and never older than the last write.

Each write goes through the service (or, for data other apps own, the model) after the page was
cached, and the next request must show it.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from apps.locale_region.services import org_region_update
from apps.payment.services.plans import (
    payment_plan_price_remove,
    payment_plan_price_set,
    payment_plan_translation_save,
    payment_plan_update,
)
from apps.product.services import (
    collection_products_set,
    collection_translation_save,
    collection_update,
    product_skill_set,
    product_translation_save,
    product_unpublish,
    product_variant_translation_save,
    product_variant_update,
)
from apps.skill.models import Skill
from tests.actors import TEST_ACTOR
from tests.conftest import domain_of
from tests.product.factories import OrgProductCollectionFactory
from tests.skill.factories import SkillFactory

PRODUCT = "/p/django-for-teams/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cached(client, path, django_assert_num_queries) -> str:
    """GET ``path`` twice; the second answer must come from the cache, with no query at all."""
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path)
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())
    return second.content.decode()


def _variant(shop, number=0):
    return shop["product"].variants.order_by("position")[number]


def _plan(shop):
    return _variant(shop).payment_plans.order_by("access_tier")[0]


def _rename_product(shop):
    product_translation_save(actor=TEST_ACTOR, product=shop["product"], language_code="en-US",
                             title="Renamed course", slug="django-for-teams")  # fmt: skip


def _rename_variant(shop):
    product_variant_translation_save(
        actor=TEST_ACTOR, variant=_variant(shop), language_code="en-US", name="With mentoring"
    )


def _hide_variant(shop):
    product_variant_update(actor=TEST_ACTOR, variant=_variant(shop), position=0, is_active=False)


def _rename_plan(shop):
    payment_plan_translation_save(
        actor=TEST_ACTOR, plan=_plan(shop), language_code="en-US", name="Starter pass"
    )


def _deactivate_plan(shop):
    plan = _plan(shop)
    payment_plan_update(
        actor=TEST_ACTOR, plan=plan, access_tier=plan.access_tier, position=plan.position, is_active=False
    )


def _reprice(shop):
    us = shop["regions"][0]
    payment_plan_price_set(
        actor=TEST_ACTOR, plan=_plan(shop), region=us, amount=Decimal("19.00"), currency_code="USD"
    )


def _unprice(shop):
    payment_plan_price_remove(actor=TEST_ACTOR, plan=_plan(shop), region=shop["regions"][0])


def _add_skill(shop):
    product_skill_set(actor=TEST_ACTOR, product=shop["product"], skill=shop["skill"], weight=50)


def _rename_region(shop):
    us = shop["regions"][0]
    org_region_update(actor=TEST_ACTOR, region=us, countries=list(us.countries.all()),
                      locales=list(us.locales.all()), name="North America")  # fmt: skip


@pytest.mark.parametrize(
    ("write", "path", "shown", "hidden", "plan_cards"),
    [
        (_rename_product, PRODUCT, "Renamed course", "Django for teams", 12),
        (_rename_product, "/catalog/", "Renamed course", "Django for teams", None),
        (_rename_variant, PRODUCT, "With mentoring", "Variant 0", 12),
        (_hide_variant, PRODUCT, None, "Variant 0", 9),
        (_rename_plan, PRODUCT, "Starter pass", None, 12),
        (_deactivate_plan, PRODUCT, None, None, 11),
        (_reprice, PRODUCT, "$19.00", None, 12),
        (_reprice, "/catalog/", "From $19.00", "From $49.00", None),
        (_unprice, PRODUCT, None, None, 11),
        (_add_skill, PRODUCT, "Cache Testing", None, 12),
        (_rename_region, PRODUCT, "North America (USD)", "US (USD)", 12),
        (_rename_region, "/catalog/", "North America (USD)", "US (USD)", None),
    ],
)
def test_a_service_write_shows_on_the_next_request(
    shop, host_client, org_a, django_assert_num_queries, write, path, shown, hidden, plan_cards
):
    shop["skill"] = SkillFactory(slug="cache-testing")
    connection.set_tenant(org_a)
    client = host_client(org_a)
    before = _cached(client, path, django_assert_num_queries)
    assert (shown is None or shown not in before) and (hidden is None or hidden in before)
    assert plan_cards is None or before.count('class="card plan') == 12
    write(shop)
    html = client.get(path).content.decode()
    assert shown is None or shown in html
    assert hidden is None or hidden not in html
    assert plan_cards is None or html.count('class="card plan') == plan_cards


def test_unpublishing_removes_the_product_from_cached_pages(
    shop, host_client, org_a, django_assert_num_queries
):
    client = host_client(org_a)
    assert "Django for teams" in _cached(client, "/catalog/", django_assert_num_queries)
    _cached(client, PRODUCT, django_assert_num_queries)
    product_unpublish(actor=TEST_ACTOR, product=shop["product"])
    assert "No products match" in client.get("/catalog/").content.decode()
    assert client.get(PRODUCT).status_code == 404


def test_collection_writes_show_on_the_home_page(shop, host_client, org_a, django_assert_num_queries):
    collection = OrgProductCollectionFactory(title="Spring picks", slug="spring-picks", is_published=False)
    client = host_client(org_a)
    assert "Spring picks" not in _cached(client, "/", django_assert_num_queries)
    collection_update(
        actor=TEST_ACTOR, collection=collection, kind=collection.kind, position=0, is_published=True
    )
    assert "Spring picks" in _cached(client, "/", django_assert_num_queries)
    collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=[shop["product"].pk])
    assert "Django for teams" in _cached(client, "/", django_assert_num_queries)
    collection_translation_save(actor=TEST_ACTOR, collection=collection, language_code="en-US",
                                title="Summer picks", slug="spring-picks")  # fmt: skip
    html = client.get("/").content.decode()
    assert "Summer picks" in html and "Spring picks" not in html


def test_a_skill_renamed_in_the_public_taxonomy_shows_on_every_org(
    shop, host_client, org_a, django_assert_num_queries
):
    skill = SkillFactory(slug="cache-skill", name="Old skill name")
    connection.set_tenant(org_a)
    product_skill_set(actor=TEST_ACTOR, product=shop["product"], skill=skill, weight=50)
    client = host_client(org_a)
    assert "Old skill name" in _cached(client, PRODUCT, django_assert_num_queries)
    connection.set_schema_to_public()
    skill = Skill.objects.get(pk=skill.pk)
    skill.set_current_language("en-us")
    skill.name = "New skill name"
    skill.save()  # as Django admin does, not through an org's services
    html = client.get(PRODUCT).content.decode()
    assert "New skill name" in html and "Old skill name" not in html


def test_a_cached_page_holds_nothing_of_a_visitor_and_the_region_switch_needs_no_token(
    shop, org_a, django_assert_num_queries
):
    host = domain_of(org_a)
    _cached(Client(HTTP_HOST=host), PRODUCT, django_assert_num_queries)  # another visitor fills the cache
    visitor = Client(HTTP_HOST=host, enforce_csrf_checks=True)
    response = visitor.get(PRODUCT)
    assert "csrfmiddlewaretoken" not in response.content.decode() and not response.cookies
    assert visitor.get("/region/").status_code == 405
    assert visitor.post("/region/", {"region": "eu"}).status_code == 302
    # the visitor now has a session: their saved region, not the cached default-region page
    assert visitor.get(PRODUCT)["Content-Language"] == "de-DE"


def test_signed_in_visitors_never_get_the_signed_out_page(
    shop, host_client, org_a, django_assert_num_queries
):
    from tests.user.factories import UserFactory

    signed_out = _cached(host_client(org_a), PRODUCT, django_assert_num_queries)
    assert "Sign out" not in signed_out
    connection.set_schema_to_public()
    html = host_client(org_a, user=UserFactory()).get(PRODUCT).content.decode()
    assert "Sign out" in html and "Django for teams" in html


def test_urls_with_unknown_parameters_are_not_kept_in_the_page_cache(
    shop, host_client, org_a, django_assert_num_queries
):
    client = host_client(org_a)
    _cached(client, PRODUCT, django_assert_num_queries)  # parts and page cached
    with django_assert_num_queries(0):  # parts come from the cache, the page is rendered
        html = client.get(PRODUCT + "?utm_source=mail").content.decode()
    assert "Django for teams" in html
    from django.core.cache import cache

    from volmify.pagecache import page_key

    assert cache.get(page_key(client.get(PRODUCT).wsgi_request)) is not None
    assert cache.get(page_key(client.get(PRODUCT + "?utm_source=mail").wsgi_request)) is None


def test_signed_in_pages_are_shells_per_role_with_each_visitor_token(
    shop, host_client, org_a, django_assert_num_queries
):
    """A signed-in visitor's storefront page is served from a shell with no query; the navigation
    follows their role, and each visitor gets their own CSRF token."""
    from apps.member.models import OrgMember
    from apps.member.services import member_add
    from tests.member.factories import OrgMemberFactory

    learner = OrgMemberFactory(role=OrgMember.Role.LEARNER).user
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    connection.set_schema_to_public()
    learner_client, admin_client = host_client(org_a, user=learner), host_client(org_a, user=admin)
    learner_html = _cached(learner_client, PRODUCT, django_assert_num_queries)
    admin_html = _cached(admin_client, PRODUCT, django_assert_num_queries)
    assert "Sign out" in learner_html and "/manage/" not in learner_html
    assert 'href="/manage/"' in admin_html and "/studio/" in admin_html
    learner_token = TOKEN.search(learner_html).group(1)
    assert learner_token != TOKEN.search(_cached(host_client(org_a, user=learner), PRODUCT,
                                                  django_assert_num_queries)).group(1)  # fmt: skip
    assert "Sign out" in _cached(learner_client, "/", django_assert_num_queries)
    connection.set_tenant(org_a)
    member_add(
        actor=TEST_ACTOR, user=admin, role=OrgMember.Role.LEARNER
    )  # demoted: the next page drops the link
    connection.set_schema_to_public()
    assert 'href="/manage/"' not in admin_client.get(PRODUCT).content.decode()


def test_signed_in_shells_show_a_write_at_once(shop, host_client, org_a, django_assert_num_queries):
    from tests.user.factories import UserFactory

    client = host_client(org_a, user=UserFactory())
    _cached(client, PRODUCT, django_assert_num_queries)
    connection.set_tenant(org_a)
    _rename_product(shop)
    connection.set_schema_to_public()
    assert "Renamed course" in client.get(PRODUCT).content.decode()
