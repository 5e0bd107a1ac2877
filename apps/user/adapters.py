"""allauth hooks: profiles on sign-up, and learner membership when signing up on an org's storefront."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from apps.user.services import user_profile_ensure


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_profile_ensure(user=user)
            tenant = getattr(request, "tenant", None)
            if tenant is not None and tenant.schema_name != settings.PUBLIC_SCHEMA_NAME:
                from apps.member.services import member_join

                member_join(user=user)
        return user
