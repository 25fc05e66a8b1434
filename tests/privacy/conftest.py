"""The privacy tests run over the store as a checkpoint deploys it: encrypted at rest.

They reuse the GUI fixtures (a signed-in window, the keyboard); `fresh_db` here replaces the
plain store of tests/conftest.py with a new SQLCipher store and its key file, as first run
makes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from checkpoint_app.storage.unlock import create_encrypted_store, lock_store
from tests.gui.conftest import Keyboard, keyboard, main_window, make_main_window, settings

__all__ = ["Keyboard", "fresh_db", "keyboard", "main_window", "make_main_window", "settings"]

ADMIN_SECRET = "CANARY-TEST-SECRET-2022"


@pytest.fixture
def fresh_db(data_dir: Path) -> Iterator[Database]:
    db = create_encrypted_store(data_dir, ADMIN_SECRET)
    yield db
    db.close()
    lock_store(data_dir)
