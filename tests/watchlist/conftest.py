"""Fixtures: a real county server process per module, enrolled workstations."""

from tests.county_fixtures import county_server, county_store, enrolled, station  # noqa: F401
