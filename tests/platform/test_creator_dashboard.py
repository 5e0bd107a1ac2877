from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.instructor.selectors import creator_earnings, creator_month_rows, creator_products
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
    with django_assert_num_queries(3):  # rendered: the version token, the rollup rows, products
        response = client.get("/creator/?months=all")
    assert response.status_code == 200
    with django_assert_num_queries(1):  # cached: the version token only
        cached = client.get("/creator/")
    assert cached.status_code == 200 and f"{orgs} orgs" not in cached.content.decode()


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
    _earn(second, org, earned="20")
    rows = creator_month_rows(user=first.user, month=date(2026, 11, 1))
    assert [(row.profile_name, row.earned) for row in rows] == [
        ("Ana the Designer", Decimal("30.00")),
        ("Ana the Coder", Decimal("20.00")),
    ]
    html = host_client(user=first.user).get("/creator/months/2026-11/").content.decode()
    assert '<th scope="row">Acme</th><td>Ana the Designer</td>' in html
    assert '<th scope="row">Acme</th><td>Ana the Coder</td>' in html
    assert 'href="/creator/statements/2026-11.csv"' in html


def test_product_ratings_show_one_decimal_as_on_the_product_page(db, host_client):
    profile = InstructorProfileFactory()
    org = OrgFactory(name="Acme")
    InstructorProductRollupFactory(profile=profile, org=org, rating_average=Decimal("4.25"), rating_count=4)
    [product] = creator_products(user=profile.user)
    assert str(product.rating_average) == "4.3"
    html = host_client(user=profile.user).get("/creator/").content.decode()
    assert "4.3 of 5 (4 reviews)" in html and "4.25" not in html


def test_by_month_sums_orgs_and_profiles_per_currency_never_across(db, host_client):
    first = InstructorProfileFactory()
    second = InstructorProfileFactory(user=first.user)
    acme, globex = OrgFactory(name="Acme"), OrgFactory(name="Globex")
    _earn(first, acme, earned="30", pending="10", paid="5")
    _earn(second, globex, earned="12.5", pending="0", paid="1")
    _earn(first, globex, currency="USD", earned="7", pending="0", paid="0")
    earnings = creator_earnings(user=first.user)
    assert [
        (row.period, row.currency, row.earned, row.pending, row.paid, row.orgs) for row in earnings.months
    ] == [
        ("2026-11", "EUR", Decimal("42.50"), Decimal("10.00"), Decimal("6.00"), 2),
        ("2026-11", "USD", Decimal("7.00"), Decimal("0.00"), Decimal("0.00"), 1),
    ]
    html = host_client(user=first.user).get("/creator/").content.decode()
    assert "€42.50" in html and "$7.00" in html
    assert html.count('href="/creator/months/2026-11/"') == 1  # once per month, not per currency


