"""Console forms of instructors: invitations and compensation terms (one pair of amount fields per
selling currency). They parse input only; the rules live in ``apps.instructor``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instructor.models import InstructorOrgAffiliation
from apps.web.terms_form import TermsForm

__all__ = ["AffiliationStatusForm", "InvitationForm", "TermsForm"]


class InvitationForm(TermsForm):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=InstructorOrgAffiliation.Role.choices)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["email", "role", "kind", "percent"]


class AffiliationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (InstructorOrgAffiliation.Status.ACTIVE, _("Active")),
            (InstructorOrgAffiliation.Status.SUSPENDED, _("Suspended")),
            (InstructorOrgAffiliation.Status.ENDED, _("Ended")),
        ],
    )
