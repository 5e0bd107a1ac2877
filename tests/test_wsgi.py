"""The WSGI entry point freezes the objects it loaded (see ``volmify.wsgi``)."""

import gc
import importlib

import pytest

import volmify.wsgi


def test_the_wsgi_module_freezes_the_objects_it_loaded():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        importlib.reload(volmify.wsgi)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_host_header_is_validated_once_per_request(monkeypatch):
    from django.core.exceptions import DisallowedHost
    from django.http.request import HttpRequest
    from django.test import RequestFactory

    from volmify.request import HostOnceRequest
    from volmify.wsgi import application

    assert application.request_class is HostOnceRequest
    calls = []
    original = HttpRequest.get_host
    monkeypatch.setattr(HttpRequest, "get_host", lambda self: calls.append(1) or original(self))
    request = HostOnceRequest(RequestFactory(HTTP_HOST="acme.localhost").get("/").environ)
    assert [request.get_host(), request.get_host()] == ["acme.localhost", "acme.localhost"]
    assert calls == [1]
    bad = HostOnceRequest(RequestFactory(HTTP_HOST="bad host!").get("/").environ)
    for _ in range(2):  # a refused host is refused every time, never remembered
        with pytest.raises(DisallowedHost):
            bad.get_host()
