"""An org's payment settings: its Stripe connected account (created once, onboarded through
Stripe's hosted Account Links, its status re-read from Stripe) and the manual provider (bank
transfer or invoice) switched on per region with instructions in the org's languages.

Stripe calls are network calls: none of them runs inside a database transaction. The account is
created with an idempotency key per org, so two admins pressing "Connect" at once, or one pressing
it twice, get the same account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_created, audit_fields, audit_record, audit_translation
from apps.general.models import Country
from apps.locale_region.models import OrgLocale, OrgRegion
from apps.org.models import Org, OrgStripeAccount
from apps.org.payment_accounts import stripe_account_connect, stripe_account_update
from apps.org.selectors import stripe_account_for_org
from apps.payment import stripe_api
from apps.payment.models import OrgManualPaymentMethod
from apps.payment.services.orders import admin_check
from volmify.actors import Actor

Verb = OrgAuditEntry.Verb
ACCOUNT_FIELDS = ("charges_enabled", "details_submitted", "payouts_enabled", "requirements_due")
INSTRUCTIONS_MAX_LENGTH = 5000


def stripe_connect_start(
    *, actor: Actor, org: Org, country: str, email: str, return_url: str, refresh_url: str
) -> str:
    """The URL of Stripe's hosted onboarding for ``org``: its connected account is created the first
    time (in ``country``, the business's country, which Stripe cannot change later) and kept; later
    calls only make a new onboarding link. Raises ``PaymentProviderError`` when Stripe refuses."""
    admin_check(actor)
    account = stripe_account_for_org(org_id=org.pk)
    if account is None:
        code = country.strip().upper()
        if not Country.objects.filter(alpha2=code, is_active=True).exists():
            raise ValidationError({"country": _("Choose the country your business is registered in.")})
        account_id = stripe_api.account_create(
            email=email,
            country=code,
            business_name=org.name,
            idempotency_key=f"account-create-{org.schema_name}",
        )
        account = _account_record(actor, org, account_id)
    return stripe_api.account_link_create(
        account_id=account.account_id, refresh_url=refresh_url, return_url=return_url
    )


@transaction.atomic
def _account_record(actor: Actor, org: Org, account_id: str) -> OrgStripeAccount:
    account = stripe_account_connect(actor=actor, org=org, account_id=account_id)
    audit_created(
        actor=actor, target=account, fields=("account_id",), verb=Verb.ADD, label=account.account_id
    )
    return account


def stripe_onboarding_link(*, actor: Actor, org: Org, return_url: str, refresh_url: str) -> str | None:
    """A fresh onboarding link for the org's account (Stripe's links are single-use and expire);
    None while the org has no account."""
    admin_check(actor)
    account = stripe_account_for_org(org_id=org.pk)
    if account is None:
        return None
    return stripe_api.account_link_create(
        account_id=account.account_id, refresh_url=refresh_url, return_url=return_url
    )


def stripe_status_refresh(*, actor: Actor, org: Org) -> OrgStripeAccount | None:
    """Read the connected account's onboarding status from Stripe now and keep it (the same update
    ``account.updated`` makes); None while the org has no account."""
    admin_check(actor)
    account = stripe_account_for_org(org_id=org.pk)
    if account is None:
        return None
    status = stripe_api.account_status(account_id=account.account_id)
    with transaction.atomic():
        before = audit_fields(account, ACCOUNT_FIELDS)
        updated = stripe_account_update(
            account_id=account.account_id,
            charges_enabled=status.charges_enabled,
            details_submitted=status.details_submitted,
            payouts_enabled=status.payouts_enabled,
            requirements_due=status.requirements_due,
        )
        if updated is None:  # removed by staff meanwhile
            return None
        audit_record(
            actor=actor,
            verb=Verb.UPDATE,
            target=updated,
            before=before,
            after=audit_fields(updated, ACCOUNT_FIELDS),
            label=updated.account_id,
        )
    return updated


@transaction.atomic
def manual_payment_set(
    *, actor: Actor, region: OrgRegion, is_enabled: bool, instructions: Mapping[str, str]
) -> OrgManualPaymentMethod:
    """Switch bank transfer or invoice on or off in ``region`` and write its instructions, one text
    per org locale (``{"en-US": ..., "es": ...}``; an empty text removes that language's). Buyers
    cannot pay without knowing where to, so switching it on needs instructions in the region's
    default locale. Nothing changes when refused."""
    admin_check(actor)
    known = set(OrgLocale.objects.values_list("locale__locale_key", flat=True))
    unknown = sorted(set(instructions) - known)
    if unknown:
        raise ValidationError(
            _("The organization does not author in %(locale)s.") % {"locale": ", ".join(unknown)}
        )
    texts = {key: text.strip() for key, text in instructions.items()}
    too_long = sorted(key for key, text in texts.items() if len(text) > INSTRUCTIONS_MAX_LENGTH)
    if too_long:
        raise ValidationError(
            {
                f"instructions_{key}": _("Keep the instructions under %(count)d characters.")
                % {"count": INSTRUCTIONS_MAX_LENGTH}
                for key in too_long
            }
        )
    default_key = region.default_locale.locale.locale_key
    method = OrgManualPaymentMethod.objects.select_for_update().filter(region=region).first()
    existing = _existing_instructions(method, default_key) if method is not None else ""
    if is_enabled and not texts.get(default_key, existing):
        raise ValidationError(
            {
                f"instructions_{default_key}": _(
                    "Write the instructions in %(locale)s, the region's default language, before"
                    " switching bank transfer on."
                )
                % {"locale": default_key}
            }
        )
    created = method is None
    if method is None:
        method = OrgManualPaymentMethod(region=region)
        before: dict[str, object] = {}
    else:
        before = {"is_enabled": method.is_enabled} | _instructions_snapshot(method, texts)
    method.is_enabled = is_enabled
    method.save()
    _instructions_write(method, texts)
    audit_record(
        actor=actor,
        verb=Verb.CREATE if created else Verb.UPDATE,
        target=method,
        before=before,
        after={"is_enabled": method.is_enabled} | _instructions_snapshot(method, texts),
        label=region.display_name,
    )
    return method


def _instructions_snapshot(method: OrgManualPaymentMethod, texts: Mapping[str, str]) -> dict[str, object]:
    snapshot: dict[str, object] = {}
    for key in texts:
        snapshot |= audit_translation(method, key, ("instructions",))
    return snapshot


def _existing_instructions(method: OrgManualPaymentMethod, language_code: str) -> str:
    row = audit_translation(method, language_code, ("instructions",))
    return str(row.get(f"instructions:{language_code}") or "")


def _instructions_write(method: OrgManualPaymentMethod, texts: Mapping[str, str]) -> None:
    translatable: Any = method
    translations = translatable._parler_meta.root_model.objects
    for key, text in texts.items():
        if text:
            method.set_current_language(key)
            method.instructions = text
            method.save_translations()
        else:
            translations.filter(master_id=method.pk, language_code=key.lower()).delete()
