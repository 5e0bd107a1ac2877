"""Every write of the payment app, by sub-domain: ``plans`` (plans and regional prices), ``carts``,
``checkout`` (a cart becomes an order), ``orders`` (paid, cancelled, expired), ``refunds``
(refunds and disputes), ``fulfilment`` (downloads, shipments, bookings), ``stripe_events``
(webhook events applied in the org's schema) and ``settings`` (payment settings of the org).
Callers import the sub-module."""
