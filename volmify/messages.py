"""Django's message storage, built when a request first uses it.

``MessageMiddleware`` builds its storage (a cookie backend, a session backend and their signer)
on every request, although most requests (storefront pages, the course player) neither add nor
show a message. Here the storage is built on first use, and a request that never used it has
nothing to store on the way out.
"""

from __future__ import annotations

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        storage = request.__dict__.get("_messages")
        if isinstance(storage, SimpleLazyObject) and storage._wrapped is empty:
            return response
        return super().process_response(request, response)


def messages_added(request: HttpRequest) -> bool:
    """True when this request has put a message in its storage (or read the storage and found one)
    so far, without building the storage for a request that has not touched it."""
    storage = request.__dict__.get("_messages")
    if storage is None or (isinstance(storage, SimpleLazyObject) and storage._wrapped is empty):
        return False
    return bool(len(storage))
