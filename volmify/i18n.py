"""The language switch, without a CSRF token.

A token in every page's footer would make each anonymous response set a
cookie and vary on it (no shared caching, extra work per request). Forging a
language switch can only change the language someone reads in, so the view is
exempt; it still only accepts POST and redirects only to this site.
"""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [path("setlang/", csrf_exempt(set_language), name="set_language")]
