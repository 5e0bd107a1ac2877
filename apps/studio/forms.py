"""The studio's forms parse and check input shape; the course services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.course.models import Level, OrgLesson, OrgLessonQuizQuestion
from apps.course.validators import (
    LESSON_BODY_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OPTION_MAX_LENGTH,
    validate_lesson_file,
    validate_markdown_has_no_script,
)
from apps.general.tiers import MAX_ACCESS_TIER
from apps.web.terms_form import TermsForm
from volmify.forms import search_field

TIER_CHOICES = [("", _("Tier 1 (everyone enrolled)"))] + [
    (str(tier), _("Tier %(tier)d") % {"tier": tier}) for tier in range(2, MAX_ACCESS_TIER + 1)
]


class LessonLibraryFilterForm(forms.Form):
    q = search_field(label=_("Search"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=OrgLesson.LessonType.choices)


class TierField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=TIER_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            label=_("Required tier"),
            **kwargs,
        )


class TitleTierForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    required_access_tier = TierField()


class PlacementAddForm(forms.Form):
    lesson = forms.IntegerField(label=_("Lesson"), widget=forms.Select)
    required_access_tier = TierField()
    is_preview = forms.BooleanField(label=_("Free preview"), required=False)
    is_required = forms.BooleanField(label=_("Required for completion"), required=False, initial=True)

    def __init__(self, *args, lessons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].widget.choices = [(lesson.pk, str(lesson)) for lesson in lessons]


class PlacementUpdateForm(forms.Form):
    required_access_tier = TierField()
    is_preview = forms.BooleanField(label=_("Free preview"), required=False)
    is_required = forms.BooleanField(label=_("Required for completion"), required=False)


class CourseSettingsForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    difficulty = forms.IntegerField(label=_("Difficulty (1-10)"), min_value=1, max_value=10)
    learning_outcomes = forms.CharField(
        label=_("Learning outcomes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("One per line."),
    )
    prerequisites = forms.CharField(
        label=_("Prerequisites"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body_markdown = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=LESSON_BODY_MAX_LENGTH,
        validators=[validate_markdown_has_no_script],
        help_text=_("The lesson text, the assignment instructions, or notes under a video, quiz or file."),
    )
    video_url = forms.URLField(label=_("Video URL"), required=False, assume_scheme="https")
    duration_seconds = forms.IntegerField(label=_("Duration (seconds)"), required=False, min_value=0)
    captions_url = forms.URLField(label=_("Captions URL"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False, validators=[validate_lesson_file])
    pass_mark_percent = forms.IntegerField(label=_("Pass mark (%)"), min_value=0, max_value=100, initial=70)
    attempts_limit = forms.IntegerField(
        label=_("Attempts limit"), min_value=1, required=False, help_text=_("Empty for unlimited.")
    )
    hides_answers_until_last_attempt = forms.BooleanField(
        label=_("Hide the answers until the last attempt"),
        required=False,
        help_text=_(
            "Learners see which answers were right, and why, only once they pass or have no attempt left."
        ),
    )

    FIELDS_BY_TYPE = {
        OrgLesson.LessonType.VIDEO: ("video_url", "duration_seconds", "captions_url"),
        OrgLesson.LessonType.TEXT: (),
        OrgLesson.LessonType.QUIZ: (
            "pass_mark_percent",
            "attempts_limit",
            "hides_answers_until_last_attempt",
        ),
        OrgLesson.LessonType.ASSIGNMENT: (),
        OrgLesson.LessonType.FILE: ("file",),
    }
    COMMON = ("title", "summary", "body_markdown")

    def __init__(self, *args, lesson_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(self.COMMON) | set(self.FIELDS_BY_TYPE[OrgLesson.LessonType(lesson_type)])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def type_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in (*self.COMMON, "file")}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgLessonQuizQuestion.Kind.choices)
    prompt = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX_LENGTH
    )
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("One per line; start a correct option with *."),
    )
    accepted_answers = forms.CharField(
        label=_("Accepted answers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Short answer only: one per line."),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Shown to learners after an attempt: why the right answer is right."),
    )

    def clean_options(self) -> str:
        options: str = self.cleaned_data["options"]
        if any(len(line.lstrip("*").strip()) > OPTION_MAX_LENGTH for line in options.splitlines()):
            raise forms.ValidationError(
                _("Each option has at most %(limit)d characters.") % {"limit": OPTION_MAX_LENGTH}
            )
        return options

    def parsed_options(self) -> list[tuple[str, bool]]:
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
        return [(line.lstrip("*").strip(), line.startswith("*")) for line in lines]


class ReviewForm(forms.Form):
    grade = forms.IntegerField(label=_("Grade (%)"), min_value=0, max_value=100)
    feedback = forms.CharField(
        label=_("Feedback"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )


class CollaboratorInvitationForm(TermsForm):
    """An invitation to collaborate on one course: who, on which terms, with which share of the
    course's creators' pool (the rules live in ``apps.instructor``)."""

    email = forms.EmailField(label=_("Email address"))
    share_percent = forms.CharField(
        label=_("Share of this course's creators' pool (%)"),
        max_length=12,
        help_text=_(
            "Above 0 and up to 100, with up to two decimals; the course's shares total at most 100%."
        ),
    )
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["email", "share_percent", "kind", "percent"]


class LibraryPublishForm(forms.Form):
    profile = forms.TypedChoiceField(label=_("Library of profile"), coerce=int, required=False, choices=())

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["profile"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.pk, p.display_name) for p in profiles]


class LibraryImportForm(forms.Form):
    section = forms.TypedChoiceField(
        label=_("Place it in a section (optional)"), coerce=int, empty_value=None, required=False, choices=()
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Only add it to the lesson library")), *sections]
