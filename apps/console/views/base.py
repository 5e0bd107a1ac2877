"""What every console view shares: who may use it, how a form page renders, how errors reach the form.

Views parse input, call one service or selector and render. Forms post back
with htmx so errors appear inline; without JavaScript they post normally.
Every id in a URL is resolved by a selector that gives the same 404 for
"does not exist" and "another org's".
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views import View

from apps.locale_region.fallback import locale_chain_for_console
from apps.locale_region.selectors import org_locale_keys
from apps.member.models import OrgMember
from apps.web.forms import apply_errors
from apps.web.permissions import OrgRoleRequiredMixin
from apps.web.request import MemberRequest
from volmify.forms import query_read, search_field

__all__ = ["apply_errors"]  # shared with the other page areas (apps.web.forms)


class ConsoleAccessMixin(OrgRoleRequiredMixin):
    """The console is for the org's owners and admins."""

    minimum_role = OrgMember.Role.ADMIN


class ConsoleView(ConsoleAccessMixin, View):
    pass


def messages_from(request: MemberRequest, error: ValidationError) -> None:
    """Show a service's ValidationError as error messages (for actions that have no form)."""
    for message in error.messages:
        messages.error(request, message)


def redirect(request: MemberRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows as a full page load."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def form_template(request: MemberRequest, page_template: str) -> str:
    """The whole page, or only the form when htmx re-renders it with inline errors."""
    return "console/_form.html" if request.htmx else page_template


def form_only(request: MemberRequest, form: Form, *, status: int = 200) -> HttpResponse:
    """Only the form, as htmx re-renders it with inline errors on a page that lists things."""
    return render(request, "console/_form.html", {"form": form, "action": request.path}, status=status)


def form_page(
    request: MemberRequest,
    form: Form,
    *,
    title: str,
    back: str,
    delete_url: str = "",
    status: int = 200,
    page_template: str = "console/form_page.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The console page of one form, or only the form when htmx re-renders it with inline errors."""
    context = {"form": form, "action": request.path, "title": title, "back": back, "delete_url": delete_url}
    context.update(extra or {})
    return render(request, form_template(request, page_template), context, status=status)


def default_locale_key() -> str:
    """The org's default locale, in which new content is first written; 404 while the org has none."""
    keys = org_locale_keys()
    if not keys:
        raise Http404
    return keys[0]


def translation_chain(request: MemberRequest) -> tuple[str, ...]:
    """The locales the console shows content in (``locale_chain_for_console``): the org's default
    first, then its other locales by position, then any."""
    return locale_chain_for_console(request.market)


def locale_key_get(locale_key: str) -> str:
    """The org's locale key matching ``locale_key`` from a URL (any case), or 404."""
    match = next((key for key in org_locale_keys() if key.lower() == locale_key.lower()), None)
    if match is None:
        raise Http404
    return match


def confirm_page(
    request: MemberRequest, *, question: str, consequence: str, button: str, back: str
) -> HttpResponse:
    """The step before a destructive action: what will happen, a button that posts to this URL, and
    a way back. The GET of every delete or remove URL renders it; only the POST acts."""
    context = {"question": question, "consequence": consequence, "button": button, "back": back}
    return render(request, "console/confirm.html", context)


LIST_PAGE_SIZE = 25


class ListSearchForm(Form):
    q = search_field(label=gettext_lazy("Search"))


def list_page(request: MemberRequest, rows: Any, *, per_page: int = LIST_PAGE_SIZE) -> dict[str, Any]:
    """The page of ``rows`` the query string asks for, with what the search box and the
    pagination links need (``console/_list_search.html``, ``console/_pagination.html``)."""
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page": Paginator(rows, per_page).get_page(request.GET.get("page")),
        "query": request.GET,
        "query_without_page": params.urlencode(),
    }


def list_search(request: MemberRequest) -> tuple[str, int]:
    """The list's search text (too long a text is refused with a message and a 400)."""
    filters, status = query_read(ListSearchForm, request)
    return (filters.get("q") or "").strip(), status
