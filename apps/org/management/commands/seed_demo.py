"""Idempotent demo data: platform staff, and the orgs acme and globex with their members.

Other apps add their demo content through a module ``apps/<app>/demo.py`` with
``seed(org)``, called in the org's schema after the members exist, in
INSTALLED_APPS order. Each must be idempotent, like this command.
"""

from importlib import import_module
from importlib.util import find_spec

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from apps.member.models import OrgMember
from apps.member.services import member_add
from apps.org.models import Org, OrgDomain
from apps.org.services import org_domain_name, org_provision, org_schema_name, platform_ensure
from apps.user.services import user_create_verified
from volmify.mfa import totp_code_now

DEMO_PASSWORD = "volmify-demo"
# Django admin needs two-factor authentication: the demo staff user's authenticator secret
# (add it to an authenticator app, or print the current code: manage.py seed_demo --totp-code)
DEMO_STAFF_TOTP_SECRET = "VOLMIFYDEMOSTAFFTOTPSECRETKEY234"
DEMO_ORGS = {"acme": "Acme Academy", "globex": "Globex Learning"}
ROLES = {
    "owner": OrgMember.Role.OWNER,
    "instructor": OrgMember.Role.INSTRUCTOR,
    "learner": OrgMember.Role.LEARNER,
}


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo platform, orgs and users. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--totp-code", action="store_true", help="Print the demo staff user's current TOTP code and stop."
        )

    def handle(self, *args, **options) -> None:
        if options["totp_code"]:
            self.stdout.write(totp_code_now(DEMO_STAFF_TOTP_SECRET))
            return
        platform_ensure()
        staff = user_create_verified(
            email="staff@example.com", password=DEMO_PASSWORD, display_name="Platform Staff", is_staff=True
        )
        if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(staff, DEMO_STAFF_TOTP_SECRET)
        for slug, name in DEMO_ORGS.items():
            org = self._org(slug, name)
            self._members(org)
            self._app_demos(org)
            self.stdout.write(f"demo org {slug}: {org.status}")

    def _org(self, slug: str, name: str) -> Org:
        owner = user_create_verified(
            email=f"owner@{slug}.example", password=DEMO_PASSWORD, display_name=f"{name} Owner"
        )
        org, _ = Org.objects.get_or_create(
            slug=slug, defaults={"name": name, "schema_name": org_schema_name(slug), "created_by": owner}
        )
        OrgDomain.objects.update_or_create(  # <slug>.<platform>: the platform controls it, so it is verified
            domain=org_domain_name(slug), defaults={"tenant": org, "is_primary": True, "is_verified": True}
        )
        org = org_provision(org_id=org.pk)
        if not org.is_active:
            raise RuntimeError(f"demo org {slug} failed to provision: {org.failure_reason}")
        return org

    def _members(self, org: Org) -> None:
        with schema_context(org.schema_name):
            for word, role in ROLES.items():
                user = user_create_verified(
                    email=f"{word}@{org.slug}.example",
                    password=DEMO_PASSWORD,
                    display_name=f"{org.name} {word.title()}",
                )
                member_add(user=user, role=role)

    def _app_demos(self, org: Org) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith("apps.") and find_spec(module_name):
                with schema_context(org.schema_name):
                    import_module(module_name).seed(org)
