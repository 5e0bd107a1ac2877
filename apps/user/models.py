"""Global user identity (public schema): one account across every org."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """A person; what they may do in an org is their ``OrgMember`` row there."""

    email = models.EmailField(_("email address"), unique=True)
    is_staff = models.BooleanField(
        _("platform staff"), default=False, help_text=_("May sign in to the platform's Django admin.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        db_table = "user"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class UserProfile(models.Model):
    """What a user shows of themselves, the same in every org."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    preferred_locale = models.ForeignKey(
        "general.Locale",
        verbose_name=_("preferred language"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    bio = models.TextField(_("about"), blank=True)

    class Meta:
        db_table = "user_profile"
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return self.display_name or self.user.email
