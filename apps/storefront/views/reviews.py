"""A learner's review of a product they bought or are enrolled in (its own page: the product page
is cached for everyone and carries no form of one visitor)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.member.selectors import member_for_user
from apps.product.models import OrgProduct
from apps.product.reviews import (
    member_review_of,
    product_published_by_slug,
    product_review_submit,
    review_is_allowed,
)
from apps.storefront.forms import ProductReviewForm
from apps.web.request import signed_in_user


class ProductReviewView(LoginRequiredMixin, View):
    template_name = "storefront/product_review.html"

    def render_form(self, product: OrgProduct, form: ProductReviewForm, status: int = 200) -> HttpResponse:
        member = member_for_user(self.request.user)
        context: dict[str, Any] = {
            "product": product,
            "title": product.safe_translation_getter("title", any_language=True),
            "form": form,
            "can_review": review_is_allowed(product=product, member=member),
            "product_url": reverse("storefront_product", args=[self.kwargs["slug"]]),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        product = product_published_by_slug(slug=slug)
        member = member_for_user(request.user)
        earlier = member_review_of(product=product, member=member) if member else None
        initial = {"rating": earlier.rating, "text": earlier.text} if earlier else None
        return self.render_form(product, ProductReviewForm(initial=initial))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        product = product_published_by_slug(slug=slug)
        form = ProductReviewForm(request.POST)
        if not form.is_valid():
            return self.render_form(product, form, status=400)
        try:
            product_review_submit(
                actor=signed_in_user(request),
                product=product,
                member=member_for_user(request.user),
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render_form(product, form, status=400)
        messages.success(request, _("Thank you. Your review will appear once the organization approves it."))
        return HttpResponseRedirect(reverse("storefront_product", args=[slug]))
