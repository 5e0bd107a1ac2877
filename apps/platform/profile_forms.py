"""The instructor profile editor's form (platform host, ``/creator/profiles/``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.instructor.services.profiles import MAX_LINKS, PROFILE_LANGUAGES
from apps.skill.models import Skill

LANGUAGE_NAMES = {"en": _("English"), "es": _("Spanish"), "ar": _("Arabic")}
# a service error's field -> the form's field
SERVICE_FIELDS = {"skill_ids": "skills"}


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    headline = forms.CharField(
        label=_("Headline"), max_length=160, required=False, help_text=_("For example: data engineer.")
    )
    slug = forms.CharField(
        label=_("Public address"),
        max_length=80,
        required=False,
        help_text=_("Your public page is /creators/ followed by this address. Letters, digits and hyphens."),
    )
    language = forms.ChoiceField(
        label=_("Language of the bio"), choices=[(code, LANGUAGE_NAMES[code]) for code in PROFILE_LANGUAGES]
    )
    bio = forms.CharField(label=_("Bio"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF; shown as a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One a line: a label, a vertical bar, then the https:// address. At most six."),
    )
    is_public = forms.BooleanField(label=_("Show this profile publicly"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = (  # type: ignore[attr-defined]
            Skill.objects.filter(is_active=True)
            .prefetch_related("translations")
            .order_by("sort_order", "slug")
        )

    def clean_links(self) -> list[dict[str, str]]:
        links = []
        for line in (self.cleaned_data.get("links") or "").splitlines():
            if not line.strip():
                continue
            label, bar, url = line.partition("|")
            if not bar:
                label, url = "", label
            links.append({"label": label.strip(), "url": url.strip()})
        if len(links) > MAX_LINKS:
            raise forms.ValidationError(_("A profile has at most %(count)d links.") % {"count": MAX_LINKS})
        return links

    def service_error(self, error: ValidationError) -> None:
        """Show a service's refusal on the field it names (or on the form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = SERVICE_FIELDS.get(name, name)
                self.add_error(
                    field if field in self.fields else None, [e.message % (e.params or {}) for e in errors]
                )
        else:
            self.add_error(None, error.messages)


def links_as_text(links: list[dict[str, str]]) -> str:
    return "\n".join(f"{link['label']} | {link['url']}" for link in links)
