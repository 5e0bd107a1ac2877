"""The WSGI entry point freezes the objects it loaded (see ``volmify.wsgi``)."""

import gc
import importlib

import volmify.wsgi


def test_the_wsgi_module_freezes_the_objects_it_loaded():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        importlib.reload(volmify.wsgi)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
