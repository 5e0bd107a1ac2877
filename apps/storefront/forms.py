"""Forms of the storefront: its query strings, and what learners send from course pages and the player."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.course.models import Level
from apps.course.validators import validate_lesson_file
from apps.product.models import OrgProduct
from volmify.forms import id_field, search_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# a price filter as wide as the prices the catalog stores (payment.OrgPlanMarketRegion.amount)
PRICE_MAX_DIGITS = 14
PRICE_DECIMAL_PLACES = 3
# a learner's answer may be as long as a lesson body (the studio's bound)
ASSIGNMENT_TEXT_MAX_LENGTH = 200_000
RATING_COMMENT_MAX_LENGTH = 2000


def _price_field(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=PRICE_MAX_DIGITS,
        decimal_places=PRICE_DECIMAL_PLACES,
    )


class CatalogFilterForm(forms.Form):
    q = search_field(label=_("Search"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=OrgProduct.ProductType.choices)
    skill = id_field(label=_("Skill"))
    level = forms.CharField(label=_("Level"), required=False, max_length=20)
    min = _price_field(_("Min price"))
    max = _price_field(_("Max price"))


class CourseListFilterForm(forms.Form):
    skill = forms.SlugField(label=_("Skill"), required=False, max_length=80)


class AssignmentSubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=ASSIGNMENT_TEXT_MAX_LENGTH,
    )
    file = forms.FileField(label=_("Attach a file"), required=False, validators=[validate_lesson_file])


class RatingForm(forms.Form):
    perceived_level = forms.ChoiceField(label=_("The level it felt like"), choices=Level.choices)
    perceived_difficulty = forms.IntegerField(
        label=_("The difficulty it felt like (1-10)"), min_value=1, max_value=10
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=RATING_COMMENT_MAX_LENGTH,
    )
