"""Every read of the payment app, by sub-domain: ``plans`` (plans, regional prices, the priced
catalog), ``offers`` (what a plan sells for in a region now), ``carts`` and ``orders``. Callers
import the sub-module."""
