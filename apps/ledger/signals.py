"""Receivers of the payment app's events (filled in below)."""
