"""Papers printed from the workstation: read back from real PDFs (pdftotext, pdfinfo,
pdftoppm and the project's own QR decoder), and a receipt printer that is not there."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import unicodedata
from pathlib import Path
from typing import Any

import cv2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtGui import QKeySequence
from sqlite_utils import Database

from checkpoint_app.gui.papers import PaperDialog
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.reports.papers import PaperKind, kinds_for, verify_paper_code
from checkpoint_app.scanning.decode import decode_codes
from checkpoint_app.settings import Settings
from checkpoint_app.storage.audit import recent_audit
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.sync.keys import EnrollmentInfo, save_enrollment
from checkpoint_app.workstation.papers import issue_paper, issue_paper_apart, preview_paper
from tests.factories import ID_NUMBER, make_record

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="pdftotext/pdftoppm (Debian poppler-utils) are not installed: cannot read the PDF",
)


def _saved(db: Database, **changes: Any) -> TravellerRecord:
    record = make_record(destination_township="张明乡", origin_name="上海市浦东新区", **changes)
    RecordRepository(db).save(record, flags=RecordFlags(fever=False, nat_expired=False))
    return record


def _dialog(
    qtbot: Any, db: Database, record: TravellerRecord, settings: Settings, *, worker: bool = False
) -> PaperDialog:
    policy = default_policy()
    folder = database_folder(db)  # on this thread: a connection stays with its thread
    dialog = PaperDialog(
        kinds=kinds_for(record.disposition),
        who=record.name,
        settings=settings,
        preview=lambda kind: preview_paper(db, record.uuid, kind, policy=policy),
        issue=lambda kind, deliver: issue_paper(
            db,
            record.uuid,
            kind,
            policy=policy,
            staff_id=None,
            data_dir=database_folder(db),
            deliver=deliver,
        ),
        issue_on_worker=(
            (
                lambda kind, deliver: issue_paper_apart(
                    folder, record.uuid, kind, policy=policy, staff_id=None, deliver=deliver
                )
            )
            if worker
            else None
        ),
    )
    qtbot.addWidget(dialog)
    return dialog


def _enroll(db: Database) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    info = EnrollmentInfo(
        server_url="http://127.0.0.1:9",
        device_id="device-test",
        checkpoint_name="宁洛高速谭庄站",
        county_signing_key="",
        county_sealing_key="",
        enrolled_at="2022-04-10T00:00:00+00:00",
    )
    save_enrollment(database_folder(db), info, key)
    return key


def _pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The font's text layer maps some characters to their Kangxi radical forms (高 → ⾼).
    return unicodedata.normalize("NFKC", text)


def _printed(db: Database) -> list[dict[str, Any]]:
    return [e.details for e in recent_audit(db) if e.action == "paper.printed"]


@needs_poppler
@pytest.mark.parametrize(
    ("disposition", "kind", "expected"),
    [
        (Disposition.TURN_BACK, PaperKind.TURN_BACK, "原路返回上海市浦东新区"),
        (Disposition.HOME_QUARANTINE, PaperKind.HOME_QUARANTINE, "居家隔离 14 天"),
        (Disposition.HOME_MONITORING, PaperKind.HOME_MONITORING, "居家健康监测 7 天"),
        (Disposition.RELEASE_TEST, PaperKind.ARRIVAL_TEST, "24 小时内"),
        (Disposition.RELEASE, PaperKind.HEALTH_CARD, "沿此线撕下"),
    ],
)
def test_each_paper_saved_as_pdf_reads_back_with_title_checkpoint_masked_id_and_serial(
    qtbot: Any,
    workstation: Any,
    tmp_path: Path,
    disposition: Disposition,
    kind: PaperKind,
    expected: str,
) -> None:
    record = _saved(workstation.db, disposition=disposition)
    dialog = _dialog(qtbot, workstation.db, record, Settings(paper_size="A5"))
    assert dialog.kind is kind
    out = tmp_path / "paper.pdf"
    dialog.save_pdf(out)
    text = _pdf_text(out).replace(" ", "")
    serial = f"{kind.serial_prefix}-000001"
    for shown in (kind.label, "宁洛高速谭庄站", "4116**********1232", serial, "未签名"):
        assert shown in text
    assert expected.replace(" ", "") in text
    assert ID_NUMBER not in text
    assert serial in dialog.messageLabel.text()
    assert [r["kind"] for r in _printed(workstation.db)] == [kind.value]


@needs_poppler
def test_an_a5_paper_is_an_a5_page_whose_qr_code_decodes_and_verifies(
    qtbot: Any, workstation: Any, tmp_path: Path
) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    key = _enroll(workstation.db)
    record = _saved(workstation.db, disposition=Disposition.HOME_QUARANTINE)
    dialog = _dialog(qtbot, workstation.db, record, Settings(paper_size="A5"))
    out = tmp_path / "quarantine.pdf"
    dialog.save_pdf(out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert "(A5)" in info.stdout
    assert "未签名" not in _pdf_text(out)

    subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "page")], check=True)
    image = cv2.imread(str(next(tmp_path.glob("page*.png"))))
    codes = decode_codes(image).codes
    assert len(codes) == 1
    claim = verify_paper_code(codes[0].text, key.public_key())
    assert (claim.serial, claim.record_uuid, claim.kind) == (
        "JG-000001",
        record.uuid,
        PaperKind.HOME_QUARANTINE,
    )


@needs_poppler
def test_an_a4_choice_prints_an_a4_page(qtbot: Any, workstation: Any, tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    record = _saved(workstation.db, disposition=Disposition.RELEASE)
    dialog = _dialog(qtbot, workstation.db, record, Settings())
    dialog.printerCombo.setCurrentIndex(dialog.printerCombo.findData("A4"))
    out = tmp_path / "card.pdf"
    dialog.save_pdf(out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert "(A4)" in info.stdout


def test_a_missing_receipt_printer_says_so_in_chinese_and_changes_nothing(
    qtbot: Any, workstation: Any
) -> None:
    record = _saved(workstation.db, disposition=Disposition.RELEASE_TEST)
    dialog = _dialog(
        qtbot, workstation.db, record, Settings(receipt_printer="127.0.0.1:9", receipt_paper_mm=80)
    )
    assert dialog.printerCombo.currentData() == "receipt"
    dialog.print_paper()
    assert "小票打印机（网络 127.0.0.1:9）未连接或无法访问" in dialog.messageLabel.text()
    assert _printed(workstation.db) == []
    assert RecordRepository(workstation.db).get(record.uuid) == record
    # The number the failed print would have used goes to the next paper.
    dialog.save_pdf(
        Path(workstation.db.execute("PRAGMA database_list").fetchone()[2]).parent / "a.pdf"
    )
    assert [r["serial"] for r in _printed(workstation.db)] == ["LD-000001"]


def test_a_turned_back_person_is_offered_only_the_turn_back_notice(
    qtbot: Any, workstation: Any
) -> None:
    record = _saved(workstation.db, disposition=Disposition.TURN_BACK)
    dialog = _dialog(qtbot, workstation.db, record, Settings())
    assert [dialog.kindCombo.itemText(i) for i in range(dialog.kindCombo.count())] == ["劝返告知书"]


def test_the_main_window_offers_print_paper_on_ctrl_p(main_window: Any) -> None:
    action = main_window.printPaperAction
    assert action in main_window.ui.recordsMenu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+P")


class NetworkPrinter:
    """A receipt printer's raw TCP port (9100) on 127.0.0.1: it keeps what it is sent."""

    def __init__(self) -> None:
        self.received = bytearray()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        conn, _ = self._server.accept()
        with conn:
            while chunk := conn.recv(65536):
                self.received += chunk

    def close(self) -> None:
        self._server.close()


