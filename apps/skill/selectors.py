"""Reads of the skill taxonomy."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from apps.skill.models import Skill

# The taxonomy lives in the public schema, which is on every tenant's search path.
_DESCENDANTS_SQL = """
WITH RECURSIVE tree(id) AS (
    SELECT id FROM public.skill WHERE id = ANY(%s)
    UNION
    SELECT child.id FROM public.skill AS child JOIN tree ON child.parent_id = tree.id
)
SELECT id FROM tree
"""


def skill_descendant_ids(*, skill_id: int | None = None, skill_ids: list[int] | None = None) -> set[int]:
    """The ids of the given skills and all their descendants, in one recursive query."""
    roots = list(skill_ids or []) + ([skill_id] if skill_id is not None else [])
    if not roots:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_DESCENDANTS_SQL, [roots])
        return {row[0] for row in cursor.fetchall()}


def skill_list() -> QuerySet[Skill]:
    """Active skills with their translations, parents first by sort order."""
    return (
        Skill.objects.filter(is_active=True).prefetch_related("translations").order_by("sort_order", "slug")
    )


def skill_by_slug(*, slug: str) -> Skill | None:
    return skill_list().filter(slug=slug).first()


def skill_tree() -> list[tuple[Skill, int]]:
    """Every active skill paired with its depth, in depth-first order (for pickers and browsing)."""
    skills = list(skill_list())
    children: dict[int | None, list[Skill]] = {}
    for skill in skills:
        children.setdefault(skill.parent_id, []).append(skill)
    ordered: list[tuple[Skill, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for skill in children.get(parent_id, []):
            ordered.append((skill, depth))
            walk(skill.pk, depth + 1)

    walk(None, 0)
    return ordered
