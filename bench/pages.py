"""The pages `make bench` measures against the baseline. Add a page by adding an entry.

``host`` is sent as the Host header (an org's domain routes to its schema; the
platform domain is ``localhost``). ``login_email`` signs the request in: the
bench makes a session for that user in the benchmark database and sends its
cookie. The page must answer 200 to that request.
"""

from __future__ import annotations

from dataclasses import dataclass

CREATOR_DASHBOARD = "creator dashboard (20 orgs, signed in)"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    host: str
    login_email: str | None = None
    # The goal for the page (ratio of the baseline, no non-2xx); None for a page without one.
    # The default is the storefront home's goal.
    goal_ratio: float | None = 0.6


PAGES: list[Page] = [
    Page("storefront home (acme)", "/", "acme.localhost"),
    # No issue sets a goal for these two; they are measured to watch the signed-in and platform paths.
    Page(
        "storefront home (acme, signed in)",
        "/",
        "acme.localhost",
        login_email="learner@acme.example",
        goal_ratio=0.4,  # issue 9
    ),
    Page("platform home", "/", "localhost", goal_ratio=None),
    Page("product page (acme)", "/p/django-for-teams/", "acme.localhost", goal_ratio=0.5),
    Page("catalog page (acme)", "/catalog/", "acme.localhost", goal_ratio=0.5),
    # The demo's first course and its first lesson (ids are stable in a freshly seeded bench database).
    Page("course player (acme, tier 3)", "/courses/1/lessons/1/", "acme.localhost", "vip@acme.example", 0.5),
    # issue 10: a signed-in buyer's checkout with a 3-line cart (bench.carts fills it)
    Page(
        "checkout (acme, signed in, 3-line cart)",
        "/checkout/",
        "acme.localhost",
        "buyer.ana@acme.example",
        goal_ratio=0.3,
    ),
    # issue 11: the creator dashboard of a creator affiliated with 20 orgs (bench.creators writes
    # the rollup rows), on the platform host
    Page(
        CREATOR_DASHBOARD,
        "/creator/",
        "localhost",
        "creator.bench@example.com",
        goal_ratio=0.3,
    ),
]
