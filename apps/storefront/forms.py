"""Forms of the storefront: its query strings, and what learners send from course pages and the player."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.course.models import Level
from apps.course.validators import validate_lesson_file
from apps.product.models import OrgProduct
from apps.product.reviews import REVIEW_TEXT_MAX
from volmify.forms import MAX_ID, id_field, search_field

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


class CartAddForm(forms.Form):
    plan = forms.IntegerField(label=_("Plan"), min_value=1, max_value=MAX_ID)
    quantity = forms.CharField(label=_("Quantity"), required=False, max_length=6)
    buy_now = forms.BooleanField(label=_("Buy now"), required=False)
    next = forms.CharField(required=False, max_length=2000)


class CartQuantityForm(forms.Form):
    quantity = forms.CharField(label=_("Quantity"), max_length=6)


class CheckoutForm(forms.Form):
    """What the buyer enters at checkout; the shipping fields count only with a physical good."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    # countries are checked by the checkout service (a select of 250 choices is costly to validate)
    billing_country = forms.CharField(label=_("Country"), max_length=2)
    provider = forms.ChoiceField(label=_("Payment method"), choices=(), widget=forms.RadioSelect)
    shipping_name = forms.CharField(label=_("Recipient"), required=False, max_length=120)
    shipping_line1 = forms.CharField(label=_("Address"), required=False, max_length=200)
    shipping_line2 = forms.CharField(label=_("Address line 2"), required=False, max_length=200)
    shipping_city = forms.CharField(label=_("City"), required=False, max_length=120)
    shipping_postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=20)
    shipping_state = forms.CharField(label=_("State or province"), required=False, max_length=120)
    shipping_country = forms.CharField(label=_("Country to ship to"), required=False, max_length=2)
    expected_total = forms.DecimalField(widget=forms.HiddenInput, max_digits=14, decimal_places=3)
    expected_currency = forms.CharField(widget=forms.HiddenInput, max_length=3)

    def __init__(
        self,
        *args: Any,
        countries: Sequence[tuple[str, str]] = (),
        providers: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.countries = countries  # rendered by the template's country selects
        choice_fields: dict[str, Any] = self.fields
        choice_fields["provider"].choices = providers


class ProductReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(value, value) for value in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your review"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=REVIEW_TEXT_MAX,
    )
