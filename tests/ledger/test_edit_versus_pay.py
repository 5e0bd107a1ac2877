"""Editing a course in the studio and being paid for it are separate permissions, set side by side
on the console's credits page: a paid creator who may not edit cannot open the course in the
studio; an editor with a share of 0 can, and the ledger pays them nothing."""

from __future__ import annotations

from decimal import Decimal

from apps.course.models import OrgProductCourse
from apps.ledger.models import Account, OrgLedgerEntry
from apps.ledger.services.posting import ledger_post_pending
from apps.member.models import OrgMember
from apps.payment.services.orders import order_mark_paid
from tests.actors import TEST_ACTOR
from tests.console.test_product_credits import _rows
from tests.instructor.factories import affiliation_with_share
from tests.member.factories import OrgMemberFactory
from volmify.actors import LEDGER


def test_studio_follows_the_edit_permission_and_pay_follows_the_share(shop, org_a, in_org, host_client):
    paid = affiliation_with_share(org_a, "50").profile
    editor = affiliation_with_share(org_a, "50").profile
    in_org(org_a)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    product = shop.plans["course"].variant.product
    course = OrgProductCourse.objects.get(product=product)
    response = host_client(org_a, admin).post(
        f"/manage/catalog/products/{product.pk}/creators/",
        _rows(
            {"profile": paid.pk, "role": "author", "share_percent": "100"},
            {"profile": editor.pk, "role": "contributor", "share_percent": "0", "may_edit": "on"},
        ),
    )
    assert response.status_code == 302
    in_org(org_a)
    assert set(course.instructors.values_list("user_id", flat=True)) == {editor.user_id}
    assert OrgMember.objects.get(user_id=editor.user_id).role == OrgMember.Role.INSTRUCTOR
    OrgMemberFactory(user=paid.user, role=OrgMember.Role.INSTRUCTOR)  # an instructor of the org
    assert host_client(org_a, paid.user).get(f"/studio/courses/{course.pk}/").status_code == 404
    assert host_client(org_a, editor.user).get(f"/studio/courses/{course.pk}/").status_code == 200

    in_org(org_a)
    order = shop.order("course")
    order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    ledger_post_pending(actor=LEDGER)
    owed = dict(
        OrgLedgerEntry.objects.filter(account=Account.CREATOR_PAYABLE).values_list("profile_id", "amount")
    )
    assert owed == {paid.pk: Decimal("24.500")}  # 49.00 EUR x 50% x 100%; the editor earns nothing
