"""/manage/audit/: the org's log of who changed what, for its owners and admins."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from apps.audit.selectors import (
    AuditFilter,
    audit_entries,
    audit_object_types,
    audit_people,
    change_rows,
    object_type_label,
)
from apps.console.forms.audit import AuditFilterForm
from apps.console.views.base import ConsoleView
from apps.product.selectors import paginate
from apps.web.request import MemberRequest

AUDIT_PAGE_SIZE = 50
TEMPLATE = "console/audit_log.html"


class AuditLogView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        form = AuditFilterForm(request.GET or None, people=audit_people(), object_types=audit_object_types())
        context: dict[str, Any] = {"form": form}
        if form.is_bound and not form.is_valid():
            return render(request, TEMPLATE, context, status=400)
        narrow = form.narrow() if form.is_bound else AuditFilter()
        page = paginate(audit_entries(narrow=narrow), page=request.GET.get("page"), per_page=AUDIT_PAGE_SIZE)
        context |= {
            "page": page,
            "rows": [(entry, object_type_label(entry.object_type), change_rows(entry)) for entry in page],
            "query": _query_without_page(request),
            "is_narrowed": narrow != AuditFilter(),
        }
        return render(request, TEMPLATE, context)


def _query_without_page(request: MemberRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
