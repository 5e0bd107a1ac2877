"""The one outline tree: tier gating, neighbours and the highest tier, and how it is cached."""

import pickle

import pytest
from django.core.cache import cache

from apps.course.selectors.editor import course_outline_for_editor
from apps.course.selectors.outline import (
    Outline,
    OutlineModule,
    OutlinePlacement,
    OutlineSection,
    course_outline,
    course_outline_key,
)
from apps.general.tiers import MAX_ACCESS_TIER
from tests.course.factories import CourseFactory, ModuleFactory, PlacementFactory, SectionFactory


def _node(placement_id: int, tier: int = 1, *, is_preview: bool = False) -> OutlinePlacement:
    return OutlinePlacement(
        placement_id, placement_id * 10, "text", f"L{placement_id}", tier, None, is_preview, True
    )


def _outline(*sections: tuple[OutlinePlacement, ...]) -> Outline:
    section_nodes = tuple(OutlineSection(n, f"S{n}", 1, None, nodes) for n, nodes in enumerate(sections))
    return Outline.of((OutlineModule(1, "M", 1, None, section_nodes),))


# 1 and 3 at tier 1 in two sections, 2 at tier 3, 4 a free preview, 5 at tier 2
OUTLINE = _outline((_node(1), _node(2, 3)), (_node(3), _node(4, is_preview=True), _node(5, 2)))


@pytest.mark.parametrize(
    ("learner_tier", "open_ids"),
    [(0, {4}), (1, {1, 3, 4}), (2, {1, 3, 4, 5}), (3, {1, 2, 3, 4, 5})],
)
def test_the_learners_tier_decides_what_opens(learner_tier, open_ids):
    outline = OUTLINE.at_tier(learner_tier)
    assert {node.placement_id for node in outline.placements if outline.is_open(node)} == open_ids
    assert outline.open_placement_ids == open_ids


@pytest.mark.parametrize(
    ("learner_tier", "placement_id", "expected"),
    [
        (1, 3, (1, 4)),  # across sections, over the closed tier-3 lesson
        (1, 2, (1, 3)),  # a closed lesson still has the open ones around it
        (1, 1, (None, 3)),
        (1, 4, (3, None)),  # nothing open after the preview at tier 1
        (2, 4, (3, 5)),
        (0, 4, (None, None)),  # a visitor opens only the preview
        (1, 99, (None, None)),  # not in the outline
    ],
)
def test_neighbours_are_the_open_lessons_around_one(learner_tier, placement_id, expected):
    previous, following = OUTLINE.at_tier(learner_tier).neighbours(placement_id)
    ids = (previous.placement_id if previous else None, following.placement_id if following else None)
    assert ids == expected


def test_node_for_and_the_highest_tier():
    assert OUTLINE.node_for(5) == _node(5, 2)
    assert OUTLINE.node_for(99) is None
    assert OUTLINE.max_tier == 3
    assert Outline.of(()).max_tier == 1


def test_a_tier_shares_the_tree_and_leaves_the_cached_one_as_it_was():
    at_two = OUTLINE.at_tier(2)
    assert (at_two.modules is OUTLINE.modules, at_two.placements is OUTLINE.placements) == (True, True)
    assert (at_two.learner_tier, OUTLINE.learner_tier) == (2, 0)


def test_the_tree_is_built_once_cached_as_plain_data_and_shared_by_studio_and_player(
    in_org, org_a, django_assert_num_queries
):
    in_org(org_a)
    course = CourseFactory()
    section = SectionFactory(module=ModuleFactory(course=course, title="Intro"), required_access_tier=2)
    placement = PlacementFactory(
        section=section, lesson__title="Hello", is_preview=True, required_access_tier=3
    )
    chain = ("en",)
    with django_assert_num_queries(6):
        learner = course_outline(course=course, chain=chain, learner_tier=1)
    with django_assert_num_queries(0):
        editor = course_outline_for_editor(course=course, chain=chain)
    assert editor == learner.at_tier(MAX_ACCESS_TIER)
    stored = cache.get(course_outline_key(course, chain))
    assert stored == learner.at_tier(0)
    assert pickle.loads(pickle.dumps(stored)) == stored
    module = stored.modules[0]
    assert (module.title, module.tier, module.required_access_tier) == ("Intro", 1, None)
    assert (module.sections[0].tier, module.sections[0].required_access_tier) == (2, 2)
    assert stored.placements == (
        OutlinePlacement(placement.pk, placement.lesson_id, "text", "Hello", 3, 3, True, True),
    )
    assert (learner.is_open(stored.placements[0]), editor.is_open(stored.placements[0])) == (False, True)
