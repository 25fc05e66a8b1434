"""Papers for the traveller: what each one says, the county's texts, the signed code, the
numbering and its audit row, and the receipt printer's bytes."""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft202012Validator
from sqlite_utils import Database

from checkpoint_app.policy.schema import (
    PAPER_FIELDS,
    PAPER_KINDS,
    PolicyError,
    default_policy,
    parse_policy,
)
from checkpoint_app.records.model import CheckpointKind, Disposition, TravellerRecord
from checkpoint_app.reports.papers import (
    PACK_KINDS,
    PLACEHOLDERS,
    Paper,
    PaperCodeError,
    PaperKind,
    PaperTexts,
    build_paper,
    kinds_for,
    receipt_bytes,
    verify_paper_code,
)
from checkpoint_app.resources import resource_path
from checkpoint_app.storage.audit import recent_audit, verify_audit_chain
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.staff import Checkpoint
from checkpoint_app.sync.keys import EnrollmentInfo, save_enrollment
from checkpoint_app.workstation.papers import (
    PaperRefused,
    PrinterUnavailable,
    issue_paper,
    parse_receipt_printer,
    preview_paper,
    send_to_receipt_printer,
)
from tests.factories import ID_NUMBER, make_record

CHECKPOINT = Checkpoint("宁洛高速谭庄站", CheckpointKind.TOLL_STATION, "谭庄镇", "device-7")
ISSUED = datetime(2022, 4, 10, 2, 0, tzinfo=UTC)  # 10:00 in the county


def _default_content() -> dict[str, Any]:
    content: dict[str, Any] = json.loads(
        resource_path("data", "default-policy.json").read_text(encoding="utf-8")
    )
    return content


def _paper(kind: PaperKind, record: TravellerRecord, **kwargs: Any) -> Paper:
    kwargs.setdefault("texts", PaperTexts())
    return build_paper(kind, record, CHECKPOINT, number=12, issued_at=ISSUED, **kwargs)


def _text(paper: Paper) -> str:
    fields = [f"{label}：{value}" for label, value in paper.fields]
    return "\n".join([paper.title, paper.serial, *paper.paragraphs, *fields, paper.footer])


# ----------------------------------------------------------------------------- content


def test_turn_back_notice_says_why_where_to_go_and_the_hotline() -> None:
    record = make_record(disposition=Disposition.TURN_BACK, origin_name="上海市浦东新区")
    paper = _paper(PaperKind.TURN_BACK, record, reasons=["来自 上海市浦东新区(高风险)"])
    text = _text(paper)
    assert paper.title == "劝返告知书"
    assert paper.serial == "QF-000012"
    assert "原因：来自 上海市浦东新区(高风险)" in text
    assert "原路返回上海市浦东新区" in text
    assert "12345" in paper.footer
    assert "4116**********1232" in text
    assert ID_NUMBER not in text
    assert "138****5678" in text


def test_turn_back_against_the_suggestion_gives_the_workers_reason() -> None:
    record = make_record(disposition=Disposition.TURN_BACK, override_reason="拒绝出示行程卡")
    assert "原因：拒绝出示行程卡" in _text(_paper(PaperKind.TURN_BACK, record))


def test_home_quarantine_notice_counts_the_days_and_names_the_township_contact() -> None:
    record = make_record(disposition=Disposition.HOME_QUARANTINE, destination_township="张明乡")
    texts = PaperTexts(township_contacts={"张明乡": "0394-5551234"})
    text = _text(_paper(PaperKind.HOME_QUARANTINE, record, days=14, texts=texts))
    # Checked on 10 April (county time): day 1 is the arrival day.
    assert "居家隔离 14 天（至 4月23日）" in text
    assert "张明乡" in text
    assert "0394-5551234" in text


def test_home_monitoring_notice_has_its_own_title_and_days() -> None:
    record = make_record(disposition=Disposition.HOME_MONITORING)
    paper = _paper(PaperKind.HOME_MONITORING, record, days=7)
    assert paper.title == "居家健康监测告知书"
    assert "居家健康监测 7 天" in _text(paper)
    # No destination typed: the checkpoint's township is the one to contact.
    assert "谭庄镇" in _text(paper)


def test_arrival_test_notice_asks_for_a_test_within_24_hours_by_default() -> None:
    record = make_record(disposition=Disposition.RELEASE_TEST)
    text = _text(_paper(PaperKind.ARRIVAL_TEST, record))
    assert "24 小时内（4月11日 17:30 前）" in text
    assert "落地检" in text


