"""Production settings: secrets from the environment, and a clean `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRETS = {
    "SECRET_KEY": "x" * 64 + "-production-test-secret-key-with-enough-entropy",
    "DATABASE_URL": "postgresql://volmify@db.internal:5432/volmify",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "PLATFORM_DOMAIN": "volmify.example",
    "EMAIL_HOST": "smtp.example",
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in SECRETS}
    environ.update(env, DJANGO_SETTINGS_MODULE="volmify.settings.production")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_a_missing_secret_stops_start_up(missing):
    env = {k: v for k, v in SECRETS.items() if k != missing}
    result = _run("-c", "import django; django.setup()", **env)
    assert result.returncode == 1
    assert f"ImproperlyConfigured: The environment variable {missing} must be set." in result.stderr


def test_check_deploy_reports_nothing():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "DEBUG", **SECRETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_connection_pool_is_switched_on_by_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['OPTIONS']['pool'])"
    )
    result = _run("-c", code, DATABASE_POOL="1", DATABASE_POOL_MAX="20", **SECRETS)
    assert result.stdout.strip() == "0 {'min_size': 2, 'max_size': 20}"


def test_security_settings():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = _run("-c", code, **SECRETS)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') 31536000 True True True False"
