import pytest

from apps.course.selectors.outline import course_outline
from apps.course.tiers import can_open, effective_tier
from tests.course.factories import CourseFactory, ModuleFactory, PlacementFactory, SectionFactory


@pytest.mark.parametrize(
    ("module", "section", "placement", "expected"),
    [
        (None, None, None, 1),
        (2, None, None, 2),
        (None, 3, None, 3),
        (None, None, 2, 2),
        (3, 1, 2, 3),
        (1, 2, 1, 2),
        (2, 2, 3, 3),
        (3, None, 1, 3),
    ],
)
def test_effective_tier_is_the_highest_along_the_path(in_org, org_a, module, section, placement, expected):
    assert effective_tier(module, section, placement) == expected
    in_org(org_a)
    course = CourseFactory()
    placed = PlacementFactory(
        section=SectionFactory(
            module=ModuleFactory(course=course, required_access_tier=module), required_access_tier=section
        ),
        required_access_tier=placement,
    )
    outline = course_outline(course=course, chain=("en",), learner_tier=expected)
    node = outline.node_for(placed.pk)
    assert node.tier == expected
    assert outline.is_open(node) is True
    assert outline.at_tier(expected - 1).is_open(node) is False


@pytest.mark.parametrize(
    ("required", "learner", "is_preview", "expected"),
    [
        (1, 0, False, False),
        (1, 0, True, True),
        (2, 0, True, False),
        (2, 1, True, False),
        (2, 2, False, True),
        (3, 2, False, False),
        (1, 3, False, True),
    ],
)
def test_can_open(required, learner, is_preview, expected):
    assert can_open(effective_required_tier=required, learner_tier=learner, is_preview=is_preview) is expected
