"""Writes of instructor profiles, affiliations and their compensation, invitations and applications."""
