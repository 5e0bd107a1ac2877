"""Org sign-up: slug validation that creates nothing, provisioning success, failure and retry."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from apps.member.models import OrgMember
from apps.org.models import Org, OrgDomain
from apps.org.services import org_provision, org_provision_retry, org_provisioning_sweep
from tests.actors import TEST_ACTOR
from tests.user.factories import UserFactory


@pytest.fixture
def creator(db):
    return UserFactory(email="founder@example.com")


@pytest.fixture
def creator_client(host_client, creator):
    return host_client(user=creator)


def _schema_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'org\\_%%'")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("alpha", "This subdomain is already taken."),
        ("www", "“www” is reserved. Please choose another."),
        ("admin", "“admin” is reserved. Please choose another."),
        ("api", "“api” is reserved. Please choose another."),
        ("ab", "The subdomain must be 3 to 40 characters long."),
        (
            "-acme",
            "Use only lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
        ),
        (
            "acme-",
            "Use only lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
        ),
        (
            "ac_me",
            "Use only lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
        ),
        (
            "acmé",
            "Use only lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
        ),
        ("ac--me", "The subdomain cannot contain two hyphens in a row."),
        ("a" * 41, "Ensure this value has at most 40 characters (it has 41)."),
    ],
)
def test_bad_slugs_give_form_errors_and_create_nothing(
    creator_client, org_a, slug, message, django_capture_on_commit_callbacks
):
    orgs_before, schemas_before = Org.objects.count(), _schema_count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = creator_client.post("/orgs/new/", {"name": "Acme", "slug": slug})
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [message]
    assert Org.objects.count() == orgs_before
    assert _schema_count() == schemas_before
    assert callbacks == []


def test_blank_name_is_refused(creator_client, db):
    response = creator_client.post("/orgs/new/", {"name": "   ", "slug": "fresh"})
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert not Org.objects.filter(slug="fresh").exists()


def test_signup_requires_a_signed_in_user(platform_client, db):
    response = platform_client.get("/orgs/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signup_provisions_the_org_by_cloning_and_makes_the_creator_owner(
    creator_client, creator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = creator_client.post("/orgs/new/", {"name": "Fresh Academy", "slug": "Fresh"})
    assert response.status_code == 302
    assert response["Location"] == "/orgs/fresh/"
    # the provisioning task, sent on commit; the task (run here) drops the new owner's cached
    # membership and player states
    assert [callback.__qualname__.split(".")[0] for callback in callbacks] == [
        "enqueue_on_commit",
        "member_cache_forget_on_change",
        "_replace_now_and_on_commit",
    ]
    org = Org.objects.get(slug="fresh")
    assert (org.name, org.status, org.schema_name, org.created_by) == (
        "Fresh Academy",
        Org.Status.ACTIVE,
        "org_fresh",
        creator,
    )
    assert OrgDomain.objects.get(tenant=org).domain == "fresh.localhost"
    with schema_context("org_fresh"):
        assert list(OrgMember.objects.values_list("user__email", "role")) == [
            ("founder@example.com", OrgMember.Role.OWNER)
        ]


def test_provisioned_schema_has_the_template_migrations(creator, org_a):
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM org_template.django_migrations ORDER BY app, name")
        template = cursor.fetchall()
        cursor.execute(f"SELECT app, name FROM {org_a.schema_name}.django_migrations ORDER BY app, name")
        assert cursor.fetchall() == template
    assert ("member", "0001_initial") in template


def test_status_page_shows_progress_and_then_readiness(creator_client, creator):
    org = Org.objects.create(name="Slow", slug="slow", schema_name="org_slow", created_by=creator)
    response = creator_client.get("/orgs/slow/")
    assert b'hx-trigger="every 1s"' in response.content
    org_provision(actor=TEST_ACTOR, org_id=org.pk)
    response = creator_client.get("/orgs/slow/", HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "platform/_org_status_panel.html"
    assert b'data-status="active"' in response.content
    assert b"hx-trigger" not in response.content


def test_status_page_of_someone_elses_org_is_404(host_client, org_a):
    stranger = UserFactory()
    assert host_client(user=stranger).get(f"/orgs/{org_a.slug}/").status_code == 404
    assert host_client(user=stranger).get("/orgs/no-such-org/").status_code == 404


def test_failed_provisioning_is_recorded_leaves_no_schema_and_can_be_retried(
    creator, monkeypatch, creator_client, django_capture_on_commit_callbacks
):
    org = Org.objects.create(name="Unlucky", slug="unlucky", schema_name="org_unlucky", created_by=creator)

    def broken_owner_add(*, actor, user, role):  # what a receiver of org_schema_ready runs
        raise RuntimeError("disk full")

    monkeypatch.setattr("apps.member.signals.member_add", broken_owner_add)
    org = org_provision(actor=TEST_ACTOR, org_id=org.pk)
    assert org.status == Org.Status.FAILED
    assert org.failure_reason == "RuntimeError: disk full"
    assert not schema_exists("org_unlucky")
    page = creator_client.get("/orgs/unlucky/")
    assert b'data-status="failed"' in page.content and b"disk full" in page.content

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = creator_client.post("/orgs/unlucky/retry/")
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.status, org.failure_reason) == (Org.Status.ACTIVE, "")
    assert schema_exists("org_unlucky")


def test_provisioning_an_active_org_again_changes_nothing(org_a):
    provisioned_at = org_a.provisioned_at
    assert org_provision(actor=TEST_ACTOR, org_id=org_a.pk).provisioned_at == provisioned_at


def test_retry_of_an_active_org_changes_nothing(org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        org = org_provision_retry(actor=TEST_ACTOR, org=org_a)
    assert org.status == Org.Status.ACTIVE
    assert callbacks == []


def test_the_sweep_re_enqueues_only_orgs_stuck_in_provisioning(
    creator, org_a, django_capture_on_commit_callbacks
):
    stuck = Org.objects.create(name="Stuck", slug="stuck", schema_name="org_stuck", created_by=creator)
    fresh = Org.objects.create(name="Fresh", slug="fresh", schema_name="org_fresh", created_by=creator)
    Org.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert org_provisioning_sweep(older_than_seconds=600) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, fresh.status) == (Org.Status.ACTIVE, Org.Status.PROVISIONING)


def test_an_org_another_worker_is_provisioning_is_left_to_it(creator):
    """While another connection (the task, or the sweep's re-enqueued copy) holds the org's
    provisioning lock, a second call clones nothing; once it is released, provisioning runs."""
    from django.db import connections

    from apps.org.services import PROVISIONING_LOCK_CLASS

    org = Org.objects.create(name="Busy", slug="busy", schema_name="org_busy", created_by=creator)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [PROVISIONING_LOCK_CLASS, org.pk])
        assert org_provision(actor=TEST_ACTOR, org_id=org.pk).status == Org.Status.PROVISIONING
        assert not schema_exists("org_busy")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [PROVISIONING_LOCK_CLASS, org.pk])
    finally:
        other.close()
    assert org_provision(actor=TEST_ACTOR, org_id=org.pk).status == Org.Status.ACTIVE
    assert schema_exists("org_busy")
