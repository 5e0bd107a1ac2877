"""Idempotent demo data: platform staff, and the orgs acme and globex (``apps/platform/demo/platform.json``).

A command of the platform app, the top layer, because it reaches every app. Each domain app adds
its demo content from its data files (``apps/<app>/demo/*.json``) through a module
``apps/<app>/demo.py`` with ``seed(org)``, called in the org's schema in INSTALLED_APPS order (the
members first). Each must be idempotent, like this command.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from apps.member.demo import demo_password
from apps.org.models import Org, OrgDomain
from apps.org.services import org_domain_name, org_provision, org_schema_name, platform_ensure
from apps.user.services import user_create_verified
from volmify.actors import DEMO_SEED
from volmify.demo import demo_load
from volmify.mfa import totp_code_now

PLATFORM = demo_load(Path(__file__).resolve().parents[2] / "demo", "platform")
# Django admin needs two-factor authentication: the demo staff user's authenticator secret
# (add it to an authenticator app, or print the current code: manage.py seed_demo --totp-code)
DEMO_STAFF_TOTP_SECRET: str = PLATFORM["staff"]["totp_secret"]


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
        staff = PLATFORM["staff"]
        user = user_create_verified(
            actor=DEMO_SEED,
            email=staff["email"],
            password=demo_password(),
            display_name=staff["display_name"],
            is_staff=True,
        )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_STAFF_TOTP_SECRET)
        for spec in PLATFORM["orgs"]:
            org = self._org(spec["slug"], spec["name"])
            self._app_demos(org)
            self.stdout.write(f"demo org {org.slug}: {org.status}")

    def _org(self, slug: str, name: str) -> Org:
        owner = user_create_verified(
            actor=DEMO_SEED,
            email=f"owner@{slug}.example",
            password=demo_password(),
            display_name=f"{name} Owner",
        )
        org, _ = Org.objects.get_or_create(
            slug=slug, defaults={"name": name, "schema_name": org_schema_name(slug), "created_by": owner}
        )
        OrgDomain.objects.update_or_create(  # <slug>.<platform>: the platform controls it, so it is verified
            domain=org_domain_name(slug), defaults={"tenant": org, "is_primary": True, "is_verified": True}
        )
        org = org_provision(actor=DEMO_SEED, org_id=org.pk)
        if not org.is_active:
            raise RuntimeError(f"demo org {slug} failed to provision: {org.failure_reason}")
        return org

    def _app_demos(self, org: Org) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if not config.name.startswith("apps.") or find_spec(module_name) is None:
                continue
            seed = getattr(import_module(module_name), "seed", None)  # apps/platform/demo/ holds data only
            if seed is not None:
                with schema_context(org.schema_name):
                    seed(org)
