"""Demo data as data: the generic half of ``manage.py seed_demo``.

A domain app with demo content keeps it in ``apps/<app>/demo/<name>.json`` (one file per demo org,
or one for all) and a short ``apps/<app>/demo.py`` that turns the file into calls of the app's own
services, so the demo passes the same validation as a person using the product. This module reads
those files and resolves their references by natural key (slugs, locale keys, country codes): a
reference without a row, or a missing translation, fails with the file and the key named. It imports
no app.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Manager, QuerySet

T = TypeVar("T")


class DemoDataError(ValueError):
    """A demo data file that does not load; the message names the file and the key."""


@dataclass(frozen=True)
class DemoFile:
    path: Path
    data: Any

    def __getitem__(self, name: str) -> Any:
        if not isinstance(self.data, dict) or name not in self.data:
            raise self.error(name, "missing")
        return self.data[name]

    @property
    def name(self) -> str:
        """The file's path from the project root, as a reviewer finds it."""
        try:
            return str(self.path.relative_to(settings.BASE_DIR))
        except ValueError:
            return str(self.path)

    def error(self, key: str, problem: str) -> DemoDataError:
        return DemoDataError(f"{self.name}: {key}: {problem}")

    def ref(self, table: Mapping[str, T], name: str, *, key: str, kind: str) -> T:
        """``table[name]``; a name the table lacks is an error naming this file and ``key``."""
        if name not in table:
            raise self.error(key, f"unknown {kind} {name!r}")
        return table[name]

    def rows(
        self, queryset: QuerySet[Any] | Manager[Any], field: str, names: Iterable[str], *, key: str, kind: str
    ) -> dict:
        """The rows of ``queryset`` whose ``field`` is one of ``names``, by name in the order of ``names``;
        each name must match a row."""
        names = list(names)
        value_of = attrgetter(field.replace("__", "."))
        found = {value_of(row): row for row in queryset.filter(**{f"{field}__in": names})}
        return {name: self.ref(found, name, key=key, kind=kind) for name in names}

    def text(self, texts: Mapping[str, T], language: str, *, key: str) -> T:
        """A translated field (a mapping language -> text) in ``language``."""
        if language not in texts:
            raise self.error(key, f"no translation into {language!r}")
        return texts[language]


def demo_load(directory: Path, name: str, *, default: str = "acme") -> DemoFile:
    """``directory/<name>.json``; a name without its own file (an org that is no demo org) gets
    ``default``'s."""
    path = directory / f"{name}.json"
    if not path.exists():
        path = directory / f"{default}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DemoFile(path, None).error(f"line {error.lineno}", error.msg) from None
    return DemoFile(path, data)
