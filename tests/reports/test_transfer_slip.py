"""The 闭环转运单: what it says (the code in large type, the site, the car, the escort with
the phone masked, a stub for the site), its audit row, its ESC/POS bytes, and — through a
real county server — a QR code rendered from the PDF that the site's receipt page accepts
as the escort's code, while a forged or a wrong paper's code is refused."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import cv2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from checkpoint_app.county.roles import DashboardRole
from checkpoint_app.gui.papers import PaperDialog
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.records.transfers import format_transfer_code
from checkpoint_app.reports.papers import (
    PaperKind,
    build_transfer_slip,
    receipt_bytes,
    verify_paper_code,
)
from checkpoint_app.scanning.decode import decode_codes
from checkpoint_app.settings import Settings
from checkpoint_app.storage.audit import recent_audit
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.transfers import StoredTransfer, get_transfer
from checkpoint_app.sync.client import enroll
from checkpoint_app.workstation.papers import (
    PaperRefused,
    issue_paper,
    paper_kinds,
    preview_paper,
)
from checkpoint_app.workstation.sync import sync_once
from checkpoint_app.workstation.transfers import TransferRequest, record_transfer
from tests.county_fixtures import (
    confirm_receipt,
    dashboard_user,
    make_station,
    receiving_sites,
    sent_transfer,
    signed_in,
)
from tests.factories import ID_NUMBER, install_site_list, make_record

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="pdftotext/pdftoppm (Debian poppler-utils) are not installed: cannot read the PDF",
)
POLICY = default_policy()
ESCORT_PHONE = "13912345678"


def _transferred(
    db: Database, disposition: Disposition = Disposition.CENTRAL_QUARANTINE
) -> tuple[TravellerRecord, StoredTransfer]:
    install_site_list(db)
    record = make_record(disposition=disposition, name="欧阳晓明")
    RecordRepository(db).save(record, flags=RecordFlags(fever=False, nat_expired=False))
    site = 1 if disposition is Disposition.CENTRAL_QUARANTINE else 2
    transfer = record_transfer(
        db, TransferRequest(record.uuid, site, "豫PJ0931", "刘红梅", ESCORT_PHONE), staff_id=None
    )
    return record, transfer


def _issue(db: Database, record_uuid: str, printed: list[Any] | None = None) -> Any:
    return issue_paper(
        db,
        record_uuid,
        PaperKind.TRANSFER_SLIP,
        policy=POLICY,
        staff_id=None,
        data_dir=database_folder(db),
        deliver=(printed.append if printed is not None else lambda _paper: None),
    )


def _pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize("NFKC", text)


def _slip_dialog(qtbot: Any, db: Database, record_uuid: str, data_dir: Path) -> PaperDialog:
    dialog = PaperDialog(
        kinds=(PaperKind.TRANSFER_SLIP,),
        who="欧阳晓明",
        settings=Settings(paper_size="A5"),
        preview=lambda kind: preview_paper(db, record_uuid, kind, policy=POLICY),
        issue=lambda kind, deliver: issue_paper(
            db, record_uuid, kind, policy=POLICY, staff_id=None, data_dir=data_dir, deliver=deliver
        ),
    )
    qtbot.addWidget(dialog)
    return dialog


# ----------------------------------------------------------------------------- content


def test_the_slip_shows_the_code_large_the_site_car_and_escort_with_id_and_phone_masked(
    workstation: Any,
) -> None:
    record, transfer = _transferred(workstation.db)
    paper = _issue(workstation.db, record.uuid)
    code = format_transfer_code(transfer.code)
    fields = dict(paper.fields)
    assert paper.title == "闭环转运单" and paper.serial == "ZY-000001"
    assert paper.headline == f"转运码 {code}"
    assert fields["接收点"] == "商水县第一集中隔离点"
    assert fields["转运车辆"] == "豫PJ0931"
    assert fields["护送人员"] == "刘红梅"
    assert fields["护送人电话"] == "139****5678"
    assert fields["出发卡点"] == "宁洛高速谭庄站"
    assert fields["处置"] == "集中隔离"
    assert "出发时间" in fields
    assert "4116**********1232" in fields.values()
    everything = repr(paper)
    assert ESCORT_PHONE not in everything and ID_NUMBER not in everything
    # The stub the site keeps: the code, where from, masked name.
    assert paper.stub is not None
    assert paper.stub.title == "闭环转运单（接收点存根）"
    assert paper.stub.masked_name == "欧阳**"
    assert ("转运码", code) in paper.stub.lines


def test_a_transferred_persons_slip_is_offered_first_and_one_without_a_transfer_is_refused(
    workstation: Any,
) -> None:
    record, _transfer = _transferred(workstation.db, Disposition.FEVER_CLINIC)
    assert paper_kinds(workstation.db, record)[0] is PaperKind.TRANSFER_SLIP
    alone = make_record(disposition=Disposition.FEVER_CLINIC)
    RecordRepository(workstation.db).save(alone, flags=RecordFlags(fever=True, nat_expired=False))
    assert PaperKind.TRANSFER_SLIP not in paper_kinds(workstation.db, alone)
    with pytest.raises(PaperRefused, match="还没有登记闭环转运"):
        _issue(workstation.db, alone.uuid)


def test_issuing_a_slip_numbers_it_and_audits_the_transfer_code(workstation: Any) -> None:
    record, transfer = _transferred(workstation.db)
    assert preview_paper(
        workstation.db, record.uuid, PaperKind.TRANSFER_SLIP, policy=POLICY
    ).serial == ("（预览）")
    _issue(workstation.db, record.uuid)
    second = _issue(workstation.db, record.uuid)
    assert second.serial == "ZY-000002"
    rows = [e.details for e in recent_audit(workstation.db) if e.action == "paper.printed"]
    assert {r["transfer_code"] for r in rows} == {transfer.code}
    assert {r["kind"] for r in rows} == {"transfer_slip"}


def test_the_slips_code_is_signed_by_the_device_key_and_carries_the_transfer_code() -> None:
    key = Ed25519PrivateKey.generate()
    record = make_record(disposition=Disposition.CENTRAL_QUARANTINE)
    transfer = _stored(record)
    checkpoint = _checkpoint()
    paper = build_transfer_slip(
        transfer, record, checkpoint, number=3, issued_at=transfer.departed_at, signing_key=key
    )
    claim = verify_paper_code(paper.code, key.public_key())
    assert (claim.kind, claim.transfer_code, claim.serial) == (
        PaperKind.TRANSFER_SLIP,
        "ABCD2345",
        "ZY-000003",
    )


def _checkpoint() -> Any:
    from checkpoint_app.records.model import CheckpointKind
    from checkpoint_app.storage.staff import Checkpoint

    return Checkpoint("宁洛高速谭庄站", CheckpointKind.TOLL_STATION, "谭庄镇", "device-7")


def _stored(record: TravellerRecord) -> StoredTransfer:
    from datetime import UTC, datetime

    return StoredTransfer(
        code="ABCD2345",
        record_uuid=record.uuid,
        site_id=1,
        site_name="商水县第一集中隔离点",
        plate="豫PJ0931",
        escort_name="刘红梅",
        escort_phone=ESCORT_PHONE,
        departed_at=datetime(2022, 4, 10, 3, 5, tzinfo=UTC),
        staff_id=None,
        pushed=False,
        received_at=None,
        receipt_outcome=None,
        receipt_note="",
    )


def test_the_slips_receipt_bytes_print_the_code_large_and_the_printers_own_qr_code() -> None:
    from escpos.constants import PAPER_FULL_CUT
    from escpos.printer import Dummy

    record = make_record(disposition=Disposition.CENTRAL_QUARANTINE)
    paper = build_transfer_slip(
        _stored(record),
        record,
        _checkpoint(),
        number=1,
        issued_at=_stored(record).departed_at,
        signing_key=Ed25519PrivateKey.generate(),
    )
    data = receipt_bytes(paper, paper_mm=58)
    # The code between the printer's double-size command and the next style change.
    big = Dummy()
    big.set(align="center", bold=True, double_height=True, double_width=True)
    large_code = big.output + "转运码 ABCD-2345".encode("gb18030") + b"\n"
    assert large_code in data
    for shown in ("闭环转运单", "商水县第一集中隔离点", "豫PJ0931", "139****5678", "接收点存根"):
        assert shown.encode("gb18030") in data
    assert ESCORT_PHONE.encode() not in data
    assert ID_NUMBER.encode() not in data
    reference = Dummy()
    reference.qr(paper.code, native=True, size=4, ec=1)
    assert reference.output in data
    assert data.endswith(PAPER_FULL_CUT)
    text_lines = [line for line in data.split(b"\n") if not set(line) & {0x1B, 0x1C, 0x1D}]
    assert max(len(line) for line in text_lines) <= 32


# ------------------------------------------------------------ through the county server


def _scanned_slip(qtbot: Any, station: Any, code: str, tmp_path: Path) -> tuple[str, str]:
    """The slip of transfer `code` saved as an A5 PDF: its text and its QR code as decoded
    from the rendered page."""
    transfer = get_transfer(station.db, code)
    assert transfer is not None
    dialog = _slip_dialog(qtbot, station.db, transfer.record_uuid, station.data_dir)
    out = tmp_path / "slip.pdf"
    assert dialog.save_pdf(out) is not None, dialog.messageLabel.text()
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "slip")], check=True)
    image = cv2.imread(str(next(tmp_path.glob("slip*.png"))))
    [decoded] = decode_codes(image).codes
    return _pdf_text(out), decoded.text


@needs_poppler
def test_the_slips_qr_scanned_into_the_site_page_confirms_the_arrival(
    qtbot: Any, county_server: Any, tmp_path: Path
) -> None:
    station = make_station(tmp_path)
    try:
        assert enroll(station.data_dir, county_server.url, county_server.enrollment_code()).ok
        quarantine, _clinic = receiving_sites(county_server)
        code = sent_transfer(station, quarantine)
        text, scanned = _scanned_slip(qtbot, station, code, tmp_path)

        flat = text.replace(" ", "")
        shown = format_transfer_code(code)
        for expected in (shown, quarantine.name, "豫PJ0931", "139****5678", "接收点存根"):
            assert expected.replace(" ", "") in flat, expected
        assert ESCORT_PHONE not in flat and "未签名" not in flat
        assert verify_paper_code(scanned, _device_key(station)).transfer_code == code

        # A USB scanner types the QR code's text into the page's code field, then Enter.
        staff = dashboard_user(county_server, DashboardRole.SITE, quarantine.id)
        with signed_in(county_server, staff) as client:
            answer = confirm_receipt(client, scanned)
            assert answer.status_code == 200, answer.text
            assert f"已确认：{quarantine.name} {shown} 已接收" in answer.text
        report = sync_once(station.data_dir)
        assert report.ok and report.receipts is not None and report.receipts.arrived == 1
        stored = get_transfer(station.db, code)
        assert stored is not None and stored.arrived
    finally:
        station.db.close()


def _device_key(station: Any) -> Any:
    from checkpoint_app.sync.keys import load_device_key

    return load_device_key(station.data_dir).public_key()


@needs_poppler
def test_a_forged_slip_or_another_papers_qr_code_is_refused_at_the_site(
    qtbot: Any, county_server: Any, tmp_path: Path
) -> None:
    station = make_station(tmp_path)
    try:
        assert enroll(station.data_dir, county_server.url, county_server.enrollment_code()).ok
        quarantine, _clinic = receiving_sites(county_server)
        code = sent_transfer(station, quarantine)
        _text, scanned = _scanned_slip(qtbot, station, code, tmp_path)
        body, _, signature = scanned.partition(".")
        forged = f"{body}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
        transfer = get_transfer(station.db, code)
        assert transfer is not None
        card = issue_paper(
            station.db,
            transfer.record_uuid,
            PaperKind.HEALTH_CARD,
            policy=POLICY,
            staff_id=None,
            data_dir=station.data_dir,
            deliver=lambda _paper: None,
        )

        staff = dashboard_user(county_server, DashboardRole.SITE, quarantine.id)
        with signed_in(county_server, staff) as client:
            refused = confirm_receipt(client, forged)
            assert refused.status_code == 400
            assert "转运单二维码核验未通过" in refused.text
            assert forged not in refused.text  # the field is emptied for the next scan
            wrong = confirm_receipt(client, card.code)
            assert wrong.status_code == 400
            assert "这是健康服务卡的二维码，请扫描闭环转运单上的二维码" in wrong.text
        assert sync_once(station.data_dir).receipts.arrived == 0
    finally:
        station.db.close()
