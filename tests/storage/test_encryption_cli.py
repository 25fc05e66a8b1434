"""`checkpoint-app encrypt-store`, and headless commands on an encrypted store: the admin
secret from CHECKPOINT_ADMIN_SECRET opens it; a wrong or missing one is refused in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checkpoint_app.app import main
from checkpoint_app.storage import keyfile
from checkpoint_app.storage.database import DATABASE_FILENAME
from checkpoint_app.storage.encryption import is_encrypted_file
from checkpoint_app.storage.keyfile import KdfParams
from checkpoint_app.storage.unlock import ADMIN_SECRET_ENV, lock_store

SECRET = "ABCD-EFGH-JKLM-NPQR"


@pytest.fixture(autouse=True)
def _cheap_kdf_and_no_key_left(monkeypatch: pytest.MonkeyPatch, data_dir: Path):
    cheap = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
    monkeypatch.setattr(keyfile, "PIN_KDF", cheap)
    monkeypatch.setattr(keyfile, "ADMIN_KDF", cheap)
    monkeypatch.delenv(ADMIN_SECRET_ENV, raising=False)
    yield
    lock_store(data_dir)


def _run(data_dir: Path, *args: str) -> int:
    code = main(["--data-dir", str(data_dir), *args])
    lock_store(data_dir)  # each command is its own process in real use
    return code


def test_encrypt_store_then_audit_verify_with_the_secret(
    workstation, data_dir, monkeypatch, capsys
):
    workstation.db.close()
    monkeypatch.setenv(ADMIN_SECRET_ENV, SECRET)
    assert _run(data_dir, "encrypt-store") == 0
    assert is_encrypted_file(data_dir / DATABASE_FILENAME)
    out = capsys.readouterr().out
    assert "数据文件已加密" in out and "管理密钥：" not in out  # the chosen secret is not echoed

    assert _run(data_dir, "audit", "verify") == 0
    assert re.search(r"审计日志 \d+ 条：完整", capsys.readouterr().out)


def test_wrong_or_missing_secret_is_refused_in_words(workstation, data_dir, monkeypatch, capsys):
    workstation.db.close()
    monkeypatch.setenv(ADMIN_SECRET_ENV, SECRET)
    assert _run(data_dir, "encrypt-store") == 0
    capsys.readouterr()

    monkeypatch.setenv(ADMIN_SECRET_ENV, "WXYZ-WXYZ-WXYZ-WXYZ")
    assert _run(data_dir, "audit", "verify") == 2
    assert capsys.readouterr().err.strip() == "管理密钥不正确"

    monkeypatch.delenv(ADMIN_SECRET_ENV)
    assert _run(data_dir, "audit", "verify") == 2  # no terminal to ask on
    assert ADMIN_SECRET_ENV in capsys.readouterr().err


def test_encrypt_store_without_a_chosen_secret_prints_one_that_works(
    workstation, data_dir, monkeypatch, capsys
):
    workstation.db.close()
    assert _run(data_dir, "encrypt-store") == 0
    printed = re.search(r"管理密钥：(\S+)", capsys.readouterr().out)
    assert printed is not None
    monkeypatch.setenv(ADMIN_SECRET_ENV, printed.group(1))
    assert _run(data_dir, "audit", "verify") == 0

    assert _run(data_dir, "encrypt-store") == 2  # once is enough
    assert "已经是加密的" in capsys.readouterr().err


def test_plain_store_commands_need_no_secret(workstation, data_dir, capsys):
    workstation.db.close()
    assert _run(data_dir, "audit", "verify") == 0
    assert "完整" in capsys.readouterr().out


def test_sync_reads_the_encrypted_outbox_with_the_admin_secret(
    workstation, data_dir, monkeypatch, capsys
):
    from checkpoint_app.storage.records import RecordRepository
    from tests.storage.test_store import CLEAR, traveller

    record = traveller(shift_id=workstation.shift.id, staff_id=workstation.registrar.id)
    RecordRepository(workstation.db).save(record, flags=CLEAR)
    workstation.db.close()
    monkeypatch.setenv(ADMIN_SECRET_ENV, SECRET)
    assert _run(data_dir, "encrypt-store") == 0
    capsys.readouterr()

    assert _run(data_dir, "sync") == 1  # opened and read; this station is not enrolled
    assert "剩余 1 条待同步；本机尚未向县指挥部注册" in capsys.readouterr().out
