"""The org sign-up form of the platform host."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.org.selectors import org_address_is_taken
from apps.org.services import org_domain_name
from apps.org.validators import SLUG_MAX_LENGTH, validate_org_slug
from apps.web.terms_form import TermsForm


class OrgCreateForm(forms.Form):
    name = forms.CharField(label=_("Organization name"), max_length=120)
    slug = forms.CharField(
        label=_("Subdomain"),
        max_length=SLUG_MAX_LENGTH,
        help_text=_("Your storefront's address. Lowercase letters, digits and hyphens."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter a name."))
        return name

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        validate_org_slug(slug)
        if org_address_is_taken(slug=slug, domain=org_domain_name(slug)):
            raise forms.ValidationError(_("This subdomain is already taken."), code="taken")
        return slug


class InvitationAnswerForm(forms.Form):
    """Which of the invitee's profiles to accept with, or a name for a new one."""

    NEW = "new"

    profile = forms.ChoiceField(label=_("Accept as"), widget=forms.RadioSelect, required=False)
    new_display_name = forms.CharField(label=_("Name of the new profile"), max_length=120, required=False)

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = {str(profile.pk): profile for profile in profiles}
        field = self.fields["profile"]
        field.choices = [  # type: ignore[attr-defined]
            *((key, profile.display_name) for key, profile in self.profiles.items()),
            (self.NEW, _("A new profile")),
        ]
        field.initial = next(iter(self.profiles), self.NEW)

    def clean(self):
        data = super().clean() or {}
        data["chosen"] = self.profiles.get(data.get("profile") or "")
        if "decline" in self.data:
            return data
        if data["chosen"] is None and not (data.get("new_display_name") or "").strip():
            raise forms.ValidationError(_("Choose one of your profiles or name a new one."))
        return data


class CounterOfferForm(InvitationAnswerForm, TermsForm):
    """The invitee's counter-offer: which profile to work as, the terms they propose instead and a
    message (the rules live in ``apps.instructor``)."""

    message = forms.CharField(
        label=_("Message to the organization"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
