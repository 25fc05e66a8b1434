"""Fixtures: a county store on each backend, workstations in their own data folders."""

from tests.county_fixtures import county_store, station  # noqa: F401
