"""Org console: a product's credited instructor profiles (any product type), with role and share
(``/manage/catalog/products/<id>/creators/``), and, for a course, whether each may edit it in the
studio: a permission apart from being paid (a share of 0 credits an editor without pay)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.console.views.base import ConsoleView, redirect
from apps.course.selectors.editor import product_editor_user_ids
from apps.course.services.collaborators import product_creators_set
from apps.product.attribution import (
    Attribution,
    Credit,
    attributable_profiles,
    attributions_for_product,
)
from apps.product.models import OrgProduct
from apps.product.selectors import product_get
from apps.web.request import MemberRequest

EXTRA_ROWS = 2


class CreditForm(forms.Form):
    profile = forms.TypedChoiceField(label=gettext_lazy("Instructor profile"), coerce=int, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Attribution.Role.choices)
    share_percent = forms.CharField(
        label=gettext_lazy("Share of the creators' pool (%)"), max_length=12, required=False
    )
    may_edit = forms.BooleanField(label=gettext_lazy("May edit in the studio"), required=False)
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)

    def __init__(self, *args, profiles=(), is_course=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_course:
            del self.fields["may_edit"]  # only a course is edited in the studio
        self.fields["profile"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((profile.pk, profile.display_name) for profile in profiles),
        ]


CreditFormSet = forms.formset_factory(CreditForm, extra=0)


def _is_course(product: OrgProduct) -> bool:
    return product.product_type == OrgProduct.ProductType.COURSE


def _formset(product: OrgProduct, data=None) -> forms.BaseFormSet:
    profiles = attributable_profiles()
    editors = product_editor_user_ids(product_id=product.pk) if _is_course(product) else set()
    initial = [
        {
            "profile": row.profile_id,
            "role": row.role,
            "share_percent": str(row.share_percent),
            "may_edit": row.profile.user_id in editors,
        }
        for row in attributions_for_product(product=product)
    ]
    initial += [{"role": Attribution.Role.CO_AUTHOR if initial else Attribution.Role.AUTHOR}] * EXTRA_ROWS
    return CreditFormSet(
        data,
        initial=initial,
        prefix="credits",
        form_kwargs={"profiles": profiles, "is_course": _is_course(product)},
    )


class ProductCreditsView(ConsoleView):
    def get(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        return self._render(request, product, _formset(product))

    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        formset = _formset(product, request.POST)
        if formset.is_valid():
            kept = [row for row in formset.cleaned_data if row.get("profile") and not row.get("remove")]
            credits = [
                Credit(
                    profile_id=row["profile"],
                    role=row["role"],
                    share_percent=(row["share_percent"] or "").strip(),
                )
                for row in kept
            ]
            editors = [row["profile"] for row in kept if row.get("may_edit")]
            try:
                product_creators_set(
                    actor=request.user, product=product, credits=credits, editor_profile_ids=editors
                )
            except ValidationError as error:
                return self._render(request, product, formset, errors=error.messages, status=400)
            messages.success(request, _("Creators saved."))
            return redirect(request, reverse("manage_product_credits", args=[product.pk]))
        return self._render(request, product, formset, status=400)

    def _render(self, request, product, formset, *, errors=(), status=200) -> HttpResponse:
        context = {
            "product": product,
            "formset": formset,
            "errors": errors,
            "attributions": attributions_for_product(product=product),
            "is_course": _is_course(product),
        }
        return render(request, "console/product_credits.html", context, status=status)
