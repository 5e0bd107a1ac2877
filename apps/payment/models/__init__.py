"""The payment app's models (tenant schema): plans and their regional prices, carts, orders and
what follows payment (downloads, shipments, bookings), refunds, disputes and processed events."""

from apps.payment.models.carts import OrgCart, OrgCartLine
from apps.payment.models.events import OrgCommerceEvent, OrgPaymentEventProcessed
from apps.payment.models.fulfilment import OrgOrderBooking, OrgOrderDownload, OrgOrderShipment
from apps.payment.models.orders import OrgDispute, OrgOrder, OrgOrderLine, OrgPayment, OrgRefund
from apps.payment.models.plans import (
    OrgProductVariantPaymentPlan,
    OrgProductVariantPaymentPlanMarketRegion,
    OrgProductVariantPaymentPlanOneTimeType,
    OrgProductVariantPaymentPlanSubscriptionType,
    OrgProductVariantPaymentPlanUsageBasedType,
)
from apps.payment.models.providers import OrgManualPaymentMethod

__all__ = [
    "OrgCart",
    "OrgCartLine",
    "OrgCommerceEvent",
    "OrgDispute",
    "OrgManualPaymentMethod",
    "OrgOrder",
    "OrgOrderBooking",
    "OrgOrderDownload",
    "OrgOrderLine",
    "OrgOrderShipment",
    "OrgPayment",
    "OrgPaymentEventProcessed",
    "OrgProductVariantPaymentPlan",
    "OrgProductVariantPaymentPlanMarketRegion",
    "OrgProductVariantPaymentPlanOneTimeType",
    "OrgProductVariantPaymentPlanSubscriptionType",
    "OrgProductVariantPaymentPlanUsageBasedType",
    "OrgRefund",
]
