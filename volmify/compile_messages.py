"""Compile locale/*/LC_MESSAGES/*.po to .mo with Babel (no GNU gettext needed)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_catalogs(root: Path = ROOT / "locale") -> int:
    count = 0
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        count += 1
    return count


def untranslated(root: Path = ROOT / "locale") -> list[str]:
    """Every message of every catalog that is fuzzy or has an empty translation."""
    problems = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and (message.fuzzy or not all(strings)):
                problems.append(f"{po_path.relative_to(root)}: {message.id!r}")
    return problems


if __name__ == "__main__":
    if "--check" in sys.argv:
        problems = untranslated()
        for problem in problems:
            print(f"untranslated or fuzzy: {problem}", file=sys.stderr)
        sys.exit(1 if problems else 0)
    print(f"compiled {compile_catalogs()} message catalogs", file=sys.stderr)
