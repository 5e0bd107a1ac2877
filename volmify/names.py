"""Names an org writes once with a translation per interface language (a region, a tax category, a
usage unit): ``{"es": "Europa", "ar": "أوروبا"}`` kept beside the name itself.

Such names are short labels, shown in lists and switchers that are read on every storefront request
(the market snapshot carries them), so they stay on their own row as a small map rather than in a
parler translations table that each list would join.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def name_in_language(name: str, translations: Mapping[str, str] | None, language: str | None = None) -> str:
    """``name`` in ``language`` (the active one by default; "es-mx" finds "es"), else ``name``."""
    if not translations:
        return name
    code = (language or get_language() or "").lower()
    return translations.get(code) or translations.get(code.split("-")[0]) or name


def name_translations_clean(value: object, *, max_length: int) -> dict[str, str]:
    """A map of interface languages to names: blanks dropped, unknown languages and overlong names
    refused (a ValidationError naming the problem)."""
    if not isinstance(value, Mapping):
        raise ValidationError(_("Translations must map a language to a name."))
    languages = {code for code, _label in settings.LANGUAGES}
    cleaned: dict[str, str] = {}
    for code, text in value.items():
        if code not in languages or not isinstance(text, str):
            raise ValidationError(_("“%(code)s” is not a language of the interface.") % {"code": code})
        text = text.strip()
        if len(text) > max_length:
            raise ValidationError(
                _("A translated name has at most %(count)d characters.") % {"count": max_length}
            )
        if text:
            cleaned[code] = text
    return cleaned
