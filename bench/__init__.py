"""`make bench`: provisioning and page-throughput benchmarks against a dedicated database.

Run everything with ``make bench`` or one part with ``python -m bench.run provisioning``
(or ``storefront``), inside ``volmify.localservices``. See ``docs/benchmarks.md``.
"""
