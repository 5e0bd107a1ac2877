"""The import-linter contracts in pyproject.toml (run by ``make lint``) hold on the code, and reject
an upward import, a cycle's upward half, or a reach across page areas planted in a copy of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=tree,  # import-linter finds the root packages in the working directory first
        capture_output=True,
        text=True,
        timeout=60,
    )


def _python_files_only(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__" or ("." in name and not name.endswith(".py"))]


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    """The root packages and the contracts, copied: a planted module never touches the real tree."""
    tree = tmp_path_factory.mktemp("tree")
    for package in ("apps", "volmify"):
        shutil.copytree(ROOT / package, tree / package, ignore=_python_files_only)
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_contracts_hold_on_the_code():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "reported"),
    [
        # a domain app importing one above it in DESIGN.md's order
        (
            "apps/general/_planted.py",
            "import apps.course\n",
            "apps.general is not allowed to import apps.course",
        ),
        # the other half of a cycle: course already imports payment
        (
            "apps/payment/_planted.py",
            "def later():\n    from apps.course import models  # noqa: F401\n",
            "apps.payment is not allowed to import apps.course",
        ),
        # the core importing an app
        ("volmify/_planted.py", "from apps.org import models\n", "volmify is not allowed to import apps.org"),
        # a domain app importing a page area
        (
            "apps/course/_planted.py",
            "from apps.storefront import market\n",
            "apps.course is not allowed to import apps.storefront",
        ),
        # the pieces the page areas share are below them
        (
            "apps/web/_planted.py",
            "import apps.console.views\n",
            "apps.web is not allowed to import apps.console",
        ),
        # sibling page areas are independent
        (
            "apps/console/_planted.py",
            "import apps.studio\n",
            "apps.console is not allowed to import apps.studio",
        ),
        # the console and the platform site stay out of the storefront
        (
            "apps/platform/_planted.py",
            "import apps.storefront.views\n",
            "apps.platform is not allowed to import apps.storefront",
        ),
    ],
)
def test_a_planted_import_breaks_the_contracts(tree_copy, module, source, reported):
    planted = tree_copy / module
    planted.write_text(source)
    try:
        result = _lint(tree_copy)
    finally:
        planted.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert reported in result.stdout
    assert f"{module.removesuffix('.py').replace('/', '.')} -> " in result.stdout
