"""A 403 logs one line and no traceback (once, not twice); /favicon.ico answers on every host."""

import logging
import sys

import pytest

from apps.member.models import OrgMember
from tests.member.factories import OrgMemberFactory
from volmify.logs import ClientErrorsInOneLine


@pytest.fixture
def learner(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.LEARNER).user


def test_a_403_is_logged_without_its_traceback(host_client, org_a, learner, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert host_client(org_a, learner).get("/manage/").status_code == 403
    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /manage/"
    assert record.exc_info is None


def test_a_request_record_is_printed_once_by_the_roots_handler():
    """Django's default handler on "django", beside the root's, printed every record twice under DEBUG."""
    django_logger = logging.getLogger("django")
    assert (django_logger.handlers, django_logger.propagate) == ([], True)
    assert any(isinstance(f, ClientErrorsInOneLine) for f in logging.getLogger("django.request").filters)


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, "", 0, "Internal Server Error", (), sys.exc_info()
        )
    record.status_code = 500
    assert ClientErrorsInOneLine().filter(record) is True
    assert record.exc_info is not None


@pytest.mark.parametrize("on_org_host", [False, True])
def test_favicon_answers_on_every_host(host_client, org_a, on_org_host):
    response = host_client(org_a if on_org_host else None).get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
