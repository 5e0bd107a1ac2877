"""The console's payables page (/manage/instructors/payables/): what the org owes each instructor
profile, recording a payout made outside Volmify, the CSV export, and who may see it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.ledger.models import Account, OrgLedgerEntry, OrgLedgerPayout
from apps.ledger.selectors import payables
from apps.member.models import OrgMember
from tests.instructor.factories import affiliation_with_share
from tests.ledger.factories import LedgerEntryFactory, LedgerTransactionFactory
from tests.member.factories import OrgMemberFactory

D = Decimal
URL = "/manage/instructors/payables/"


def earn(profile_id: int, amount: str, currency: str = "EUR", days_ago: int = 60) -> None:
    """A sale ``days_ago`` that owes ``amount`` to the creator (one statement, as posting writes)."""
    sold = timezone.now() - timedelta(days=days_ago)
    posted = LedgerTransactionFactory(sold_at=sold, occurred_at=sold)
    OrgLedgerEntry.objects.bulk_create(
        [
            LedgerEntryFactory.build(
                transaction=posted, account=Account.CLEARING, currency=currency, amount=-D(amount)
            ),
            LedgerEntryFactory.build(
                transaction=posted,
                account=Account.CREATOR_PAYABLE,
                profile_id=profile_id,
                currency=currency,
                amount=D(amount),
            ),
        ]
    )


@pytest.fixture
def setup(org_a, org_b, in_org):
    """Org A owes María 30.00 EUR payable, 5.00 EUR pending and 12.50 USD payable; org B owes its own
    creator (whose name must never show on org A's page)."""
    maria = affiliation_with_share(org_a, "30", profile__display_name="María Acme").profile
    stranger = affiliation_with_share(org_b, "50", profile__display_name="Beta Secret").profile
    in_org(org_b)
    earn(stranger.pk, "777.00")
    in_org(org_a)
    earn(maria.pk, "30.00")
    earn(maria.pk, "5.00", days_ago=1)
    earn(maria.pk, "12.50", currency="USD")
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    return admin, maria, stranger


def _payout(maria, **changes) -> dict:
    return {
        "profile": str(maria.pk),
        "currency": "EUR",
        "amount": "10.00",
        "paid_on": timezone.localdate().isoformat(),
        "reference": "SEPA 42",
    } | changes


def test_the_page_lists_payables_per_profile_and_currency(setup, host_client, org_a):
    admin, _maria, _stranger = setup
    html = host_client(org_a, admin).get(URL).content.decode()
    assert "María Acme" in html
    assert "€30.00" in html and "€5.00" in html and "$12.50" in html
    assert "Beta Secret" not in html and "777" not in html
    assert URL in host_client(org_a, admin).get("/manage/instructors/").content.decode()


def test_recording_a_payout_posts_it_to_the_ledger(setup, host_client, org_a):
    admin, maria, _stranger = setup
    response = host_client(org_a, admin).post(URL, _payout(maria))
    assert response.status_code == 302
    connection.set_tenant(org_a)
    eur = next(row for row in payables() if row.currency == "EUR")
    assert (eur.pending, eur.payable, eur.paid) == (D("5.00"), D("20.00"), D("10.00"))
    payout = OrgLedgerPayout.objects.get()
    assert (payout.profile_id, payout.amount, payout.reference) == (maria.pk, D("10.00"), "SEPA 42")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "30.01"}, "At most 30.00 EUR"),
        ({"amount": "-1.00"}, "greater than zero"),
        ({"amount": "0"}, "greater than zero"),
        ({"amount": "1.001"}, "at most 2 decimal places"),
        ({"amount": "ten"}, "Enter a number"),
        ({"currency": "GBP"}, "Select a valid choice"),
        ({"reference": " "}, "This field is required"),
        ({"paid_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "future"),
    ],
)
def test_bad_payouts_are_refused_with_a_message_and_nothing_changes(
    setup, host_client, org_a, changes, message
):
    admin, maria, _stranger = setup
    connection.set_tenant(org_a)
    before = payables()
    response = host_client(org_a, admin).post(URL, _payout(maria, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    connection.set_tenant(org_a)
    assert payables() == before
    assert not OrgLedgerPayout.objects.exists()


def test_a_currency_with_nothing_owed_is_refused(setup, host_client, org_a):
    admin, _maria, _stranger = setup
    other = affiliation_with_share(org_a, "10", profile__display_name="Nobody Owed").profile
    response = host_client(org_a, admin).post(URL, _payout(other))
    assert response.status_code == 400
    assert "no earnings in EUR" in response.content.decode()
    connection.set_tenant(org_a)
    assert not OrgLedgerPayout.objects.exists()


def test_the_form_errors_come_back_inline_with_htmx(setup, host_client, org_a):
    admin, maria, _stranger = setup
    response = host_client(org_a, admin).post(URL, _payout(maria, amount="99"), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 30.00 EUR" in html and "<table" not in html


@pytest.mark.parametrize("profile", ["stranger", "missing", "junk"])
def test_another_orgs_profile_is_404(setup, host_client, org_a, profile):
    admin, maria, stranger = setup
    profile_id = {"stranger": str(stranger.pk), "missing": "987654321", "junk": "x1"}[profile]
    response = host_client(org_a, admin).post(URL, _payout(maria, profile=profile_id))
    assert response.status_code == 404
    connection.set_tenant(org_a)
    assert not OrgLedgerPayout.objects.exists()


def test_the_csv_export_has_this_orgs_payables_only(setup, host_client, org_a):
    admin, maria, _stranger = setup
    response = host_client(org_a, admin).get(URL + "export/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == ["Profile", "Profile id", "Currency", "Pending", "Payable", "Paid"]
    assert rows[1:] == [
        ["María Acme", str(maria.pk), "EUR", "5.00", "30.00", "0.00"],
        ["María Acme", str(maria.pk), "USD", "0.00", "12.50", "0.00"],
    ]


@pytest.mark.parametrize("role", [OrgMember.Role.INSTRUCTOR, OrgMember.Role.LEARNER])
def test_only_owners_and_admins(setup, host_client, org_a, role):
    _admin, maria, _stranger = setup
    user = OrgMemberFactory(role=role).user
    client = host_client(org_a, user)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export/").status_code == 403
    assert client.post(URL, _payout(maria)).status_code == 403
    connection.set_tenant(org_a)
    assert not OrgLedgerPayout.objects.exists()
