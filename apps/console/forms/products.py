"""Console forms of products: create, translate, edit, list filters, variants and skills.

They parse input only; the rules live in the services.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.locale_region.models import OrgBrand
from apps.locale_region.selectors import org_brand_list
from apps.product.models import OrgProduct, OrgProductService, OrgTaxCategory
from apps.product.selectors import tax_category_list
from apps.skill.selectors import skill_tree
from volmify.forms import search_field, validate_upload_size

DESCRIPTION_MAX_LENGTH = 50_000


def _brand_and_tax_choices(form: forms.Form) -> None:
    form.fields["brand"].queryset = org_brand_list()  # type: ignore[attr-defined]
    form.fields["tax_category"].queryset = tax_category_list()  # type: ignore[attr-defined]


class ProductTranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(label=_("Slug"), max_length=200, required=False, allow_unicode=True)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea, max_length=DESCRIPTION_MAX_LENGTH
    )
    seo_title = forms.CharField(label=_("SEO title"), max_length=70, required=False)
    seo_description = forms.CharField(label=_("SEO description"), max_length=160, required=False)


class ProductCreateForm(ProductTranslationForm):
    product_type = forms.ChoiceField(label=_("Type"), choices=OrgProduct.ProductType.choices)
    brand: forms.ModelChoiceField[OrgBrand] = forms.ModelChoiceField(
        label=_("Brand"), queryset=None, required=False
    )
    tax_category: forms.ModelChoiceField[OrgTaxCategory] = forms.ModelChoiceField(
        label=_("Tax category"), queryset=None, required=False
    )
    sku = forms.CharField(label=_("SKU (physical)"), max_length=64, required=False)
    weight_grams = forms.IntegerField(label=_("Weight in grams (physical)"), min_value=0, required=False)
    stock_count = forms.IntegerField(label=_("Stock (physical)"), min_value=0, required=False)
    file_name = forms.CharField(label=_("File name (digital)"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes (service)"), min_value=1, required=False
    )
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode (service)"), choices=OrgProductService.DeliveryMode.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _brand_and_tax_choices(self)

    EXTENSION = {
        "physical": ("sku", "weight_grams", "stock_count"),
        "digital": ("file_name",),
        "service": ("duration_minutes", "delivery_mode"),
        "course": (),
    }

    def extension(self) -> dict:
        names = self.EXTENSION[self.cleaned_data["product_type"]]
        return {
            name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name) not in (None, "")
        }

    def translation(self) -> dict:
        return {name: self.cleaned_data[name] for name in ProductTranslationForm.base_fields}


class VariantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "variant_%s")  # shares a page with PlanForm: ids must differ
        super().__init__(*args, **kwargs)


EXTENSION_FORM_FIELDS: dict[str, dict[str, forms.Field]] = {
    OrgProduct.ProductType.DIGITAL: {
        "file": forms.FileField(label=_("File"), required=False, validators=[validate_upload_size]),
        "file_name": forms.CharField(label=_("File name"), max_length=200, required=False),
        "download_limit": forms.IntegerField(
            label=_("Download limit"),
            min_value=1,
            required=False,
            help_text=_("Empty for unlimited downloads."),
        ),
    },
    OrgProduct.ProductType.PHYSICAL: {
        "sku": forms.CharField(label=_("SKU"), max_length=64),
        "weight_grams": forms.IntegerField(label=_("Weight in grams"), min_value=0),
        "stock_count": forms.IntegerField(label=_("Stock count"), min_value=0),
    },
    OrgProduct.ProductType.SERVICE: {
        "duration_minutes": forms.IntegerField(label=_("Duration in minutes"), min_value=1),
        "delivery_mode": forms.ChoiceField(
            label=_("Delivery mode"), choices=OrgProductService.DeliveryMode.choices
        ),
    },
    OrgProduct.ProductType.COURSE: {},
}


class ProductEditForm(forms.Form):
    """The product's brand, tax category and image, and the fields of its type extension."""

    brand: forms.ModelChoiceField[OrgBrand] = forms.ModelChoiceField(
        label=_("Brand"), queryset=None, required=False
    )
    tax_category: forms.ModelChoiceField[OrgTaxCategory] = forms.ModelChoiceField(
        label=_("Tax category"), queryset=None, required=False
    )
    image_url = forms.URLField(label=_("Image URL"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, product: OrgProduct, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product_type = product.product_type
        _brand_and_tax_choices(self)
        for name, field in EXTENSION_FORM_FIELDS[product.product_type].items():
            self.fields[name] = copy.deepcopy(field)  # declared once; a form mutates its fields

    @staticmethod
    def initial_from(product: OrgProduct) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "brand": product.brand_id,
            "tax_category": product.tax_category_id,
            "image_url": product.image_url,
        }
        extension = getattr(product, product.product_type, None) if product.product_type != "course" else None
        for name in EXTENSION_FORM_FIELDS[product.product_type]:
            if extension is not None and name != "file":
                initial[name] = getattr(extension, name)
        return initial

    def extension(self) -> dict[str, Any]:
        """The type fields the request submitted: an emptied field is ``None`` or ``""`` (cleared, e.g.
        an unlimited download limit); a field the request left out is left out, so it keeps its value.

        A file input sends nothing when no file is chosen, so the stored file changes only on upload.
        """
        values: dict[str, Any] = {}
        for name in EXTENSION_FORM_FIELDS[self.product_type]:
            field = self.fields[name]
            if field.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name)):
                continue
            value = self.cleaned_data.get(name)
            if isinstance(field, forms.FileField) and not value:
                continue
            values[name] = value
        return values


