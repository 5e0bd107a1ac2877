"""Domain events the org app announces; higher apps (member...) react to them."""

from django.dispatch import Signal

# Sent while a newly provisioned org's schema is active, before it is marked active; a receiver's
# error fails the provisioning (``org_provision``). Arguments: ``org``, ``actor`` (who provisions it).
org_schema_ready = Signal()
