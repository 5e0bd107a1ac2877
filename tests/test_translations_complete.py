"""The es and ar catalogs translate every message, with nothing fuzzy, and keep placeholders and tags.

When this fails after adding strings: run ``manage.py makemessages -l es -l ar --ignore=.venv
--ignore=build --ignore=tests --no-obsolete``, translate what it lists, then
``python -m volmify.compile_messages``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("es", "ar")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
BRACE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")


def load(language: str) -> Catalog:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]  # the header has an empty id


def ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def strings(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def describe(message: Message) -> str:
    context = f" (context {message.context!r})" if message.context else ""
    return f"{ids(message)[0]!r}{context}"


def report(language: str, problem: str, lines: list[str]) -> str:
    return f"{language}: {len(lines)} {problem}:\n  " + "\n  ".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_is_not_fuzzy_and_names_plural_forms(language):
    catalog = load(language)
    assert not catalog.fuzzy, f"{language}: the catalog header is marked fuzzy"
    assert "nplurals=" in (catalog.plural_forms or ""), f"{language}: no Plural-Forms header"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    catalog = load(language)
    untranslated = []
    for message in messages(catalog):
        forms = strings(message)
        expected = catalog.num_plurals if message.pluralizable else 1
        if len(forms) != expected or not all(forms):
            untranslated.append(describe(message))
    assert not untranslated, report(language, "untranslated messages (or missing plural forms)", untranslated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_fuzzy(language):
    fuzzy = [describe(message) for message in messages(load(language)) if message.fuzzy]
    assert not fuzzy, report(language, "fuzzy messages", fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_babel_check_finds_no_errors(language):
    """Babel's checkers: python-format placeholders of each msgstr match its msgid, plural counts."""
    problems = [
        f"{describe(message)}: {'; '.join(str(error) for error in errors)}"
        for message, errors in load(language).check()
    ]
    assert not problems, report(language, "messages with format errors", problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_brace_placeholders_and_html_tags_are_kept(language):
    problems = []
    for message in messages(load(language)):
        source = ids(message)
        for index, translated in enumerate(strings(message)):
            if not translated:
                continue  # reported by test_every_message_is_translated
            original = source[0] if index == 0 or len(source) == 1 else source[1]
            if "python-brace-format" in message.flags:
                fields = set(BRACE_FIELD.findall(translated)) - set().union(
                    *(BRACE_FIELD.findall(text) for text in source)
                )
                if fields:
                    problems.append(f"{describe(message)}[{index}]: unknown brace fields {sorted(fields)}")
            if sorted(TAG.findall(original)) != sorted(TAG.findall(translated)):
                problems.append(
                    f"{describe(message)}[{index}]: tags {sorted(TAG.findall(translated))} "
                    f"instead of {sorted(TAG.findall(original))}"
                )
    assert not problems, report(language, "messages that change placeholders or tags", problems)
