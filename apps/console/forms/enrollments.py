"""Console forms of enrollments granted by hand: parse input only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EnrollmentGrantForm(forms.Form):
    member = forms.IntegerField(label=_("Member"), widget=forms.Select)
    course = forms.IntegerField(label=_("Course"), widget=forms.Select)
    access_tier = forms.IntegerField(label=_("Access tier"), initial=1)
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty for no end."),
    )

    def __init__(self, *args, members=(), courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.choices = [(m.pk, m.user.email) for m in members]
        self.fields["course"].widget.choices = [(c.pk, str(c)) for c in courses]


class EnrollmentChangeForm(forms.Form):
    access_tier = forms.IntegerField(label=_("Access tier"))
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty for no end."),
    )
