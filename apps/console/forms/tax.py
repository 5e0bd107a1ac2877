"""Console forms of tax categories: parse input only; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.console.forms.names import (
    name_translation_fields_add,
    name_translations_initial,
    name_translations_take,
)


class TaxCategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("e.g. e-services"))
    name = forms.CharField(label=_("Name"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_translation_fields_add(self, field="name", max_length=120)

    @staticmethod
    def initial_from(category: Any) -> dict[str, Any]:
        return {"code": category.code, "name": category.name} | name_translations_initial(
            "name", category.name_translations
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["name_translations"] = name_translations_take(data, "name")
        return data
