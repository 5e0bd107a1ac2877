"""Emails of invitations and applications, each in its recipient's language (their profile's
preferred language when they have an account, else the language the invitation was made in);
links on the platform host, never from a request's Host."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from apps.user.models import User

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def recipient_language(email: str, fallback: str) -> str:
    user = User.objects.select_related("profile__preferred_locale").filter(email__iexact=email).first()
    locale = getattr(getattr(user, "profile", None), "preferred_locale", None) if user else None
    if locale is not None:
        code = locale.locale_key.split("-")[0].lower()
        if code in SUPPORTED:
            return code
    return fallback if fallback in SUPPORTED else settings.LANGUAGE_CODE


def instructor_email_send(*, to: str, template: str, context: dict, fallback_language: str = "en") -> None:
    """Render ``email/instructor_<template>.txt`` (first line the subject) in the recipient's language."""
    with translation.override(recipient_language(to, fallback_language)):
        text = render_to_string(f"email/instructor_{template}.txt", context).strip()
    subject, _blank, body = text.partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])
