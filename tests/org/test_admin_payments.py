"""Platform staff in Django admin: each org's Stripe account (status read-only, the application fee
theirs to set) and the webhook inbox, read-only, with a retry action that processes events again."""

from __future__ import annotations

from decimal import Decimal

from apps.org.models import OrgStripeAccount, StripeWebhookEvent
from apps.org.payment_accounts import stripe_account_connect, stripe_inbox_mark, stripe_inbox_store
from tests.actors import TEST_ACTOR
from tests.user.factories import UserFactory

Inbox = StripeWebhookEvent.Status


def _account(org, account_id="acct_1admintest"):
    return stripe_account_connect(actor=TEST_ACTOR, org=org, account_id=account_id)


def _event(event_id, *, account_id, status=Inbox.FAILED, charges_enabled=True):
    obj = {
        "id": account_id,
        "object": "account",
        "charges_enabled": charges_enabled,
        "details_submitted": True,
    }
    event = {"id": event_id, "type": "account.updated", "account": account_id, "livemode": False}
    stripe_inbox_store(event={**event, "data": {"object": obj}})
    if status != Inbox.PENDING:
        stripe_inbox_mark(event_id=event_id, status=status, error="boom")
    return StripeWebhookEvent.objects.get(pk=event_id)


def test_staff_see_each_orgs_account_and_set_its_fee(staff_client, org_a):
    account = _account(org_a)
    listing = staff_client.get("/admin/org/orgstripeaccount/").content.decode()
    assert account.account_id in listing and org_a.name in listing
    url = f"/admin/org/orgstripeaccount/{account.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert 'name="application_fee_percent"' in page
    assert 'name="charges_enabled"' not in page  # Stripe's status, not staff's to type
    response = staff_client.post(url, {"application_fee_percent": "7.50"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.application_fee_percent, account.charges_enabled) == (Decimal("7.50"), False)


def test_a_fee_out_of_range_is_refused_and_changes_nothing(staff_client, org_a):
    account = _account(org_a)
    response = staff_client.post(
        f"/admin/org/orgstripeaccount/{account.pk}/change/", {"application_fee_percent": "75"}
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 50" in response.content.decode()
    account.refresh_from_db()
    assert account.application_fee_percent == Decimal("5.00")


def test_the_inbox_lists_events_and_shows_the_payload_read_only(staff_client, org_a):
    _account(org_a)
    event = _event("evt_admin_list", account_id="acct_1admintest")
    listing = staff_client.get("/admin/org/stripewebhookevent/", {"status": "failed"}).content.decode()
    assert "evt_admin_list" in listing and "account.updated" in listing
    page = staff_client.get(f"/admin/org/stripewebhookevent/{event.pk}/change/").content.decode()
    assert "&quot;charges_enabled&quot;: true" in page
    assert 'name="payload"' not in page and 'name="status"' not in page
    assert staff_client.get("/admin/org/stripewebhookevent/add/").status_code == 403


def test_retry_processes_failed_events_again_and_leaves_processed_ones(
    staff_client, org_a, django_capture_on_commit_callbacks
):
    _account(org_a)
    failed = _event("evt_admin_failed", account_id="acct_1admintest")
    done = _event("evt_admin_done", account_id="acct_1admintest", status=Inbox.PROCESSED)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/org/stripewebhookevent/",
            {"action": "retry", "_selected_action": [failed.pk, done.pk]},
            follow=True,
        )
    body = response.content.decode()
    assert "1 event sent for processing again." in body
    assert "1 event was processed already" in body
    failed.refresh_from_db()
    done.refresh_from_db()
    assert (failed.status, failed.last_error, failed.attempts) == (Inbox.PROCESSED, "", 1)
    assert done.attempts == 1  # untouched
    assert OrgStripeAccount.objects.get(org=org_a).charges_enabled is True


def test_people_who_are_not_staff_cannot_open_the_inbox(host_client, org_a):
    _event("evt_admin_private", account_id="acct_1admintest")
    client = host_client(user=UserFactory())
    response = client.get("/admin/org/stripewebhookevent/")
    assert response.status_code in (302, 403)
    assert "evt_admin_private" not in response.content.decode()