def test_health_card_has_a_tear_off_stub_with_the_masked_name_only() -> None:
    paper = _paper(PaperKind.HEALTH_CARD, make_record(name="欧阳晓明"))
    assert paper.stub is not None
    assert (paper.stub.serial, paper.stub.masked_name) == ("FK-000012", "欧阳**")
    assert paper.stub.date == "2022年4月10日"
    assert ("健康码", "绿码") in paper.fields


def test_each_disposition_offers_its_notice_first_and_a_turned_back_person_no_card() -> None:
    assert kinds_for(Disposition.TURN_BACK) == (PaperKind.TURN_BACK,)
    assert kinds_for(Disposition.HOME_QUARANTINE)[0] is PaperKind.HOME_QUARANTINE
    assert kinds_for(Disposition.RELEASE_TEST)[0] is PaperKind.ARRIVAL_TEST
    assert kinds_for(Disposition.RELEASE) == (PaperKind.HEALTH_CARD,)


def test_the_placeholders_filled_are_the_ones_the_pack_may_name() -> None:
    assert set(PLACEHOLDERS) == set(PAPER_FIELDS)
    # The transfer slip's text is the same county-wide: the pack does not replace it.
    assert {k.value for k in PACK_KINDS} == set(PAPER_KINDS)
    assert {k.value: k.label for k in PACK_KINDS} == dict(PAPER_KINDS)


# ---------------------------------------------------------------------- the pack's texts


def _pack_with_papers(papers: dict[str, Any]) -> dict[str, Any]:
    content = copy.deepcopy(_default_content())
    content["papers"] = papers
    return content


def test_a_pack_replaces_the_texts_and_the_hotline() -> None:
    policy = parse_policy(
        _pack_with_papers(
            {
                "hotline": "0394-5422222",
                "texts": {
                    "home_quarantine": "{name}同志：请在{township}隔离{days}天，电话{hotline}"
                },
            }
        )
    )
    texts = PaperTexts(hotline=policy.papers.hotline, templates=dict(policy.papers.texts))
    record = make_record(disposition=Disposition.HOME_QUARANTINE, destination_township="大武乡")
    paper = _paper(PaperKind.HOME_QUARANTINE, record, days=10, texts=texts)
    assert paper.paragraphs == ("张伟同志：请在大武乡隔离10天，电话0394-5422222",)
    assert "0394-5422222" in paper.footer


def test_a_pack_with_papers_follows_the_published_schema_and_round_trips() -> None:
    schema = json.loads(resource_path("data", "policy-pack.schema.json").read_text("utf-8"))
    content = _pack_with_papers(
        {
            "hotline": "0394-5422222",
            "township_contacts": {"谭庄镇": "0394-5550001"},
            "arrival_test_hours": 12,
            "texts": {"turn_back": "{name}：请返回{origin}"},
        }
    )
    assert list(Draft202012Validator(schema).iter_errors(content)) == []
    policy = parse_policy(content)
    assert parse_policy(policy.to_content()) == policy
    assert "papers" not in default_policy().to_content()


@pytest.mark.parametrize(
    ("papers", "expected"),
    [
        ({"texts": {"turn_back": "{name}，请返回{city}"}}, "papers.texts.turn_back"),
        ({"texts": {"turn_back": "{name}，请返回{city}"}}, "「{city}」不认识"),
        ({"texts": {"turn_back": "请返回{origin"}}, "花括号不成对"),
        ({"texts": {"turn_back": "{days!r}天"}}, "不认识"),
        ({"texts": {"quarantine": "隔离"}}, "「quarantine」"),
        ({"arrival_test_hours": 0}, "papers.arrival_test_hours"),
        ({"township_contacts": {"谭庄镇": ""}}, "papers.township_contacts.谭庄镇"),
    ],
)
def test_a_bad_paper_template_is_refused_naming_the_field(
    papers: dict[str, Any], expected: str
) -> None:
    with pytest.raises(PolicyError) as refused:
        parse_policy(_pack_with_papers(papers))
    assert refused.value.message.startswith("防控策略包内容有误：papers")
    assert expected in refused.value.message


# --------------------------------------------------------------------------- the code


