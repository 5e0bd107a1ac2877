"""Session cookies for signed-in pages, made directly in the benchmark database.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<bench db> python -m bench.sessions EMAIL

prints a session key for the user with EMAIL, signed in the way ``django.contrib.auth.login``
signs in (user id, backend, session auth hash), stored through the project's session engine.
Send it as ``Cookie: sessionid=<key>`` with the org's host.
"""

from __future__ import annotations

import sys
from importlib import import_module

import django

BACKEND = "apps.user.backends.ModelBackend"


def session_key_for(email: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import connection

    connection.set_schema_to_public()  # users and sessions live in the public schema
    user = get_user_model().objects.get(email=email.lower())
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    assert store.session_key is not None
    return store.session_key


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    django.setup()
    print(session_key_for(sys.argv[1]))


if __name__ == "__main__":
    main()
