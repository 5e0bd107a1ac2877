"""What a new org has set up yet: the steps of the console's onboarding checklist.

Each step is done when a row exists that the step's page creates; the whole
checklist costs at most 7 EXISTS queries (payments asks Stripe, then bank
transfer), whatever the org's size. The console maps step keys to its pages and
words; this module only knows what "done" means.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q

from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.org.models import OrgStripeAccount
from apps.payment.models import OrgManualPaymentMethod
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.product.models import OrgProduct

STEP_KEYS = ("languages", "market", "brand", "product", "payments", "publish")


@dataclass(frozen=True)
class OnboardingStep:
    key: str
    is_done: bool


@dataclass(frozen=True)
class Onboarding:
    steps: tuple[OnboardingStep, ...]

    @property
    def done_count(self) -> int:
        return sum(step.is_done for step in self.steps)

    @property
    def is_complete(self) -> bool:
        return self.done_count == len(self.steps)

    @property
    def next_key(self) -> str | None:
        """The first step not done yet: the one the checklist points at."""
        return next((step.key for step in self.steps if not step.is_done), None)


def onboarding_status(*, org_id: int) -> Onboarding:
    """The checklist of the current org (``org_id`` is the tenant, for its Stripe account in the
    public schema): languages, a market with its currency, a brand, a product with an active plan
    priced in an active market, a way to take payment, and a published product."""
    priced = PlanPrice.objects.filter(
        plan__is_active=True,
        plan__variant__is_active=True,
        region__is_active=True,
        currency_id=F("region__currency_id"),
    )
    stripe_ready = OrgStripeAccount.objects.filter(org_id=org_id, charges_enabled=True)
    manual_ready = OrgManualPaymentMethod.objects.filter(is_enabled=True, region__is_active=True)
    done = {
        "languages": OrgLocale.objects.exists(),
        "market": OrgRegion.objects.filter(Q(is_active=True)).exists(),
        "brand": OrgBrand.objects.exists(),
        "product": priced.exists(),
        "payments": stripe_ready.exists() or manual_ready.exists(),
        "publish": OrgProduct.objects.filter(status=OrgProduct.Status.PUBLISHED).exists(),
    }
    return Onboarding(steps=tuple(OnboardingStep(key=key, is_done=done[key]) for key in STEP_KEYS))
