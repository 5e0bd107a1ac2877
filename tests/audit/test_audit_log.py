"""The org's audit log: what a write records, that it fails closed, and the console page that reads it."""

import re

import pytest
from django.db import connection

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record, audited
from apps.member.models import OrgMember
from apps.product.models import OrgProduct
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.product.factories import OrgProductFactory, OrgProductPhysicalFactory, OrgTaxCategoryFactory
from tests.user.factories import UserFactory
from volmify.actors import SystemActor

Verb = OrgAuditEntry.Verb


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


def test_an_update_records_each_changed_field_before_and_after(org_a, in_org):
    in_org(org_a)
    product = OrgProductFactory(image_url="https://img.example/a.png")
    with audited(actor=TEST_ACTOR, verb=Verb.UPDATE, target=product, fields=("image_url", "brand")):
        product.image_url = "https://img.example/b.png"
        product.save()
    entry = OrgAuditEntry.objects.get()
    assert (entry.actor_id, entry.actor_label, entry.verb) == (None, "system:tests", "update")
    assert (entry.object_type, entry.object_id) == ("product.orgproduct", str(product.pk))
    assert entry.changes == {"image_url": ["https://img.example/a.png", "https://img.example/b.png"]}


def test_a_relation_is_recorded_by_its_label_not_its_id(org_a, in_org):
    in_org(org_a)
    product = OrgProductFactory(tax_category=None)
    with audited(actor=TEST_ACTOR, verb=Verb.UPDATE, target=product, fields=("tax_category",)):
        product.tax_category = OrgTaxCategoryFactory(name="Reduced rate")
        product.save()
    assert OrgAuditEntry.objects.get().changes == {"tax_category": [None, "Reduced rate"]}


def test_an_update_that_changes_nothing_is_not_recorded(org_a, in_org):
    in_org(org_a)
    product = OrgProductFactory()
    with audited(actor=TEST_ACTOR, verb=Verb.UPDATE, target=product, fields=("image_url",)):
        product.save()
    assert OrgAuditEntry.objects.count() == 0


@pytest.mark.parametrize("actor", [None, "anonymous"])
def test_a_write_without_a_person_or_system_actor_is_refused(org_a, in_org, actor):
    from django.contrib.auth.models import AnonymousUser

    in_org(org_a)
    product = OrgProductFactory()
    with pytest.raises(TypeError):
        audit_record(actor=AnonymousUser() if actor else None, verb=Verb.CREATE, target=product)
    assert OrgAuditEntry.objects.count() == 0


def test_recording_outside_an_org_schema_is_refused(org_a, in_org):
    in_org(org_a)
    product = OrgProductFactory()
    connection.set_schema_to_public()
    with pytest.raises(RuntimeError):
        audit_record(actor=TEST_ACTOR, verb=Verb.CREATE, target=product)


