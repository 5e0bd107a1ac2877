"""``/favicon.ico`` on every host: browsers ask for it whatever the page links, so answer with the
icon (a permanent redirect to the static SVG the base template also links) instead of a 404."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static

FAVICON = "img/favicon.svg"


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(static(FAVICON))
