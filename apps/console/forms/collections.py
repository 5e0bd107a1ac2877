"""Console forms of product collections: parse input only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.console.forms.products import DESCRIPTION_MAX_LENGTH
from apps.product.models import OrgProductCollection


class CollectionTranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=150,
        required=False,
        allow_unicode=True,
        help_text=_("Leave empty to derive it from the title."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea, max_length=DESCRIPTION_MAX_LENGTH
    )


class CollectionSettingsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgProductCollection.Kind.choices)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    is_published = forms.BooleanField(label=_("Published on the storefront"), required=False)


class CollectionCreateForm(CollectionTranslationForm, CollectionSettingsForm):
    pass
