"""Demo members from ``demo/members.json``: owner, instructor, learner and vip in every demo org.

Each is the user ``<name>@<org slug>.example`` named "<org name> <Name>", with the demo password.
Idempotent: users and members are found by email.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from apps.member.models import OrgMember
from apps.member.services import member_add
from apps.user.services import user_create_verified
from volmify.actors import DEMO_SEED
from volmify.demo import DemoFile, demo_load

DATA = Path(__file__).parent / "demo"


@cache
def demo_members() -> DemoFile:
    return demo_load(DATA, "members")


def demo_password() -> str:
    """The password of every demo user (platform staff and org owners included)."""
    return demo_members()["password"]


def demo_member_names() -> dict[str, str]:
    """Member name -> role, for other demo files to check their references against."""
    return {spec["name"]: spec["role"] for spec in demo_members()["members"]}


def seed(org: Any) -> None:
    for name in demo_member_names():
        member_ensure(org, name)


def member_ensure(org: Any, name: str) -> OrgMember:
    """The demo member ``name`` of ``org``, made (or given its role again) when missing."""
    role = demo_members().ref(demo_member_names(), name, key="members", kind="member")
    user = user_create_verified(
        actor=DEMO_SEED,
        email=f"{name}@{org.slug}.example",
        password=demo_password(),
        display_name=f"{org.name} {name.title()}",
    )
    return member_add(actor=DEMO_SEED, user=user, role=role)


def member_find(org: Any, name: str) -> OrgMember | None:
    return OrgMember.objects.filter(user__email=f"{name}@{org.slug}.example").first()
