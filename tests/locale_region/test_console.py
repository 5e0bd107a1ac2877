"""Console pages of /manage/markets/: locales, brands and regions."""

import pytest

from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.member.models import OrgMember
from apps.org.domains import fake_txt_record_plant
from apps.org.models import OrgDomain
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from tests.locale_region.factories import OrgBrandFactory, market, org_locale
from tests.member.factories import OrgMemberFactory
from tests.org.factories import OrgDomainFactory
from tests.payment.factories import PaymentPlanFactory
from tests.product.factories import OrgProductVariantFactory


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


@pytest.fixture
def console(admin, host_client, org_a):
    return host_client(org_a, admin)


BRAND = {"primary_color": "#000000", "secondary_color": "#000000"}


def chain() -> list[str]:
    return [row.locale.locale_key for row in OrgLocale.objects.select_related("locale")]


def region_post(**overrides):
    data = {
        "name": "Europe",
        "slug": "europe",
        "region_type": "multi_country",
        "countries": [Country.objects.get(alpha2="DE").pk, Country.objects.get(alpha2="FR").pk],
        "currency": Currency.objects.get(code="EUR").pk,
        "locales": [OrgLocale.objects.get(locale__locale_key=key).pk for key in ("de-DE", "en-US")],
        "default_locale": OrgLocale.objects.get(locale__locale_key="de-DE").pk,
        "access_type": "path_prefix",
        "path_prefix": "europe",
        "position": "1",
    }
    return data | overrides


# Locales ----------------------------------------------------------------------------------------------


