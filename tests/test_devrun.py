"""`make dev` on another port (PORT=8100): every process it starts builds links with that port."""

import subprocess
import sys

from volmify.devrun import ROOT, dev_environment


def test_platform_port_follows_port():
    environ = {"PORT": "8100"}
    dev_environment(environ)
    assert environ == {
        "PORT": "8100",
        "PLATFORM_PORT": "8100",
        "DJANGO_SETTINGS_MODULE": "volmify.settings.dev",
    }


def test_an_explicit_platform_port_is_kept():
    environ = {"PORT": "8100", "PLATFORM_PORT": "443"}
    dev_environment(environ)
    assert environ["PLATFORM_PORT"] == "443"


def test_a_started_process_builds_links_with_that_port():
    environ = {"PORT": "8100", "PATH": "/usr/bin:/bin"}
    dev_environment(environ)
    code = (
        "import django; django.setup(); from apps.org.selectors import host_url;"
        " print(host_url('acme.localhost', '/manage/'))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == "http://acme.localhost:8100/manage/"
