"""``django.contrib.admin`` with the two-factor site (``volmify.mfa.TwoFactorAdminSite``) as
``admin.site``. Its own module: app configs are imported before models can be, and the site's
module imports allauth's."""

from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    default_site = "volmify.mfa.TwoFactorAdminSite"