def test_admin_adds_locales_from_the_registry_and_the_first_is_default(console):
    assert (
        console.post(
            "/manage/markets/locales/", {"locale": Locale.objects.get(locale_key="fr-FR").pk}
        ).status_code
        == 302
    )
    de = Locale.objects.get(locale_key="de-DE")
    assert console.post("/manage/markets/locales/", {"locale": de.pk}).status_code == 302
    assert chain() == ["fr-FR", "de-DE"]
    assert OrgLocale.objects.get(is_default=True).locale_key == "fr-FR"
    html = console.get("/manage/markets/locales/").content.decode()
    assert "fr-FR" in html and "Make default" in html
    # an authored locale is no longer offered, and posting it again is a form error that saves nothing
    response = console.post("/manage/markets/locales/", {"locale": de.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert OrgLocale.objects.count() == 2


def test_inactive_registry_locale_cannot_be_added(console):
    locale = Locale.objects.get(locale_key="fr-FR")
    Locale.objects.filter(pk=locale.pk).update(is_active=False)
    response = console.post("/manage/markets/locales/", {"locale": locale.pk})
    assert response.status_code == 400
    assert OrgLocale.objects.count() == 0


def test_set_default_and_fallback_order(console):
    en, es, de = org_locale("en-US", is_default=True), org_locale("es-MX"), org_locale("de-DE")
    assert chain() == ["en-US", "es-MX", "de-DE"]
    assert console.post(f"/manage/markets/locales/{de.pk}/up/").status_code == 302
    assert chain() == ["en-US", "de-DE", "es-MX"]
    console.post(f"/manage/markets/locales/{de.pk}/up/")  # the default stays first
    assert chain() == ["en-US", "de-DE", "es-MX"]
    console.post(f"/manage/markets/locales/{de.pk}/down/")
    assert chain() == ["en-US", "es-MX", "de-DE"]
    assert console.post(f"/manage/markets/locales/{es.pk}/default/").status_code == 302
    assert chain() == ["es-MX", "en-US", "de-DE"]
    assert console.post(f"/manage/markets/locales/{en.pk}/remove/").status_code == 302
    assert chain() == ["es-MX", "de-DE"]


def test_removing_a_locale_a_region_serves_is_refused_with_a_message(console):
    regions = market(2)["regions"]
    de = OrgLocale.objects.get(locale__locale_key="de-DE")
    response = console.post(f"/manage/markets/locales/{de.pk}/remove/", follow=True)
    assert "A region still serves this locale" in response.content.decode()
    assert OrgLocale.objects.filter(pk=de.pk).exists()
    assert regions[1].locales.filter(pk=de.pk).exists()


def test_unknown_locale_action_is_404(console):
    en = org_locale("en-US", is_default=True)
    assert console.post(f"/manage/markets/locales/{en.pk}/explode/").status_code == 404


# Brands -----------------------------------------------------------------------------------------------


def test_brand_crud(console):
    data = {"name": "Acme Press", "legal_name": "Acme Press GmbH", "logo_url": "https://cdn.test/logo.png",
            "primary_color": "#112233", "secondary_color": "#445566"}  # fmt: skip
    assert console.post("/manage/markets/brands/new/", data).status_code == 302
    brand = OrgBrand.objects.get()
    assert (brand.slug, brand.legal_name, brand.primary_color) == ("acme-press", "Acme Press GmbH", "#112233")
    assert "Acme Press" in console.get("/manage/markets/brands/").content.decode()
    assert 'value="Acme Press GmbH"' in console.get(f"/manage/markets/brands/{brand.pk}/").content.decode()
    response = console.post(
        f"/manage/markets/brands/{brand.pk}/", data | {"name": "Acme Books", "slug": "books"}
    )
    assert response.status_code == 302
    brand.refresh_from_db()
    assert (brand.name, brand.slug) == ("Acme Books", "books")
    assert console.post(f"/manage/markets/brands/{brand.pk}/delete/").status_code == 302
    assert OrgBrand.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"primary_color": "blue"}, "Enter a colour such as #1a2b3c."),
        ({"slug": "taken"}, "Another brand already uses this slug."),
        ({"name": ""}, "This field is required."),
        ({"logo_url": "not a url"}, "Enter a valid URL."),
    ],
)
def test_bad_brand_input_is_a_form_error_and_saves_nothing(console, overrides, message):
    OrgBrandFactory(slug="taken", name="Taken")
    data = {"name": "New", "primary_color": "#112233", "secondary_color": "#445566"} | overrides
    response = console.post("/manage/markets/brands/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert OrgBrand.objects.count() == 1


def test_htmx_post_returns_only_the_form_with_inline_errors(console):
    response = console.post(
        "/manage/markets/brands/new/", {"name": "", "primary_color": "#112233"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith("<form") and 'class="field__error"' in html
    response = console.post(
        "/manage/markets/brands/new/",
        {"name": "Ok", "primary_color": "#112233", "secondary_color": "#445566"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and response["HX-Redirect"] == "/manage/markets/brands/"


# Regions ----------------------------------------------------------------------------------------------


def test_region_create_edit_and_delete(console):
    market(1)
    brand = OrgBrandFactory()
    response = console.post("/manage/markets/regions/new/", region_post(brand=brand.pk))
    assert response.status_code == 302, response.content.decode()
    europe = OrgRegion.objects.get(slug="europe")
    assert sorted(c.alpha2 for c in europe.countries.all()) == ["DE", "FR"]
    assert (europe.currency.code, europe.default_locale.locale_key, europe.brand) == ("EUR", "de-DE", brand)
    assert (europe.access_type, europe.path_prefix, europe.is_active) == ("path_prefix", "europe", True)
    html = console.get("/manage/markets/regions/").content.decode()
    assert "Europe" in html and "/europe/" in html
    edit = region_post(name="Eurozone", access_type="subdomain", host="EU.Alpha.test", path_prefix="")
    assert console.post(f"/manage/markets/regions/{europe.pk}/", edit).status_code == 302
    europe.refresh_from_db()
    assert (europe.name, europe.access_type, europe.host, europe.path_prefix, europe.is_active) == (
        "Eurozone", "subdomain", "eu.alpha.test", "", False,
    )  # fmt: skip
    assert console.post(f"/manage/markets/regions/{europe.pk}/delete/").status_code == 302
    assert not OrgRegion.objects.filter(pk=europe.pk).exists()


def test_region_names_in_each_interface_language(console):
    market(1)
    response = console.post("/manage/markets/regions/new/", region_post(name__es="Europa", name__ar="أوروبا"))
    assert response.status_code == 302, response.content.decode()
    europe = OrgRegion.objects.get(slug="europe")
    assert europe.name_translations == {"es": "Europa", "ar": "أوروبا"}
    html = console.get("/manage/markets/regions/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "أوروبا" in html and ">Europe<" not in html
    assert 'value="Europa"' in console.get(f"/manage/markets/regions/{europe.pk}/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name__es": "x" * 121}, "at most 120 characters"),
        ({"locales": ["999999"]}, "Select a valid choice"),
        ({"default_locale": "es-MX"}, "The default locale must be one of the region&#x27;s locales."),
        ({"region_type": "single_country"}, "A single-country region has exactly one country."),
        ({"path_prefix": ""}, "A region reached by path prefix needs a prefix."),
        ({"access_type": "domain", "path_prefix": ""}, "A region reached by its own domain needs a host."),
        ({"path_prefix": "us"}, "Another region already uses this path prefix."),
        ({"path_prefix": "manage"}, "This path is used by the site itself."),
        ({"slug": "us"}, "Another region already uses this slug."),
    ],
)
def test_bad_region_input_is_a_form_error_and_saves_nothing(console, overrides, message):
    market(1)
    if overrides.get("default_locale") == "es-MX":
        overrides["default_locale"] = OrgLocale.objects.get(locale__locale_key="es-MX").pk
    response = console.post("/manage/markets/regions/new/", region_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(OrgRegion.objects.values_list("slug", flat=True)) == ["us"]


def test_a_priced_region_is_deactivated_not_removed(console):
    regions = market(2)["regions"]
    PaymentPlanFactory(variant=OrgProductVariantFactory()).prices.create(
        region=regions[1], amount="10.00", currency=regions[1].currency
    )
    response = console.post(f"/manage/markets/regions/{regions[1].pk}/delete/", follow=True)
    assert "deactivate it instead" in response.content.decode()
    assert OrgRegion.objects.count() == 2 and PlanPrice.objects.count() == 1


def test_region_list_filters_and_query_count(console, django_assert_max_num_queries):
    market(5)
    console.get("/manage/markets/regions/")  # warm the session, member and host caches
    with django_assert_max_num_queries(12):
        response = console.get("/manage/markets/regions/?type=multi_country")
    html = response.content.decode()
    assert ">EU<" in html and ">US<" not in html


@pytest.mark.parametrize(
    ("url", "count"),
    [("/manage/markets/locales/", 5), ("/manage/markets/brands/", 5)],
)
def test_list_query_counts_do_not_grow(console, django_assert_max_num_queries, url, count):
    market(count)
    for _ in range(count):
        OrgBrandFactory()
    console.get(url)
    with django_assert_max_num_queries(12):
        assert console.get(url).status_code == 200


# Permissions and isolation ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [OrgMember.Role.LEARNER, OrgMember.Role.INSTRUCTOR])
def test_non_admins_get_403_and_change_nothing(org_a, in_org, host_client, role):
    in_org(org_a)
    regions = market(2)["regions"]
    brand = OrgBrandFactory(name="Kept")
    de = OrgLocale.objects.get(locale__locale_key="de-DE")
    client = host_client(org_a, OrgMemberFactory(role=role).user)
    fr = Locale.objects.get(locale_key="fr-FR")
    attempts = [
        ("get", "/manage/markets/locales/", {}),
        ("post", "/manage/markets/locales/", {"locale": fr.pk}),
        ("post", f"/manage/markets/locales/{de.pk}/default/", {}),
        ("post", "/manage/markets/brands/new/", BRAND | {"name": "X"}),
        ("post", f"/manage/markets/brands/{brand.pk}/", BRAND | {"name": "Changed"}),
        ("post", f"/manage/markets/brands/{brand.pk}/delete/", {}),
        ("get", "/manage/markets/regions/", {}),
        ("post", "/manage/markets/regions/new/", region_post()),
        ("post", f"/manage/markets/regions/{regions[1].pk}/delete/", {}),
    ]  # fmt: skip
    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert chain() == ["en-US", "es-MX", "de-DE", "hi-IN", "ar-EG"]
    assert list(OrgBrand.objects.values_list("name", flat=True)) == ["Kept"]
    assert OrgRegion.objects.count() == 2


def test_another_orgs_admin_gets_404_for_these_ids_and_changes_nothing(org_a, org_b, in_org, host_client):
    in_org(org_a)
    regions = market(2)["regions"]
    brand = OrgBrandFactory(name="Alpha brand")
    de = OrgLocale.objects.get(locale__locale_key="de-DE")
    ids = {"brand": brand.pk, "region": regions[1].pk, "locale": de.pk}
    in_org(org_b)
    other_admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    client = host_client(org_b, other_admin)
    # org B has no rows with org A's ids (its schema is empty), so every id is unknown there
    assert OrgBrand.objects.count() == 0 and OrgRegion.objects.count() == 0
    for method, url in [
        ("get", f"/manage/markets/brands/{ids['brand']}/"),
        ("post", f"/manage/markets/brands/{ids['brand']}/delete/"),
        ("get", f"/manage/markets/regions/{ids['region']}/"),
        ("post", f"/manage/markets/regions/{ids['region']}/delete/"),
        ("post", f"/manage/markets/locales/{ids['locale']}/remove/"),
        ("post", f"/manage/markets/locales/{ids['locale']}/default/"),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    # on org A's own host they are not a member at all
    data = {"name": "Renamed", "primary_color": "#000000", "secondary_color": "#000000"}
    assert (
        host_client(org_a, other_admin).post(f"/manage/markets/brands/{ids['brand']}/", data).status_code
        == 403
    )
    in_org(org_a)
    assert OrgBrand.objects.get().name == "Alpha brand"
    assert OrgRegion.objects.count() == 2 and chain() == ["en-US", "es-MX", "de-DE", "hi-IN", "ar-EG"]


def test_console_nav_links_catalog_markets_and_tax_for_admins_only(console, org_a, host_client):
    html = console.get("/manage/markets/regions/").content.decode()
    for href in ("/manage/catalog/products/", "/manage/catalog/collections/", "/manage/catalog/tax/"):
        assert f'href="{href}"' in html
    assert '<a href="/manage/markets/locales/" aria-current="page">Markets</a>' in html
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR).user
    studio = host_client(org_a, instructor).get("/studio/").content.decode()
    assert 'href="/manage/markets/locales/"' not in studio and 'href="/studio/"' in studio


# Region domains ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "message"),
    [
        (
            "initech.localhost",
            "Names under localhost belong to the platform. "
            "Use alpha.localhost, a name under it, or a domain you own.",
        ),
        ("admin.localhost", "“admin.localhost” is reserved by the platform. Please choose another."),
        ("a b<script>", "Enter a valid domain name, e.g. shop.example.com."),
        ("Shop.Beta.Example", "This host belongs to another organization."),
    ],
)
def test_region_host_outside_the_orgs_reach_is_a_form_error_and_changes_nothing(
    console, org_b, host, message
):
    market(1)
    OrgDomainFactory(tenant=org_b, domain="shop.beta.example", is_primary=False, is_verified=False)
    domains = sorted(OrgDomain.objects.values_list("domain", "tenant_id", "is_verified"))
    response = console.post(
        "/manage/markets/regions/new/", region_post(access_type="domain", host=host, path_prefix="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["host"] == [message]
    assert "<script>" not in response.content.decode()
    assert list(OrgRegion.objects.values_list("slug", flat=True)) == ["us"]
    assert sorted(OrgDomain.objects.values_list("domain", "tenant_id", "is_verified")) == domains


def test_region_subdomain_of_the_org_routes_at_once(console, client):
    market(1)
    response = console.post(
        "/manage/markets/regions/new/",
        region_post(access_type="subdomain", host="EU.Alpha.Localhost.", path_prefix=""),
    )
    assert response["Location"] == "/manage/markets/regions/"
    assert OrgRegion.objects.get(slug="europe").host == "eu.alpha.localhost"
    assert OrgDomain.objects.get(domain="eu.alpha.localhost").is_verified is True
    assert client.get("/", HTTP_HOST="eu.alpha.localhost").status_code == 200


def test_region_own_domain_is_pending_the_console_shows_its_record_and_check_now_verifies_it(
    console, client, org_a
):
    market(1)
    response = console.post(
        "/manage/markets/regions/new/",
        region_post(access_type="domain", host="Shop.Alpha.Example", path_prefix=""),
    )
    region = OrgRegion.objects.get(slug="europe")
    assert response["Location"] == f"/manage/markets/regions/{region.pk}/"
    domain = OrgDomain.objects.get(domain="shop.alpha.example")
    assert (domain.tenant_id, domain.is_verified) == (org_a.pk, False)
    html = console.get(f"/manage/markets/regions/{region.pk}/").content.decode()
    assert "Pending verification" in html and "Not checked yet." in html
    assert "<code>TXT</code>" in html and "<code>_volmify.shop.alpha.example</code>" in html
    assert f"<code>{domain.verification_token}</code>" in html
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404

    check = f"/manage/markets/regions/{region.pk}/domain-check/"
    html = console.post(check, follow=True).content.decode()
    assert "was not found yet" in html and "Last checked:" in html
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 404

    fake_txt_record_plant("_volmify.shop.alpha.example", domain.verification_token)
    html = console.post(check, follow=True).content.decode()
    assert "is verified and now serves this region" in html and "Pending verification" not in html
    assert client.get("/", HTTP_HOST="shop.alpha.example").status_code == 200


def test_changing_or_removing_a_region_host_stops_routing_the_old_one(console, client):
    market(1)
    console.post(
        "/manage/markets/regions/new/",
        region_post(access_type="subdomain", host="eu.alpha.localhost", path_prefix=""),
    )
    region = OrgRegion.objects.get(slug="europe")
    edit = region_post(access_type="subdomain", host="europe.alpha.localhost", path_prefix="", is_active="on")
    assert console.post(f"/manage/markets/regions/{region.pk}/", edit).status_code == 302
    assert client.get("/", HTTP_HOST="eu.alpha.localhost").status_code == 404
    assert client.get("/", HTTP_HOST="europe.alpha.localhost").status_code == 200
    assert console.post(f"/manage/markets/regions/{region.pk}/delete/").status_code == 302
    assert client.get("/", HTTP_HOST="europe.alpha.localhost").status_code == 404


def test_another_orgs_admin_cannot_check_a_regions_domain(console, org_b, in_org, host_client):
    market(1)
    console.post(
        "/manage/markets/regions/new/",
        region_post(access_type="domain", host="shop.alpha.example", path_prefix=""),
    )
    region_id = OrgRegion.objects.get(slug="europe").pk
    in_org(org_b)
    other = host_client(org_b, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    assert other.post(f"/manage/markets/regions/{region_id}/domain-check/").status_code == 404
    assert OrgDomain.objects.get(domain="shop.alpha.example").last_checked_at is None


def test_region_pages_show_each_domains_status(console, org_a, django_assert_max_num_queries):
    market(1)
    for slug, access_type, host in [
        ("pending", "domain", "pending.alpha.example"),
        ("failed", "domain", "failed.alpha.example"),
        ("own", "subdomain", "own.alpha.localhost"),
    ]:
        data = region_post(slug=slug, name=slug.title(), access_type=access_type, host=host, path_prefix="")
        assert console.post("/manage/markets/regions/new/", data).status_code == 302
    failed = OrgRegion.objects.get(slug="failed")
    console.post(f"/manage/markets/regions/{failed.pk}/domain-check/")
    html = console.get(f"/manage/markets/regions/{failed.pk}/").content.decode()
    assert "Verification failed" in html and "No TXT record was found." in html and "Last checked:" in html
    OrgDomain.objects.filter(domain="own.alpha.localhost").delete()  # e.g. taken over after going stale
    own = OrgRegion.objects.get(slug="own")
    html = console.get(f"/manage/markets/regions/{own.pk}/").content.decode()
    assert "own.alpha.localhost is not registered for your organization" in html
    with django_assert_max_num_queries(12):
        html = console.get("/manage/markets/regions/").content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr>")[2:]}
    assert "Pending verification" in rows["Pending"]
    assert "Verification failed" in rows["Failed"]
    assert "Not registered" in rows["Own"]
    assert "badge--warning" not in rows["US"] and "badge--error" not in rows["US"]
