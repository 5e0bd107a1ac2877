"""Writes to users and profiles."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from apps.user.models import User, UserProfile
from volmify.actors import Actor, actor_check


def user_profile_ensure(*, actor: Actor, user: User, display_name: str = "") -> UserProfile:
    """The user's profile, created on first need (by the user signing up, or the system)."""
    actor_check(actor)
    profile, _ = UserProfile.objects.get_or_create(user=user, defaults={"display_name": display_name})
    return profile


@transaction.atomic
def user_create_verified(
    *, actor: Actor, email: str, password: str, display_name: str = "", is_staff: bool = False
) -> User:
    """A user whose email is already verified (demo data and platform staff); idempotent by email.
    Users live in the public schema: no org's log records it."""
    actor_check(actor)
    email = email.lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, is_staff=is_staff, is_superuser=is_staff)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user_profile_ensure(actor=actor, user=user, display_name=display_name)
    return user


@transaction.atomic
def user_create_for_purchase(*, actor: Actor, email: str) -> User:
    """An account for a buyer who checks out with an email that has none: no password yet and the
    email unverified, so it signs in nowhere else until the buyer confirms the email (allauth's
    confirmation, sent by the caller) and sets a password. Refused for an email that has an
    account: that buyer must sign in (nobody attaches purchases to someone else's account)."""
    actor_check(actor)
    email = User.objects.normalize_email(email).lower()
    if user_email_taken(email=email):
        raise ValueError("this email already has an account")
    user = User.objects.create_user(email, None)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    user_profile_ensure(actor=actor, user=user)
    return user


def user_email_taken(*, email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )
