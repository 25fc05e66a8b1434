"""The device secret: made once per Windows/Linux user, never in the data folder.

On Windows it is kept DPAPI-protected (those tests run only there: DPAPI is part of
Windows); elsewhere it is a 0600 file holding the 32 bytes.
"""

from __future__ import annotations

import stat
import sys

import pytest

from checkpoint_app.storage import dpapi, keyfile

windows_only = pytest.mark.skipif(sys.platform != "win32", reason="DPAPI exists only on Windows")


def test_the_secret_is_made_once_and_then_read_back(tmp_path):
    path = tmp_path / "config" / "device-secret"
    first = keyfile.device_secret(path)
    assert len(first) == 32
    assert keyfile.device_secret(path) == first


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows the file is a DPAPI blob")
def test_off_windows_the_secret_is_a_file_only_its_user_can_read(tmp_path):
    path = tmp_path / "device-secret"
    secret = keyfile.device_secret(path)
    assert path.read_bytes() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_secret_file_is_replaced_by_a_new_secret(tmp_path):
    path = tmp_path / "device-secret"
    path.write_bytes(b"short")
    secret = keyfile.device_secret(path)
    assert len(secret) == 32 and keyfile.device_secret(path) == secret


@windows_only
def test_on_windows_the_file_holds_a_dpapi_blob_not_the_secret(tmp_path):
    path = tmp_path / "device-secret"
    secret = keyfile.device_secret(path)
    stored = path.read_bytes()
    assert secret not in stored and stored.startswith(b"KDTDPAPI1\n")
    assert keyfile.device_secret(path) == secret


@windows_only
def test_on_windows_a_secret_left_in_the_clear_is_protected_on_first_read(tmp_path):
    path = tmp_path / "device-secret"
    path.write_bytes(bytes(range(32)))
    assert keyfile.device_secret(path) == bytes(range(32))
    assert bytes(range(32)) not in path.read_bytes()


@windows_only
def test_on_windows_dpapi_round_trips_and_refuses_a_damaged_blob():
    blob = dpapi.protect(b"x" * 32)
    assert dpapi.unprotect(blob) == b"x" * 32
    with pytest.raises(dpapi.DpapiError):
        dpapi.unprotect(blob[:-4] + b"\0\0\0\0")
