"""Fixtures: the county server the transfer slip is scanned into."""

from tests.county_fixtures import county_server  # noqa: F401
