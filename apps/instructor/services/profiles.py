"""Writes to instructor profiles (a user's own; the public schema has no org log to record them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.instructor.models import UserInstructorProfile
from apps.instructor.photos import photo_rendition
from apps.skill.models import Skill
from apps.user.models import User
from volmify.actors import Actor, SystemActor, actor_check
from volmify.sanitize import sanitize_html

MAX_LINKS = 6
PROFILE_LANGUAGES = ("en", "es", "ar")


def _links_validate(links: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    if len(links) > MAX_LINKS:
        raise ValidationError({"links": _("A profile has at most %(count)d links.") % {"count": MAX_LINKS}})
    checked = []
    validate = URLValidator(schemes=["https"])
    for link in links:
        url = str(link.get("url", "")).strip()
        label = str(link.get("label", "")).strip()[:60]
        try:
            validate(url)
        except ValidationError as error:
            raise ValidationError(
                {"links": _("Enter full secure web addresses starting with https://.")}
            ) from error
        checked.append({"label": label or url, "url": url})
    return checked


def _slug_free(base: str, *, exclude_id: int | None = None) -> str:
    base = (slugify(base) or "creator")[:70]
    taken = set(
        UserInstructorProfile.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_id)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _owner_check(actor: Actor, user: User) -> None:
    actor_check(actor)
    if not isinstance(actor, SystemActor) and actor.pk != user.pk and not getattr(actor, "is_staff", False):
        raise ValidationError(_("You can only change your own instructor profiles."))


@transaction.atomic
def instructor_profile_create(
    *,
    actor: Actor,
    user: User,
    display_name: str,
    headline: str = "",
    bio: str = "",
    language: str = "en",
    slug: str = "",
    photo_url: str = "",
    skill_ids: Sequence[int] = (),
    links: Sequence[dict[str, str]] = (),
    is_public: bool = True,
    photo: UploadedFile | None = None,
) -> UserInstructorProfile:
    """A new profile of ``user`` with a public address made from ``slug`` (or the display name)."""
    _owner_check(actor, user)
    rendition = photo_rendition(photo) if photo else None
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": _("Enter the name this profile is shown under.")})
    if slug:
        slug = _slug_check(slug)
    profile = UserInstructorProfile(
        user=user,
        display_name=display_name,
        headline=headline.strip(),
        photo_url=photo_url,
        slug=slug or _slug_free(display_name),
        links=_links_validate(links),
        is_public=is_public,
    )
    if rendition is not None:
        profile.photo.save(rendition.name or "photo.jpg", rendition, save=False)
    profile.set_current_language(language if language in PROFILE_LANGUAGES else "en")
    profile.bio = sanitize_html(bio.strip())
    profile.save()
    _skills_set(profile, skill_ids)
    return profile


def _slug_check(slug: str, *, exclude_id: int | None = None) -> str:
    cleaned = slugify(slug)[:80]
    if not cleaned:
        raise ValidationError({"slug": _("Use letters, digits and hyphens for the public address.")})
    if UserInstructorProfile.objects.filter(slug=cleaned).exclude(pk=exclude_id).exists():
        raise ValidationError(
            {"slug": _("The public address “%(slug)s” is taken; choose another.") % {"slug": cleaned}}
        )
    return cleaned


@transaction.atomic
def instructor_profile_update(
    *, actor: Actor, profile: UserInstructorProfile, language: str = "en", **changes: Any
) -> UserInstructorProfile:
    """Change the profile's fields (``display_name``, ``headline``, ``photo_url``, ``links``,
    ``skill_ids``, ``bio`` in ``language``, ``slug``, ``is_public``, ``photo`` an upload).

    Everything is checked before anything is written: refused as a whole, nothing changed."""
    _owner_check(actor, profile.user)
    unknown = set(changes) - {
        "display_name", "headline", "photo_url", "links", "skill_ids", "bio", "slug", "is_public", "photo"
    }  # fmt: skip
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    links = _links_validate(changes["links"]) if "links" in changes else None
    slug = _slug_check(changes["slug"], exclude_id=profile.pk) if "slug" in changes else None
    photo = photo_rendition(changes["photo"]) if changes.get("photo") else None
    if "display_name" in changes and not str(changes["display_name"]).strip():
        raise ValidationError({"display_name": _("Enter the name this profile is shown under.")})
    for name in ("display_name", "headline", "photo_url", "is_public"):
        if name in changes:
            setattr(profile, name, changes[name].strip() if isinstance(changes[name], str) else changes[name])
    if links is not None:
        profile.links = links
    if slug is not None:
        profile.slug = slug
    if "bio" in changes:
        profile.set_current_language(language if language in PROFILE_LANGUAGES else "en")
        profile.bio = sanitize_html(str(changes["bio"]).strip())
    if "skill_ids" in changes:
        _skills_set(profile, changes["skill_ids"])
    if photo is not None:
        old = profile.photo.name if profile.photo else ""
        profile.photo.save(photo.name or "photo.jpg", photo, save=False)
        if old:
            transaction.on_commit(lambda: profile.photo.storage.delete(old))
    profile.save()
    return profile


def _skills_set(profile: UserInstructorProfile, skill_ids: Sequence[int]) -> None:
    wanted = set(skill_ids)
    found = set(Skill.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError({"skill_ids": _("Choose skills from the taxonomy.")})
    profile.skills.set(sorted(found))


def instructor_profile_ensure(*, actor: Actor, user: User) -> UserInstructorProfile:
    """The user's first profile, made from their account's name when they have none."""
    existing = UserInstructorProfile.objects.filter(user=user).order_by("pk").first()
    if existing is not None:
        return existing
    return instructor_profile_create(actor=actor, user=user, display_name=user.get_full_name().split("@")[0])
