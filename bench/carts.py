"""The checkout benchmark's cart: three lines (a course, a download, two books) for a demo buyer in
acme's default region, made through the cart services so checkout prices it as for any buyer.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<bench db> python -m bench.carts

Idempotent: an existing cart of the buyer is emptied and filled again.
"""

from __future__ import annotations

import django

BUYER = "buyer.ana@acme.example"
ITEMS = (("django-for-teams", 1, 1), ("design-system-kit", 1, 1), ("python-field-guide", 1, 2))


def cart_fill() -> int:
    from django_tenants.utils import schema_context

    from apps.locale_region.models import OrgRegion
    from apps.member.selectors import member_for_user
    from apps.payment.models import OrgProductVariantPaymentPlan as Plan
    from apps.payment.selectors.carts import cart_for_member
    from apps.payment.services.carts import cart_create, cart_line_add
    from apps.product.demo import product_find
    from apps.user.models import User

    user = User.objects.get(email=BUYER)
    with schema_context("org_acme"):
        member = member_for_user(user)
        assert member is not None, f"{BUYER} is not a member of acme: run seed_demo"
        region = OrgRegion.objects.select_related("currency", "default_locale__locale").get(is_default=True)
        cart = cart_for_member(member=member, region_id=region.pk) or cart_create(
            actor=user, region=region, member=member
        )
        cart.lines.all().delete()
        chain = [region.default_locale.locale.locale_key]
        for slug, tier, quantity in ITEMS:
            product = product_find(slug)
            plan = Plan.objects.filter(
                variant__product=product, access_tier=tier, plan_type=Plan.PlanType.ONE_TIME, is_active=True
            ).first()
            assert plan is not None, f"no tier-{tier} one-time plan on {slug}"
            cart_line_add(actor=user, cart=cart, plan_id=plan.pk, quantity=quantity, chain=chain)
        return cart.lines.count()


def main() -> None:
    django.setup()
    print(f"bench: checkout cart of {BUYER} holds {cart_fill()} lines")


if __name__ == "__main__":
    main()
