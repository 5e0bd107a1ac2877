"""Browser tests that drive the running product in Debian's chromium (``make e2e``)."""