def test_a_receipt_printer_on_the_network_prints_from_a_worker_with_the_cut_at_the_end(
    qtbot: Any, workstation: Any
) -> None:
    printer = NetworkPrinter()
    try:
        record = _saved(workstation.db, disposition=Disposition.RELEASE)
        settings = Settings(receipt_printer=f"127.0.0.1:{printer.port}", receipt_paper_mm=58)
        dialog = _dialog(qtbot, workstation.db, record, settings, worker=True)
        dialog.print_paper()
        assert dialog.busy and not dialog.printButton.isEnabled()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        assert "已打印" in dialog.messageLabel.text(), dialog.messageLabel.text()
        qtbot.waitUntil(lambda: b"\x1dV" in printer.received, timeout=5_000)
        assert "健康服务卡".encode("gb18030") in printer.received
        assert [r["kind"] for r in _printed(workstation.db)] == ["health_card"]
    finally:
        printer.close()


def test_an_unreachable_receipt_printer_from_the_worker_says_so_and_uses_no_number(
    qtbot: Any, workstation: Any
) -> None:
    record = _saved(workstation.db, disposition=Disposition.RELEASE_TEST)
    settings = Settings(receipt_printer="127.0.0.1:9", receipt_paper_mm=80)
    dialog = _dialog(qtbot, workstation.db, record, settings, worker=True)
    dialog.print_paper()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "未连接或无法访问" in dialog.messageLabel.text()
    assert dialog.printButton.isEnabled()
    assert _printed(workstation.db) == []
