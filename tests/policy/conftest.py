"""Fixtures for policy tests: the real divisions and the example pack from docs/POLICY.md."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from checkpoint_app.policy.schema import Policy, parse_policy
from checkpoint_app.records.divisions import DivisionIndex, load_divisions

DOCS = Path(__file__).resolve().parents[2] / "docs" / "POLICY.md"


def example_content() -> dict[str, Any]:
    """The first ```json block of docs/POLICY.md: what county IT copies must stay valid."""
    block = re.search(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    content: dict[str, Any] = json.loads(block.group(1))
    return content


@pytest.fixture(scope="session")
def divisions() -> DivisionIndex:
    return load_divisions()


@pytest.fixture(scope="session")
def example_policy() -> Policy:
    return parse_policy(example_content(), pack_version=7)
