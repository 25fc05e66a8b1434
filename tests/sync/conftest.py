"""Fixtures: a real county server process per module, enrolled workstations."""

from tests.county_fixtures import (  # noqa: F401
    county_server,
    county_store,
    enrolled,
    forged_county,
    station,
)
