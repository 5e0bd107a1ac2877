"""Role ranks: each role may do what the roles below it may."""

from apps.member.models import OrgMember

Role = OrgMember.Role

ROLE_RANK = {Role.LEARNER: 1, Role.INSTRUCTOR: 2, Role.ADMIN: 3, Role.OWNER: 4}


def role_at_least(role: str | None, minimum: str) -> bool:
    """True when ``role`` ranks at or above ``minimum``; no role ranks below everything."""
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role(minimum)]
