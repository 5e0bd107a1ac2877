"""The locks in requirements/ agree with pyproject.toml and the Makefile: every dependency pyproject.toml
names is pinned there, at a version its range allows, with hashes; the runtime lock is the dev lock's
runtime part, version for version; nothing is pinned as a direct dependency that pyproject.toml no
longer names; and uv is the Makefile's version. When this fails after editing pyproject.toml's
dependencies (or UV_VERSION), run `make lock`."""

import re
import tomllib
from dataclasses import dataclass, field
from importlib.metadata import requires
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(text) for text in PROJECT["dependencies"]]
DEV = [Requirement(text) for text in PROJECT["optional-dependencies"]["dev"]]
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
FROM_PYPROJECT = "volmify (pyproject.toml)"


@dataclass
class Pin:
    version: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(name: str) -> dict[str, Pin]:
    """Package name -> its pin in requirements/<name>.txt, as `uv pip compile --generate-hashes`
    writes it (a requirement line, its `--hash` lines, then `# via` comments)."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in (ROOT / "requirements" / f"{name}.txt").read_text().splitlines():
        stripped = line.strip()
        if not stripped or (current is None and stripped.startswith("#")):
            continue
        if not line.startswith(" "):
            match = PINNED.match(line)
            assert match, f"requirements/{name}.txt: not an exact pin: {line!r}"
            current = pins[canonicalize_name(match["name"])] = Pin(match["version"])
        elif current is not None and stripped.startswith("--hash="):
            current.hashes.append(stripped.removeprefix("--hash=").rstrip(" \\"))
        elif current is not None and stripped.startswith("#"):
            via = stripped.lstrip("#").strip().removeprefix("via").strip()
            if via:
                current.via.append(via)
    return pins


LOCKS = {"runtime": read_lock("runtime"), "dev": read_lock("dev")}


@pytest.mark.parametrize(("lock", "requirements"), [("runtime", RUNTIME), ("dev", RUNTIME + DEV)])
def test_every_dependency_is_pinned_within_its_range(lock, requirements):
    pins = LOCKS[lock]
    for requirement in requirements:
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin, f"{requirement} is missing from requirements/{lock}.txt; run `make lock`"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"requirements/{lock}.txt pins {requirement.name}=={pin.version}, outside {requirement};"
            " run `make lock`"
        )


@pytest.mark.parametrize(("lock", "requirements"), [("runtime", RUNTIME), ("dev", RUNTIME + DEV)])
def test_the_locks_direct_dependencies_are_exactly_pyprojects(lock, requirements):
    direct = {name for name, pin in LOCKS[lock].items() if FROM_PYPROJECT in pin.via}
    assert direct == {canonicalize_name(requirement.name) for requirement in requirements}


def test_the_extras_pyproject_asks_for_are_pinned():
    """`psycopg[binary]` needs psycopg-binary, `celery[redis]` needs redis, and so on."""
    environment = default_environment()
    for requirement in RUNTIME + DEV:
        for extra in requirement.extras:
            for text in requires(requirement.name) or []:
                needed = Requirement(text)
                if needed.marker and needed.marker.evaluate({**environment, "extra": extra}):
                    assert canonicalize_name(needed.name) in LOCKS["dev"], f"{requirement}: {needed}"


@pytest.mark.parametrize("lock", ["runtime", "dev"])
def test_every_pin_is_exact_with_sha256_hashes(lock):
    assert LOCKS[lock]
    for name, pin in LOCKS[lock].items():
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!]*", pin.version), f"{name}=={pin.version}"
        assert pin.hashes, f"{name} has no hash in requirements/{lock}.txt"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", value) for value in pin.hashes), name


def test_the_runtime_lock_is_the_dev_locks_runtime_part():
    """`make dev` and `make test` run the product on the same versions."""
    runtime, dev = LOCKS["runtime"], LOCKS["dev"]
    for name, pin in runtime.items():
        assert name in dev, f"{name} is in requirements/runtime.txt but not dev.txt"
        assert (dev[name].version, sorted(dev[name].hashes)) == (pin.version, sorted(pin.hashes)), name
    assert not {canonicalize_name(requirement.name) for requirement in DEV} & set(runtime)


def test_the_installer_is_the_makefiles_version_with_hashes():
    """uv itself is installed with pip from requirements/uv.txt, hashes checked."""
    version = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert version, "the Makefile pins uv with UV_VERSION"
    assert list(read_lock("uv")) == ["uv"]
    pin = read_lock("uv")["uv"]
    assert pin.version == version[1], "UV_VERSION changed: run `make lock`"
    assert pin.hashes
