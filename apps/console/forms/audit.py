"""The audit log's filter: parse the query string only; the choices are what the log holds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.audit.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    id = forms.CharField(label=_("Object id"), required=False, max_length=64)

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], object_types: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.TypedChoiceField(
            label=_("Person"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Everyone")), *((str(pk), label) for pk, label in people)],
        )
        self.fields["type"] = forms.ChoiceField(
            label=_("Object type"), required=False, choices=[("", _("Every object")), *object_types]
        )
        self.order_fields(["person", "type", "id"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("id") and not cleaned.get("type"):
            self.add_error("id", _("Choose an object type to look up an object by id."))
        return cleaned

    def narrow(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(actor_id=data["person"], object_type=data["type"], object_id=data["id"].strip())
