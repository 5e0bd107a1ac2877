from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.instructor.selectors import creator_earnings, creator_products
from apps.org.models import InstructorEarningsRollup
from tests.instructor.factories import InstructorProductRollupFactory, InstructorProfileFactory
from tests.org.factories import OrgFactory


def _earn(
    profile, org, currency="EUR", month=date(2026, 11, 1), earned="30", pending="10", paid="5", retainer="0"
):
    return InstructorEarningsRollup.objects.create(
        retainer=Decimal(retainer),
        profile_id=profile.pk,
        org=org,
        currency=currency,
        month=month,
        earned=Decimal(earned),
        pending=Decimal(pending),
        paid=Decimal(paid),
        refreshed_at=timezone.now(),
    )


@pytest.mark.parametrize("orgs", [1, 5, 20])
def test_dashboard_query_count_is_fixed_whatever_the_number_of_orgs(
    orgs, db, host_client, django_assert_num_queries
):
    profile = InstructorProfileFactory()
    for _ in range(orgs):
        org = OrgFactory()
        _earn(profile, org)
        _earn(profile, org, currency="USD", month=date(2026, 10, 1))
    client = host_client(user=profile.user)
    client.get("/creator/")  # warm the session and caches
    with django_assert_num_queries(3):  # the rollup rows with their orgs, profile names, products
        response = client.get("/creator/")
    assert response.status_code == 200


def test_dashboard_shows_totals_per_org_and_currency_never_added(db, host_client):
    profile = InstructorProfileFactory()
    org = OrgFactory(name="Acme")
    _earn(profile, org, earned="30", pending="10", paid="5")
    _earn(profile, org, month=date(2026, 10, 1), earned="20", pending="0", paid="0")
    _earn(profile, org, currency="USD", earned="7", pending="0", paid="0")
    html = host_client(user=profile.user).get("/creator/").content.decode()
    assert "€50.00" in html  # EUR earned over both months
    assert "€35.00" in html  # payable: 50 - 10 pending - 5 paid
    assert "$7.00" in html
    assert "€57.00" not in html and "$57.00" not in html
    assert 'role="img"' in html


def test_the_chart_draws_one_styled_bar_per_month_with_its_label(db, host_client):
    """The bars take the brand colour from the stylesheet (not the text colour) and a fixed height,
    so a single month is a bar, not a block filling the card; each month is labelled."""
    profile = InstructorProfileFactory()
    org = OrgFactory(name="Acme")
    _earn(profile, org, earned="30")
    _earn(profile, org, month=date(2026, 10, 1), earned="15")
    html = host_client(user=profile.user).get("/creator/").content.decode()
    chart = html.split('<svg class="bar-chart"', 1)[1].split("</svg>", 1)[0]
    assert 'viewBox="0 0 200 130"' in chart
    assert chart.count('class="bar-chart__bar"') == 2 and "currentColor" not in chart
    assert 'y="55" width="60" height="50"' in chart and 'y="5" width="60" height="100"' in chart
    assert [label in chart for label in (">2026-10</text>", ">2026-11</text>")] == [True, True]


def test_fixed_amounts_per_month_show_as_the_retainer_part_of_a_month(db, host_client):
    profile = InstructorProfileFactory()
    org = OrgFactory(name="Acme")
    _earn(profile, org, earned="130", pending="0", paid="0", retainer="100")
    _earn(profile, org, month=date(2026, 10, 1), earned="20", pending="0", paid="0")
    client = host_client(user=profile.user)
    html = client.get("/creator/").content.decode()
    assert "Retainer" in html and "€100.00" in html and "€150.00" in html  # part of the total
    lines = client.get("/creator/statements/2026-11.csv").getvalue().decode().strip().splitlines()
    assert lines[0].endswith(",Retainer")
    assert lines[1].endswith(",130.00,0.00,0.00,100.00")


def test_a_creator_sees_only_their_own_earnings(db, host_client):
    mine, theirs = InstructorProfileFactory(), InstructorProfileFactory()
    org = OrgFactory(name="Acme")
    _earn(mine, org, earned="11")
    _earn(theirs, OrgFactory(name="Secret Org"), earned="999")
    client = host_client(user=mine.user)
    html = client.get("/creator/").content.decode()
    assert "€11.00" in html and "Secret Org" not in html and "999" not in html
    csv_text = client.get("/creator/statements/2026-11.csv").getvalue().decode()
    assert "Acme" in csv_text and "Secret Org" not in csv_text


def test_statement_is_a_csv_of_the_month(db, host_client):
    profile = InstructorProfileFactory(display_name="María")
    org = OrgFactory(name="Acme")
    _earn(profile, org, earned="30.5", pending="0", paid="0")
    _earn(profile, org, month=date(2026, 10, 1), earned="1")
    response = host_client(user=profile.user).get("/creator/statements/2026-11.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.getvalue().decode().strip().splitlines()
    assert lines[1] == "2026-11,Acme,María,EUR,30.50,0.00,0.00,0.00"
    assert len(lines) == 2


@pytest.mark.parametrize("period", ["2026-13", "26-11", "2026-1x"])
def test_a_bad_month_is_404(period, db, host_client):
    profile = InstructorProfileFactory()
    assert host_client(user=profile.user).get(f"/creator/statements/{period}.csv").status_code == 404


def test_signed_out_is_sent_to_sign_in(db, platform_client):
    assert platform_client.get("/creator/").status_code == 302


def test_each_month_row_names_its_own_profile(db, host_client):
    first = InstructorProfileFactory(display_name="Ana the Designer")
    second = InstructorProfileFactory(user=first.user, display_name="Ana the Coder")
    org = OrgFactory(name="Acme")
    _earn(first, org, earned="30")
    _earn(second, org, month=date(2026, 10, 1), earned="20")
    earnings = creator_earnings(user=first.user)
    assert [(row.month, row.profile_name, row.earned) for row in earnings.rows] == [
        (date(2026, 11, 1), "Ana the Designer", Decimal("30")),
        (date(2026, 10, 1), "Ana the Coder", Decimal("20")),
    ]
    html = host_client(user=first.user).get("/creator/").content.decode()
    assert "<td>Acme</td><td>Ana the Designer</td>" in html
    assert "<td>Acme</td><td>Ana the Coder</td>" in html


def test_product_ratings_show_one_decimal_as_on_the_product_page(db, host_client):
    profile = InstructorProfileFactory()
    org = OrgFactory(name="Acme")
    InstructorProductRollupFactory(profile=profile, org=org, rating_average=Decimal("4.25"), rating_count=4)
    [product] = creator_products(user=profile.user)
    assert str(product.rating_average) == "4.3"
    html = host_client(user=profile.user).get("/creator/").content.decode()
    assert "4.3 of 5 (4 reviews)" in html and "4.25" not in html
