"""Forms parse and check input shape; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.course.models import Level
from apps.course.validators import LESSON_BODY_MAX_LENGTH, validate_lesson_file


class CourseListFilterForm(forms.Form):
    skill = forms.SlugField(label=_("Skill"), required=False, max_length=80)


class AssignmentSubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=LESSON_BODY_MAX_LENGTH,
    )
    file = forms.FileField(label=_("Attach a file"), required=False, validators=[validate_lesson_file])


class RatingForm(forms.Form):
    perceived_level = forms.ChoiceField(label=_("The level it felt like"), choices=Level.choices)
    perceived_difficulty = forms.IntegerField(
        label=_("The difficulty it felt like (1-10)"), min_value=1, max_value=10
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


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
