"""Fixtures: real county server processes, the fault proxy, stores full of waiting records."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.county_fixtures import county_server, enrolled, station  # noqa: F401
from tests.reliability.harness import RECORDS, build_station


@pytest.fixture(scope="session")
def waiting_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with RECORDS records waiting in the outbox; each test copies it."""
    return build_station(tmp_path_factory.mktemp("waiting"), RECORDS)