def test_a_console_edit_records_the_signed_in_admin(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(1)
    product = OrgProductPhysicalFactory(sku="MUG-1", weight_grams=300, product__image_url="").product
    response = host_client(org_a, admin).post(
        f"/manage/catalog/products/{product.pk}/edit/",
        {
            "image_url": "https://img.example/mug.png",
            "sku": "MUG-1",
            "weight_grams": "300",
            "stock_count": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = OrgAuditEntry.objects.get(verb=Verb.UPDATE)
    assert (entry.actor_id, entry.actor_label) == (admin.pk, admin.email)
    assert entry.changes["image_url"] == ["", "https://img.example/mug.png"]


def test_a_refused_edit_records_nothing(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(1)
    product = OrgProductPhysicalFactory(sku="MUG-1", weight_grams=300).product
    OrgProductPhysicalFactory(sku="TAKEN")
    response = host_client(org_a, admin).post(
        f"/manage/catalog/products/{product.pk}/edit/",
        {
            "image_url": "https://img.example/mug.png",
            "sku": "TAKEN",
            "weight_grams": "300",
            "stock_count": "2",
        },
    )
    assert response.status_code == 400
    assert OrgAuditEntry.objects.count() == 0
    product.refresh_from_db()
    assert product.image_url == ""


def _entries(org_a, in_org):
    """Two people's changes to two products, and one by the system."""
    in_org(org_a)
    ana, ben = UserFactory(email="ana@alpha.test"), UserFactory(email="ben@alpha.test")
    mug, cap = OrgProductFactory(title="Mug"), OrgProductFactory(title="Cap")
    audit_record(actor=ana, verb=Verb.CREATE, target=mug, label="Mug")
    audit_record(actor=ben, verb=Verb.PUBLISH, target=cap, label="Cap")
    audit_record(actor=SystemActor("demo-seed"), verb=Verb.ARCHIVE, target=cap, label="Cap")
    return ana, ben, mug, cap


def _listed(client, query=""):
    """Who acted, row by row, in the log's table (not the filter's choices)."""
    html = client.get(f"/manage/audit/{query}").content.decode()
    if "<tbody>" not in html:
        assert "Nothing recorded" in html
        return []
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r">([^<>\s]+@alpha\.test|system:[a-z-]+)</(?:a|span)>", table)


def test_the_log_page_filters_by_person_and_by_object(admin, host_client, org_a, in_org):
    ana, _ben, _mug, cap = _entries(org_a, in_org)
    client = host_client(org_a, admin)
    assert _listed(client) == ["system:demo-seed", "ben@alpha.test", "ana@alpha.test"]  # newest first
    assert _listed(client, f"?person={ana.pk}") == ["ana@alpha.test"]
    assert _listed(client, f"?type=product.orgproduct&id={cap.pk}") == ["system:demo-seed", "ben@alpha.test"]
    everyone = ["system:demo-seed", "ben@alpha.test", "ana@alpha.test"]
    assert _listed(client, "?type=product.orgproduct") == everyone


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("person=999999", "Select a valid choice."),
        ("person=abc", "Select a valid choice."),
        ("type=auth.permission", "Select a valid choice."),
        ("id=3", "Choose an object type to look up an object by id."),
    ],
)
def test_a_bad_filter_is_a_clear_message_not_a_500(admin, host_client, org_a, in_org, query, message):
    _entries(org_a, in_org)
    response = host_client(org_a, admin).get(f"/manage/audit/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("role", [OrgMember.Role.INSTRUCTOR, OrgMember.Role.LEARNER])
def test_only_owners_and_admins_read_the_log(host_client, org_a, in_org, role):
    _entries(org_a, in_org)
    user = OrgMemberFactory(role=role).user
    assert host_client(org_a, user).get("/manage/audit/").status_code == 403


def test_another_orgs_log_shows_none_of_this_orgs_entries(host_client, org_a, org_b, in_org):
    _entries(org_a, in_org)
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    client = host_client(org_b, admin_b)
    assert _listed(client) == []
    assert "ana@alpha.test" not in client.get("/manage/audit/").content.decode()
    assert OrgAuditEntry.objects.count() == 0
    assert OrgProduct.objects.count() == 0


def test_the_page_shows_field_names_and_choice_labels(admin, host_client, org_a, in_org):
    in_org(org_a)
    product = OrgProductFactory(title="Mug")
    with audited(actor=TEST_ACTOR, verb=Verb.PUBLISH, target=product, fields=("status",)):
        product.status = OrgProduct.Status.PUBLISHED
        product.save()
    html = host_client(org_a, admin).get("/manage/audit/").content.decode()
    before = '<span class="change__before">Draft</span>'
    after = '<span class="change__after">Published</span>'
    assert f"<dt>status</dt><dd>{before} → {after}" in html


def test_a_change_named_like_a_reverse_relation_reads_without_error(admin, host_client, org_a, in_org):
    in_org(org_a)
    product = OrgProductFactory(title="Mug")
    audit_record(
        actor=TEST_ACTOR,
        verb=Verb.UPDATE,
        target=product,
        before={"variants": [1]},
        after={"variants": [1, 2]},
    )
    response = host_client(org_a, admin).get("/manage/audit/")
    assert response.status_code == 200
    assert "<dt>variants</dt>" in response.content.decode()