class ProductListFilterForm(forms.Form):
    q = search_field(label=_("Search"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=OrgProduct.ProductType.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=OrgProduct.Status.choices)


class ProductSkillForm(forms.Form):
    skill = forms.TypedChoiceField(label=_("Skill"), coerce=int)
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        initial=50,
        help_text=_("1 (touches on it) to 100 (all about it)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tree = skill_tree()
        self.skills = {skill.pk: skill for skill, _depth in tree}
        self.fields["skill"].choices = [  # type: ignore[attr-defined]
            (skill.pk, "\u2014 " * depth + str(skill)) for skill, depth in tree
        ]

    def clean_skill(self) -> Any:
        return self.skills[self.cleaned_data["skill"]]


class ProductFaqForm(forms.Form):
    """A question on the product page in one language; choosing an existing question translates or
    changes it, none adds a new one."""

    faq = forms.TypedChoiceField(label=_("Question to change"), coerce=int, required=False, empty_value=None)
    language = forms.ChoiceField(label=_("Language"))
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=999, required=False)

    def __init__(self, *args: Any, faqs: Sequence[Any] = (), locale_keys: Sequence[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["faq"].choices = [("", _("A new question")), *((faq.pk, str(faq)) for faq in faqs)]  # type: ignore[attr-defined]
        self.fields["language"].choices = [(key, key) for key in locale_keys]  # type: ignore[attr-defined]


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


class ProductImageUploadForm(forms.Form):
    """Pictures added to the end of the gallery, optionally all with one description."""

    images = MultipleImageField(
        label=_("Pictures"),
        help_text=_("JPEG, PNG, WebP or GIF; several at once. The first picture is the main one."),
    )
    language = forms.ChoiceField(label=_("Language of the description"))
    alt_text = forms.CharField(
        label=_("Description (alt text)"),
        max_length=250,
        required=False,
        help_text=_("What the pictures show, for people who cannot see them."),
    )

    def __init__(self, *args: Any, locale_keys: Sequence[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(key, key) for key in locale_keys]  # type: ignore[attr-defined]


class ProductImageAltForm(forms.Form):
    """One picture's description in one language."""

    language = forms.ChoiceField(label=_("Language"))
    alt_text = forms.CharField(label=_("Description (alt text)"), max_length=250, required=False)

    def __init__(self, *args: Any, locale_keys: Sequence[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(key, key) for key in locale_keys]  # type: ignore[attr-defined]


class ProductPreviewVideoForm(forms.Form):
    preview_video_url = forms.CharField(
        label=_("Preview video (YouTube or Vimeo address)"),
        max_length=300,
        required=False,
        help_text=_("Shown on the product page through the privacy-enhanced player. Leave empty for none."),
    )
