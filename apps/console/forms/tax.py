"""Console forms of tax categories: parse input only; rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TaxCategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("e.g. e-services"))
    name = forms.CharField(label=_("Name"), max_length=120)