def test_the_code_verifies_with_the_device_key_and_says_what_was_issued() -> None:
    key = Ed25519PrivateKey.generate()
    record = make_record(disposition=Disposition.HOME_QUARANTINE)
    paper = _paper(PaperKind.HOME_QUARANTINE, record, signing_key=key)
    assert paper.signed and "未签名" not in paper.footer
    claim = verify_paper_code(paper.code, key.public_key())
    assert (claim.kind, claim.serial, claim.record_uuid, claim.device_id) == (
        PaperKind.HOME_QUARANTINE,
        "JG-000012",
        record.uuid,
        "device-7",
    )
    assert claim.issued_at == ISSUED and claim.signed


def _tampered(code: str) -> str:
    body, _, signature = code.partition(".")
    claim = json.loads(base64.urlsafe_b64decode(body.removeprefix("KDP1:") + "=="))
    claim["k"] = "health_card"
    forged = base64.urlsafe_b64encode(json.dumps(claim).encode()).rstrip(b"=").decode()
    return f"KDP1:{forged}.{signature}"


def test_a_tampered_code_or_another_devices_key_fails() -> None:
    key = Ed25519PrivateKey.generate()
    paper = _paper(PaperKind.TURN_BACK, make_record(), signing_key=key)
    with pytest.raises(PaperCodeError, match="签名不符"):
        verify_paper_code(_tampered(paper.code), key.public_key())
    with pytest.raises(PaperCodeError, match="签名不符"):
        verify_paper_code(paper.code, Ed25519PrivateKey.generate().public_key())
    with pytest.raises(PaperCodeError, match="不是卡点通"):
        verify_paper_code("https://example.com/", key.public_key())


def test_without_a_key_the_code_is_marked_unsigned_and_the_paper_says_so() -> None:
    paper = _paper(PaperKind.ARRIVAL_TEST, make_record())
    assert not paper.signed
    assert paper.code.endswith(".unsigned")
    assert "未签名" in paper.footer
    assert verify_paper_code(paper.code, None).signed is False


# ---------------------------------------------------------------- numbering and audit


def _saved(db: Database, **changes: Any) -> TravellerRecord:
    record = make_record(**changes)
    RecordRepository(db).save(record, flags=RecordFlags(fever=False, nat_expired=False))
    return record


def _printed_rows(db: Database) -> list[dict[str, Any]]:
    return [e.details for e in recent_audit(db) if e.action == "paper.printed"]


def test_issuing_numbers_each_kind_in_turn_and_audits_record_and_kind(workstation: Any) -> None:
    db = workstation.db
    record = _saved(db, disposition=Disposition.HOME_QUARANTINE)
    delivered: list[Paper] = []
    policy = default_policy()
    for kind in (PaperKind.HOME_QUARANTINE, PaperKind.HOME_QUARANTINE, PaperKind.HEALTH_CARD):
        issue_paper(
            db,
            record.uuid,
            kind,
            policy=policy,
            staff_id=workstation.registrar.id,
            data_dir=database_folder(db),
            deliver=delivered.append,
        )
    assert [p.serial for p in delivered] == ["JG-000001", "JG-000002", "FK-000001"]
    rows = _printed_rows(db)
    assert [(r["record_uuid"], r["kind"]) for r in reversed(rows)] == [
        (record.uuid, "home_quarantine"),
        (record.uuid, "home_quarantine"),
        (record.uuid, "health_card"),
    ]
    assert all(ID_NUMBER not in json.dumps(r) and "张伟" not in json.dumps(r) for r in rows)
    assert verify_audit_chain(db) == []


def test_a_failed_delivery_uses_no_number_and_writes_nothing(workstation: Any) -> None:
    db = workstation.db
    record = _saved(db, disposition=Disposition.RELEASE_TEST)

    def unplugged(_paper: Paper) -> None:
        raise PrinterUnavailable("小票打印机未连接")

    with pytest.raises(PrinterUnavailable):
        issue_paper(
            db,
            record.uuid,
            PaperKind.ARRIVAL_TEST,
            policy=default_policy(),
            staff_id=None,
            data_dir=None,
            deliver=unplugged,
        )
    assert _printed_rows(db) == []
    paper = issue_paper(
        db,
        record.uuid,
        PaperKind.ARRIVAL_TEST,
        policy=default_policy(),
        staff_id=None,
        data_dir=None,
        deliver=lambda _p: None,
    )
    assert paper.serial == "LD-000001"
    assert RecordRepository(db).get(record.uuid) == record


