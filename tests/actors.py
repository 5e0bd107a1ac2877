"""The actor that service-level tests pass: a named system actor, so a test of a service needs no user row.
Tests of pages sign a real user in, and the views pass ``request.user``."""

from volmify.actors import SystemActor

TEST_ACTOR = SystemActor("tests")
