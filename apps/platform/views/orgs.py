"""Platform host pages: home, org sign-up and provisioning status, entering an org (and the handoff
that signs the creator in on its domain); plus the pages the tenancy middleware (``volmify.tenancy``)
answers on any host: unknown host, and an org that is not serving."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.org.models import Org
from apps.org.selectors import org_get_for_creator, org_list_for_creator, org_url
from apps.org.services import org_create, org_provision_retry
from apps.platform.forms import OrgCreateForm
from apps.user.handoff import handoff_token_issue, handoff_token_redeem
from apps.web.request import request_org, signed_in_user
from volmify.request import request_htmx


class PlatformHomeView(TemplateView):
    template_name = "platform/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated:
            context["my_orgs"] = org_list_for_creator(user=self.request.user)
        return context


class OrgCreateView(LoginRequiredMixin, FormView):
    template_name = "platform/org_create.html"
    form_class = OrgCreateForm

    def form_valid(self, form: OrgCreateForm) -> HttpResponse:
        # Platform-wide, per user and per address (ACCOUNT_RATE_LIMITS["org_create"]).
        if not ratelimit.consume(self.request, action="org_create", user=self.request.user):
            form.add_error(None, _("You have created several organizations recently. Try again in an hour."))
            return self.form_invalid(form)
        org = org_create(actor=signed_in_user(self.request), **form.cleaned_data)
        return redirect("org_status", slug=org.slug)


class CreatorOrgMixin(LoginRequiredMixin):
    """Resolves ``slug`` to an org the signed-in user created; 404 for missing or not theirs."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_org(self) -> Org:
        try:
            return org_get_for_creator(slug=self.kwargs["slug"], user=self.request.user)
        except Org.DoesNotExist as error:
            raise Http404 from error


class OrgStatusView(CreatorOrgMixin, TemplateView):
    """The provisioning page; htmx polls it and swaps in the status panel until the org is ready."""

    template_name = "platform/org_status.html"

    def get_template_names(self) -> list[str]:
        if request_htmx(self.request):
            return ["platform/_org_status_panel.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.get_org()
        context.update(org=org, storefront_url=org_url(org, "/"))
        return context


class OrgRetryView(CreatorOrgMixin, View):
    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        org_provision_retry(actor=signed_in_user(request), org=self.get_org())
        messages.info(request, _("We are trying again to set up your organization."))
        return redirect("org_status", slug=slug)


class OrgEnterView(CreatorOrgMixin, View):
    """Sends the creator to their org's domain, signed in, at a path on it."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        org = self.get_org()
        if not org.is_active:
            return redirect("org_status", slug=slug)
        token = handoff_token_issue(user=signed_in_user(request), org=org)
        target = request.GET.get("next", "/manage/")
        query = urlencode({"token": token, "next": target})
        handoff_path = reverse("org_handoff", urlconf=settings.ROOT_URLCONF)  # a path on the org's domain
        return HttpResponseRedirect(org_url(org, f"{handoff_path}?{query}"))


class OrgHandoffView(View):
    """On an org domain: redeems a handoff token and signs the user in here."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = handoff_token_redeem(token=request.GET.get("token", ""), org=request_org(request))
        if user is None:
            messages.error(request, _("That sign-in link has expired. Please sign in."))
            return redirect("account_login")
        login(request, user, backend="apps.user.backends.ModelBackend")
        target = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            target = "/"
        return redirect(target)


class UnknownHostView(View):
    """No org has this domain: the designed 404."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return render(request, "platform/unknown_host.html", {"host": request.get_host()}, status=404)


def org_unavailable(request: HttpRequest, *, org: Org) -> TemplateResponse:
    """An org that is not serving (``settings.ORG_UNAVAILABLE_VIEW``): 503 with Retry-After while it
    is being set up, the designed 404 when it failed or is the template."""
    is_provisioning = org.status == Org.Status.PROVISIONING and not org.is_template
    response = TemplateResponse(
        request,
        "platform/org_unavailable.html",
        {"org": org, "is_provisioning": is_provisioning},
        status=503 if is_provisioning else 404,
    )
    if is_provisioning:
        response["Retry-After"] = "5"
    return response
