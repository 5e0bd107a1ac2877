"""Delivering what a paid line sells besides course access: downloads counted against their limit,
shipments an admin sends, bookings an admin schedules."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audited
from apps.payment.models import OrgOrderBooking, OrgOrderDownload, OrgOrderLine, OrgOrderShipment
from apps.payment.services.orders import Verb, admin_check
from volmify.actors import Actor, actor_check


def download_take(*, actor: Actor, download: OrgOrderDownload) -> OrgOrderDownload:
    """Count one download, atomically: refused when the line no longer grants it (refund, dispute)
    or its limit is used up, however many requests race for the last one."""
    actor_check(actor)
    taken = OrgOrderDownload.objects.filter(
        Q(download_limit__isnull=True) | Q(download_count__lt=F("download_limit")),
        pk=download.pk,
        line__access=OrgOrderLine.Access.ACTIVE,
    ).update(download_count=F("download_count") + 1, last_downloaded_at=timezone.now())
    if not taken:
        raise ValidationError(_("This download is no longer available."))
    download.refresh_from_db(fields=["download_count", "last_downloaded_at"])
    return download


@transaction.atomic
def shipment_mark_shipped(
    *, actor: Actor, shipment: OrgOrderShipment, carrier: str, tracking_number: str
) -> OrgOrderShipment:
    admin_check(actor)
    shipment = OrgOrderShipment.objects.select_for_update().select_related("line").get(pk=shipment.pk)
    if shipment.line.access == OrgOrderLine.Access.REVOKED:
        raise ValidationError(_("This line was refunded; there is nothing to ship."))
    if not carrier.strip():
        raise ValidationError({"carrier": _("Name the carrier.")})
    fields = ("status", "carrier", "tracking_number", "shipped_at")
    with audited(actor=actor, verb=Verb.FULFIL, target=shipment, fields=fields, label=str(shipment.line)):
        shipment.status = OrgOrderShipment.Status.SHIPPED
        shipment.carrier, shipment.tracking_number = carrier.strip(), tracking_number.strip()
        shipment.shipped_at = shipment.shipped_at or timezone.now()
        shipment.save(update_fields=list(fields))
    return shipment


@transaction.atomic
def booking_schedule(
    *, actor: Actor, booking: OrgOrderBooking, scheduled_at: datetime, location: str, note: str = ""
) -> OrgOrderBooking:
    admin_check(actor)
    booking = OrgOrderBooking.objects.select_for_update().select_related("line").get(pk=booking.pk)
    if booking.status == OrgOrderBooking.Status.CANCELLED:
        raise ValidationError(_("This booking was cancelled."))
    if scheduled_at <= timezone.now():
        raise ValidationError({"scheduled_at": _("Choose a time in the future.")})
    if not location.strip():
        raise ValidationError({"location": _("Say where it takes place, or the link to join.")})
    fields = ("status", "scheduled_at", "location", "note")
    with audited(actor=actor, verb=Verb.FULFIL, target=booking, fields=fields, label=str(booking.line)):
        booking.status = OrgOrderBooking.Status.SCHEDULED
        booking.scheduled_at, booking.location, booking.note = scheduled_at, location.strip(), note.strip()
        booking.save(update_fields=list(fields))
    return booking