def test_the_month_table_shows_the_last_twelve_months_unless_all_are_asked_for(db, host_client):
    profile = InstructorProfileFactory()
    org = OrgFactory()
    for back in range(14):  # 2026-11 back to 2025-10
        total = 2026 * 12 + 10 - back
        _earn(profile, org, month=date(total // 12, total % 12 + 1, 1), earned="1")
    earnings = creator_earnings(user=profile.user)
    assert [row.period for row in earnings.months][:1] == ["2026-11"] and len(earnings.months) == 12
    assert earnings.earlier_months == 2 and len(earnings.chart["EUR"]) == 12
    assert len(creator_earnings(user=profile.user, all_months=True).months) == 14
    client = host_client(user=profile.user)
    recent = client.get("/creator/").content.decode()
    assert "2025-10" not in recent and 'href="?months=all"' in recent
    every = client.get("/creator/?months=all").content.decode()
    assert "2025-10" in every and "2025-11" in every


def test_a_bad_months_choice_is_404(db, host_client):
    profile = InstructorProfileFactory()
    assert host_client(user=profile.user).get("/creator/?months=99").status_code == 404


def test_the_cached_dashboard_shows_a_rollup_write_at_once(db, host_client):
    profile = InstructorProfileFactory()
    row = _earn(profile, OrgFactory(name="Acme"), earned="30")
    product = InstructorProductRollupFactory(profile=profile, org=row.org, earned={"EUR": "3.000"})
    client = host_client(user=profile.user)
    assert "€30.00" in client.get("/creator/").content.decode()
    assert "€30.00" in client.get("/creator/").content.decode()  # from the cache
    # What the rollup's INSERT ... ON CONFLICT DO UPDATE does (and a write that left the stamp).
    InstructorEarningsRollup.objects.filter(pk=row.pk).update(earned=Decimal("41"))
    html = client.get("/creator/").content.decode()
    assert "€41.00" in html and "€30.00" not in html
    type(product).objects.filter(pk=product.pk).update(earned={"EUR": "9.000"}, refreshed_at=timezone.now())
    assert "€9.00" in client.get("/creator/").content.decode()
    _earn(profile, OrgFactory(name="Newco"), earned="2")
    assert "Newco" in client.get("/creator/").content.decode()


def test_the_cache_never_shows_one_creators_page_to_another(db, host_client):
    mine, theirs = InstructorProfileFactory(), InstructorProfileFactory()
    _earn(mine, OrgFactory(name="Mine Org"), earned="11")
    _earn(theirs, OrgFactory(name="Their Org"), earned="22")
    mine_client, their_client = host_client(user=mine.user), host_client(user=theirs.user)
    for _ in range(2):
        mine_html = mine_client.get("/creator/").content.decode()
        their_html = their_client.get("/creator/").content.decode()
        assert "Mine Org" in mine_html and "Their Org" not in mine_html
        assert "Their Org" in their_html and "Mine Org" not in their_html
    other = InstructorProfileFactory()
    assert "Mine Org" not in host_client(user=other.user).get("/creator/").content.decode()


def test_a_month_page_shows_only_ones_own_rows(db, host_client):
    mine, theirs = InstructorProfileFactory(), InstructorProfileFactory()
    _earn(mine, OrgFactory(name="Mine Org"), earned="11")
    _earn(theirs, OrgFactory(name="Their Org"), earned="22")
    html = host_client(user=mine.user).get("/creator/months/2026-11/").content.decode()
    assert "Mine Org" in html and "€11.00" in html and "Their Org" not in html and "€22.00" not in html
    empty = host_client(user=mine.user).get("/creator/months/2026-09/").content.decode()
    assert "No earnings in this month." in empty


@pytest.mark.parametrize("period", ["2026-13", "26-11", "2026-1x"])
def test_a_bad_month_page_is_404(period, db, host_client):
    profile = InstructorProfileFactory()
    assert host_client(user=profile.user).get(f"/creator/months/{period}/").status_code == 404


def test_the_month_page_asks_a_signed_out_visitor_to_sign_in(db, platform_client):
    assert platform_client.get("/creator/months/2026-11/").status_code == 302


def test_a_month_in_arabic_sentences_reads_left_to_right(db, host_client):
    profile = InstructorProfileFactory()
    _earn(profile, OrgFactory(name="Acme"))
    client = host_client(user=profile.user)
    client.cookies["django_language"] = "ar"
    html = client.get("/creator/months/2026-11/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html and "\u20662026-11\u2069" in html
    assert "\u20662026-11\u2069" in client.get("/creator/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()


@pytest.mark.parametrize("orgs", [1, 20])
def test_the_month_page_query_count_is_fixed(orgs, db, host_client, django_assert_num_queries):
    profile = InstructorProfileFactory()
    for _ in range(orgs):
        _earn(profile, OrgFactory())
    client = host_client(user=profile.user)
    client.get("/creator/months/2026-11/")  # warm the session
    with django_assert_num_queries(2):  # the profile names, the month's rows with their orgs
        response = client.get("/creator/months/2026-11/")
    assert response.content.decode().count("€30.00") == orgs


def test_the_retainer_is_summed_per_month_and_shown_per_org_on_the_month_page(db, host_client):
    profile = InstructorProfileFactory()
    _earn(profile, OrgFactory(name="Acme"), earned="130", retainer="100")
    _earn(profile, OrgFactory(name="Globex"), earned="50", retainer="20.5")
    [month] = creator_earnings(user=profile.user).months
    assert (month.earned, month.retainer, month.orgs) == (Decimal("180.00"), Decimal("120.50"), 2)
    client = host_client(user=profile.user)
    assert "€120.50" in client.get("/creator/").content.decode()
    html = client.get("/creator/months/2026-11/").content.decode()
    assert "€100.00" in html and "€20.50" in html
