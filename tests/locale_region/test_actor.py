"""The acting user on market writes: locales, brands and regions (with their host)."""

import pytest

from apps.audit.models import OrgAuditEntry
from apps.general.models import Locale
from apps.locale_region import services
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import OrgBrandFactory, market
from tests.locale_region.test_console import region_post
from tests.member.factories import OrgMemberFactory


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


def test_a_region_host_change_records_the_admin_with_before_and_after(admin, host_client, org_a):
    market(1)
    console = host_client(org_a, admin)
    new = region_post(access_type="subdomain", host="eu.alpha.localhost", path_prefix="")
    assert console.post("/manage/markets/regions/new/", new).status_code == 302
    region = OrgRegion.objects.get(slug="europe")
    edit = region_post(access_type="subdomain", host="europe.alpha.localhost", path_prefix="", is_active="on")
    assert console.post(f"/manage/markets/regions/{region.pk}/", edit).status_code == 302
    create, update = OrgAuditEntry.objects.order_by("id")
    assert (create.actor_id, create.verb, create.object_id) == (admin.pk, "create", str(region.pk))
    assert create.changes["host"] == [None, "eu.alpha.localhost"]
    assert (update.actor_id, update.actor_label, update.verb) == (admin.pk, admin.email, "update")
    assert update.changes == {"host": ["eu.alpha.localhost", "europe.alpha.localhost"]}


def test_a_refused_region_with_a_bad_host_records_nothing(admin, host_client, org_a):
    market(1)
    bad = region_post(access_type="domain", host="admin.localhost", path_prefix="")
    response = host_client(org_a, admin).post("/manage/markets/regions/new/", bad)
    assert response.status_code == 400
    assert (OrgRegion.objects.filter(slug="europe").count(), OrgAuditEntry.objects.count()) == (0, 0)


def test_a_refused_host_change_keeps_the_region_and_records_nothing(org_a, in_org):
    in_org(org_a)
    region = market(1)["regions"][0]
    with pytest.raises(Exception):  # noqa: B017 (a ValidationError on host)
        services.org_region_update(
            actor=TEST_ACTOR,
            region=region,
            countries=list(region.countries.all()),
            locales=list(region.locales.all()),
            access_type="domain",
            host="admin.localhost",
        )
    region.refresh_from_db()
    assert (region.host, OrgAuditEntry.objects.count()) == ("", 0)


def test_deleting_a_region_records_it_before_it_goes(admin, host_client, org_a):
    market(1)
    console = host_client(org_a, admin)
    console.post("/manage/markets/regions/new/", region_post())
    region = OrgRegion.objects.get(slug="europe")
    assert console.post(f"/manage/markets/regions/{region.pk}/delete/").status_code == 302
    entry = OrgAuditEntry.objects.order_by("-id").first()
    assert (entry.actor_id, entry.verb, entry.object_id, entry.object_label) == (
        admin.pk,
        "delete",
        str(region.pk),
        "Europe",
    )
    assert entry.changes["slug"] == ["europe", None]


def test_locale_add_default_move_remove_are_recorded(org_a, in_org):
    in_org(org_a)
    en, es, de = (Locale.objects.get(locale_key=key) for key in ("en-US", "es-MX", "de-DE"))
    first = services.org_locale_add(actor=TEST_ACTOR, locale=en)
    second = services.org_locale_add(actor=TEST_ACTOR, locale=es)
    third = services.org_locale_add(actor=TEST_ACTOR, locale=de)
    ids = [str(row.pk) for row in (first, second, third)]
    services.org_locale_move(actor=TEST_ACTOR, org_locale=third, offset=-1)
    services.org_locale_set_default(actor=TEST_ACTOR, org_locale=second)
    first.refresh_from_db()  # no longer the default
    services.org_locale_remove(actor=TEST_ACTOR, org_locale=first)
    rows = list(OrgAuditEntry.objects.order_by("id").values_list("verb", "object_id", "changes"))
    assert [(verb, object_id) for verb, object_id, _changes in rows] == [
        ("add", ids[0]),
        ("update", ids[0]),  # the first locale becomes the default
        ("add", ids[1]),
        ("add", ids[2]),
        ("move", ids[2]),
        ("update", ids[1]),
        ("remove", ids[0]),
    ]
    first_pk, second_pk, third_pk = (int(pk) for pk in ids)
    assert rows[4][2] == {"order": [[first_pk, second_pk, third_pk], [first_pk, third_pk, second_pk]]}
    assert rows[5][2] == {"is_default": [False, True]}
    assert not OrgLocale.objects.filter(pk=first_pk).exists()


def test_a_console_brand_edit_records_the_changed_fields(admin, host_client, org_a):
    brand = OrgBrandFactory(name="Old", slug="old", primary_color="#000000", secondary_color="#000000")
    data = {"name": "New", "slug": "old", "primary_color": "#000000", "secondary_color": "#000000"}
    response = host_client(org_a, admin).post(f"/manage/markets/brands/{brand.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    entry = OrgAuditEntry.objects.get()
    assert (entry.actor_id, entry.verb, entry.changes) == (admin.pk, "update", {"name": ["Old", "New"]})


@pytest.mark.parametrize("name", ["org_locale_add", "org_brand_create", "org_region_delete"])
def test_a_market_write_without_an_actor_is_refused(org_a, in_org, name):
    in_org(org_a)
    region = market(2)["regions"][1]
    calls = {
        "org_locale_add": lambda: services.org_locale_add(
            actor=None, locale=Locale.objects.get(locale_key="fr-FR")
        ),
        "org_brand_create": lambda: services.org_brand_create(actor=None, name="B", slug="b"),
        "org_region_delete": lambda: services.org_region_delete(actor=None, region=region),
    }
    counts = (OrgLocale.objects.count(), OrgBrand.objects.count(), OrgRegion.objects.count())
    with pytest.raises(TypeError):
        calls[name]()
    assert (OrgLocale.objects.count(), OrgBrand.objects.count(), OrgRegion.objects.count()) == counts
    assert OrgAuditEntry.objects.count() == 0