def test_an_enrolled_workstation_signs_with_its_device_key(workstation: Any) -> None:
    db = workstation.db
    device_key = Ed25519PrivateKey.generate()
    info = EnrollmentInfo(
        server_url="http://127.0.0.1:9",
        device_id="device-test",
        checkpoint_name=workstation.checkpoint.name,
        county_signing_key=base64.b64encode(bytes(32)).decode(),
        county_sealing_key=base64.b64encode(bytes(32)).decode(),
        enrolled_at=datetime.now(UTC).isoformat(),
    )
    save_enrollment(database_folder(db), info, device_key)
    record = _saved(db, disposition=Disposition.HOME_MONITORING)
    paper = issue_paper(
        db,
        record.uuid,
        PaperKind.HOME_MONITORING,
        policy=default_policy(),
        staff_id=None,
        data_dir=database_folder(db),
        deliver=lambda _p: None,
    )
    assert verify_paper_code(paper.code, device_key.public_key()).serial == "JC-000001"


def test_a_turn_back_takes_the_policys_reasons_and_days_come_from_the_pack(
    workstation: Any,
) -> None:
    db = workstation.db
    content = copy.deepcopy(_default_content())
    content["risk_areas"] = [
        {"code": "310000", "name": "上海市", "level": "high", "since": "2022-03-28"}
    ]
    content["follow_up"] = {"home_quarantine_days": 10}
    policy = parse_policy(content)
    turned = _saved(
        db, disposition=Disposition.TURN_BACK, origin_code="310115", origin_name="上海市浦东新区"
    )
    text = _text(preview_paper(db, turned.uuid, PaperKind.TURN_BACK, policy=policy))
    assert "原因：来自 上海市浦东新区(高风险)" in text
    home = _saved(db, disposition=Disposition.HOME_QUARANTINE)
    preview = preview_paper(db, home.uuid, PaperKind.HOME_QUARANTINE, policy=policy)
    assert "居家隔离 10 天" in _text(preview)
    assert preview.serial == "（预览）" and not preview.signed
    assert _printed_rows(db) == []


def test_a_paper_for_an_unknown_record_is_refused(workstation: Any) -> None:
    with pytest.raises(PaperRefused, match="找不到"):
        preview_paper(workstation.db, "no-such", PaperKind.HEALTH_CARD, policy=default_policy())


# ------------------------------------------------------------------ receipt printers


def test_receipt_bytes_carry_gb18030_text_a_qr_code_and_end_with_a_cut() -> None:
    from escpos.constants import PAPER_FULL_CUT
    from escpos.printer import Dummy

    paper = _paper(PaperKind.HEALTH_CARD, make_record(), signing_key=Ed25519PrivateKey.generate())
    data = receipt_bytes(paper, paper_mm=58)
    assert "健康服务卡".encode("gb18030") in data
    assert "编号 FK-000012".encode("gb18030") in data
    assert "4116**********1232".encode("gb18030") in data
    assert "沿此线撕下".encode("gb18030") in data
    assert "张*".encode("gb18030") in data
    assert ID_NUMBER.encode() not in data
    # The QR code is the printer's own (GS ( k … store the data, then print it).
    reference = Dummy()
    reference.qr(paper.code, native=True, size=4, ec=1)
    assert reference.output in data
    assert data.endswith(PAPER_FULL_CUT)
    # No text line is wider than 58 mm paper holds: 32 columns, and a Chinese character
    # takes two, as it takes two bytes in GB18030.
    text_lines = [line for line in data.split(b"\n") if not set(line) & {0x1B, 0x1C, 0x1D}]
    assert len(text_lines) > 10
    assert max(len(line) for line in text_lines) <= 32


def test_an_unreachable_network_printer_is_a_chinese_message() -> None:
    printer = parse_receipt_printer("127.0.0.1:9")
    assert printer is not None
    with pytest.raises(PrinterUnavailable) as refused:
        send_to_receipt_printer(printer, b"\x1b@", timeout_seconds=1)
    assert "小票打印机（网络 127.0.0.1:9）未连接或无法访问" in refused.value.message


def test_receipt_printer_settings_are_read_and_wrong_text_refused(tmp_path: Path) -> None:
    usb = parse_receipt_printer("usb:0416:5011")
    assert usb is not None and (usb.vendor_id, usb.product_id) == (0x0416, 0x5011)
    assert usb.setting() == "usb:0416:5011"
    assert parse_receipt_printer("") is None
    with pytest.raises(ValueError, match="小票打印机地址"):
        parse_receipt_printer("usb:xyz")
