"""Who makes a change: a signed-in person (the public user) or a named part of the system.

Every service that changes data takes ``actor`` as a required keyword. Views pass
``request.user``; Celery tasks, webhooks, provisioning and the demo loader pass one
of the named system actors below, so the audit log always says who or what acted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest


@dataclass(frozen=True)
class SystemActor:
    """A part of the system acting on its own (no person): a task, a webhook, the demo loader."""

    name: str

    def __str__(self) -> str:
        return f"system:{self.name}"


DEMO_SEED = SystemActor("demo-seed")
PROVISIONING = SystemActor("provisioning")
PROGRESS_ROLLUP = SystemActor("progress-rollup")
DOMAIN_CHECK = SystemActor("domain-check")  # the periodic DNS check of pending custom domains
MAINTENANCE = SystemActor("maintenance")  # management commands run by platform staff
STOREFRONT_VISITOR = SystemActor("storefront-visitor")  # a signed-out visitor's cart and guest checkout
PAYMENTS = SystemActor("payments")  # payment provider events (webhooks) and the order expiry sweep
LEDGER = SystemActor("ledger")  # posting sales, refunds and lost disputes to the revenue ledger

Actor: TypeAlias = "AbstractBaseUser | SystemActor"


def actor_check(actor: Actor) -> None:
    """Refuse a missing actor or a signed-out visitor: a write always has someone or something behind it."""
    if isinstance(actor, SystemActor):
        return
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise TypeError(f"a write needs a signed-in user or a SystemActor as its actor, not {actor!r}")


def actor_user_id(actor: Actor) -> int | None:
    """The public user's id, or None for a system actor."""
    return None if isinstance(actor, SystemActor) else actor.pk


def actor_label(actor: Actor) -> str:
    """What the audit log keeps of the actor, so an entry still reads after the user is gone."""
    if isinstance(actor, SystemActor):
        return str(actor)
    return getattr(actor, "email", "") or str(actor.pk)


def request_actor(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in user behind a request, as the actor of its writes (Django admin's actions and
    other views that Django types loosely); a signed-out request is refused, never passed on."""
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.core.exceptions import PermissionDenied

    user = request.user
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        raise PermissionDenied
    return user
