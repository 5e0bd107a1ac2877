"""The platform host's pages: ``orgs`` (home, org sign-up and status, the hand-off to an org's
domain, unknown hosts) and ``webhooks`` (the Stripe Connect endpoint)."""
