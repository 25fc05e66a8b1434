"""Papers handed to the traveller: 劝返告知书, 居家隔离/居家健康监测告知书, 落地检告知书, the
numbered 健康服务卡 with its tear-off stub, and the 闭环转运单 the escort carries to the
receiving site (:func:`build_transfer_slip`: the transfer code in large type, a stub the
site keeps).

A :class:`Paper` is the content only (title, serial, paragraphs, fields, footer and the
code printed on it); gui/papers.py draws it on A4/A5 and :func:`receipt_bytes` turns it into
ESC/POS for a 58/80 mm receipt printer. Texts are built in, and the county may replace
them in the policy pack's ``papers`` section (policy/schema.py checks the placeholders;
this module fills every one of :data:`PLACEHOLDERS`).

The code on the paper (:func:`paper_code`) lets a township cadre or the county check that
a paper is one this checkpoint printed: ``KDP1:`` + base64url(compact JSON) + ``.`` +
base64url(Ed25519 signature by the device key over everything before the dot). A
workstation that is not enrolled has no key: the code then ends in ``.unsigned`` and the
paper says 未签名. A transfer slip's code also carries its transfer code (``c``): the
site's receipt page takes the scanned text as it takes the typed code, and the county
checks the signature with the key the device enrolled with.

Names are printed in full (the paper is addressed to the person); ID numbers and phones
are masked, and the stub the checkpoint keeps carries the masked name only.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from checkpoint_app.records.masking import mask_id_number, mask_name, mask_phone
from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.records.transfers import format_transfer_code
from checkpoint_app.storage.staff import Checkpoint
from checkpoint_app.storage.transfers import StoredTransfer

#: Papers are dated in the county's time (the checkpoints are all in China).
CHINA_TIME = timezone(timedelta(hours=8), "北京时间")

CODE_PREFIX = "KDP1:"
UNSIGNED_MARK = "unsigned"


class PaperKind(StrEnum):
    """A kind of paper; the values are the keys of the pack's ``papers.texts``."""

    TURN_BACK = "turn_back"
    HOME_QUARANTINE = "home_quarantine"
    HOME_MONITORING = "home_monitoring"
    ARRIVAL_TEST = "arrival_test"
    HEALTH_CARD = "health_card"
    #: Not a pack text: the slip is the same everywhere, a form for the escort and the site.
    TRANSFER_SLIP = "transfer_slip"

    @property
    def label(self) -> str:
        """The paper's title: "劝返告知书"."""
        return _TITLES[self]

    @property
    def serial_prefix(self) -> str:
        return _SERIAL_PREFIXES[self]


_TITLES = {
    PaperKind.TURN_BACK: "劝返告知书",
    PaperKind.HOME_QUARANTINE: "居家隔离告知书",
    PaperKind.HOME_MONITORING: "居家健康监测告知书",
    PaperKind.ARRIVAL_TEST: "落地检告知书",
    PaperKind.HEALTH_CARD: "健康服务卡",
    PaperKind.TRANSFER_SLIP: "闭环转运单",
}
# Initials of the title's pinyin, so a serial read out on the phone says which paper it is.
_SERIAL_PREFIXES = {
    PaperKind.TURN_BACK: "QF",
    PaperKind.HOME_QUARANTINE: "JG",
    PaperKind.HOME_MONITORING: "JC",
    PaperKind.ARRIVAL_TEST: "LD",
    PaperKind.HEALTH_CARD: "FK",
    PaperKind.TRANSFER_SLIP: "ZY",
}
#: The kinds whose text the policy pack may replace (policy.schema.PAPER_KINDS).
PACK_KINDS = tuple(kind for kind in PaperKind if kind is not PaperKind.TRANSFER_SLIP)

#: The placeholders every template may use (the same names as policy.schema.PAPER_FIELDS).
PLACEHOLDERS = (
    "name",
    "checkpoint",
    "township",
    "township_contact",
    "hotline",
    "days",
    "hours",
    "deadline",
    "date",
    "origin",
    "reason",
    "test_place",
)

DEFAULT_TEXTS: Mapping[PaperKind, str] = {
    PaperKind.TURN_BACK: (
        "{name}：\n"
        "根据县疫情防控指挥部的要求，您本次暂不能进入本县。原因：{reason}。\n"
        "请您即日原路返回{origin}，返回途中做好个人防护，尽量不停留、不聚集。\n"
        "如有疑问，请拨打县疫情防控热线 {hotline}。感谢您的理解与配合！"
    ),
    PaperKind.HOME_QUARANTINE: (
        "{name}：\n"
        "根据县疫情防控指挥部的要求，请您自 {date} 起到{township}的居所居家隔离 {days} 天"
        "（至 {deadline}）。\n"
        "隔离期间请不出门、不接待来访，每天早晚各测一次体温，按乡镇安排接受核酸检测。\n"
        "如出现发热、干咳、乏力等症状，请立即联系乡镇（{township_contact}）"
        "或拨打县疫情防控热线 {hotline}，不要自行就医。"
    ),
    PaperKind.HOME_MONITORING: (
        "{name}：\n"
        "根据县疫情防控指挥部的要求，请您自 {date} 起在{township}居家健康监测 {days} 天"
        "（至 {deadline}）。\n"
        "监测期间非必要不外出，不聚集、不去人员密集场所，外出全程佩戴口罩；"
        "每天早晚各测一次体温，按乡镇安排接受核酸检测。\n"
        "如出现发热、干咳、乏力等症状，请立即联系乡镇（{township_contact}）"
        "或拨打县疫情防控热线 {hotline}。"
    ),
    PaperKind.ARRIVAL_TEST: (
        "{name}：\n"
        "欢迎您来到本县。请您在到达后 {hours} 小时内（{deadline} 前）到{test_place}"
        "完成一次核酸检测（落地检），结果出来前尽量减少外出。\n"
        "乡镇联系电话：{township_contact}；县疫情防控热线：{hotline}。"
    ),
    PaperKind.HEALTH_CARD: (
        "本卡记录您在{checkpoint}的查验情况，请妥善保管，在乡镇、村（社区）查验时出示。\n"
        "如出现发热、干咳、乏力等症状，请拨打县疫情防控热线 {hotline}。"
    ),
}
DEFAULT_TEST_PLACE = "目的地乡镇卫生院或就近核酸采样点"
DEFAULT_HOTLINE = "12345"
DEFAULT_ARRIVAL_TEST_HOURS = 24


def kinds_for(disposition: Disposition) -> tuple[PaperKind, ...]:
    """The papers a traveller with `disposition` may be given, the usual one first.

    A person turned back gets no 健康服务卡: they do not enter the county.
    """
    notice = {
        Disposition.TURN_BACK: PaperKind.TURN_BACK,
        Disposition.HOME_QUARANTINE: PaperKind.HOME_QUARANTINE,
        Disposition.HOME_MONITORING: PaperKind.HOME_MONITORING,
        Disposition.RELEASE_TEST: PaperKind.ARRIVAL_TEST,
    }.get(disposition)
    if notice is PaperKind.TURN_BACK:
        return (notice,)
    return (PaperKind.HEALTH_CARD,) if notice is None else (notice, PaperKind.HEALTH_CARD)


@dataclass(frozen=True, slots=True)
class PaperTexts:
    """What the policy in force says about papers (the built-in texts where it is silent)."""

    hotline: str = DEFAULT_HOTLINE
    township_contacts: Mapping[str, str] = field(default_factory=dict)
    arrival_test_hours: int = DEFAULT_ARRIVAL_TEST_HOURS
    arrival_test_place: str = ""
    templates: Mapping[str, str] = field(default_factory=dict)  # kind value → template

    def template(self, kind: PaperKind) -> str:
        return self.templates.get(kind.value) or DEFAULT_TEXTS[kind]


@dataclass(frozen=True, slots=True)
class PaperStub:
    """The tear-off part the checkpoint keeps: no more than tells which card went to whom."""

    title: str
    serial: str
    masked_name: str
    date: str
    lines: tuple[tuple[str, str], ...] = ()  # more (label, value) rows, e.g. the transfer code


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as printed."""

    kind: PaperKind
    title: str
    serial: str  # "QF-000012"; "（预览）" on a preview, which is never handed out
    checkpoint: str
    paragraphs: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]  # (label, value) as printed
    footer: str
    code: str  # what the QR code carries
    signed: bool
    issued_at: datetime
    stub: PaperStub | None = None
    headline: str = ""  # printed large under the title: "转运码 ABCD-2345"


def format_serial(kind: PaperKind, number: int) -> str:
    return f"{kind.serial_prefix}-{number:06d}"


PREVIEW_SERIAL = "（预览）"


def build_paper(
    kind: PaperKind,
    record: TravellerRecord,
    checkpoint: Checkpoint,
    *,
    number: int | None,
    issued_at: datetime,
    texts: PaperTexts,
    days: int | None = None,
    reasons: Sequence[str] = (),
    signing_key: Ed25519PrivateKey | None = None,
) -> Paper:
    """The paper of `kind` for `record`, numbered `number` (None: a preview, no number).

    `days` is the period of a home quarantine/monitoring (the pack's follow_up); `reasons`
    the policy's reasons for a turn-back, else the record's override reason or notes.
    A transfer slip is made by build_transfer_slip (it needs the transfer).
    """
    if kind is PaperKind.TRANSFER_SLIP:
        raise ValueError("a transfer slip is built from its transfer: build_transfer_slip")
    serial = PREVIEW_SERIAL if number is None else format_serial(kind, number)
    local_issue = issued_at.astimezone(CHINA_TIME)
    arrived = record.checked_at.astimezone(CHINA_TIME)
    township = record.destination_township or checkpoint.township
    reason = "；".join(r for r in reasons if r) or record.override_reason or record.notes
    if days is None:
        days = 14 if kind is PaperKind.HOME_QUARANTINE else 7
    hours = texts.arrival_test_hours
    if kind is PaperKind.ARRIVAL_TEST:
        deadline = _date_time(arrived + timedelta(hours=hours))
    else:
        # Day 1 is the arrival day, as the township counts follow-up days.
        deadline = _day(arrived + timedelta(days=days - 1))
    values = {
        "name": record.name or "旅客",
        "checkpoint": checkpoint.name,
        "township": township or "目的地",
        "township_contact": texts.township_contacts.get(township, "") or texts.hotline,
        "hotline": texts.hotline,
        "days": str(days),
        "hours": str(hours),
        "deadline": deadline,
        "date": _full_date(arrived),
        "origin": record.origin_name or "出发地",
        "reason": reason or "根据当前疫情防控要求",
        "test_place": texts.arrival_test_place or DEFAULT_TEST_PLACE,
    }
    paragraphs = tuple(
        line.strip() for line in texts.template(kind).format_map(values).splitlines() if line
    )
    code, signed = paper_code(
        kind,
        serial,
        record_uuid=record.uuid,
        device_id=checkpoint.device_id,
        issued_at=issued_at,
        signing_key=None if number is None else signing_key,
    )
    footer = _footer(checkpoint.name, texts.hotline, serial, signed=signed)
    stub = None
    if kind is PaperKind.HEALTH_CARD:
        stub = PaperStub(
            f"{kind.label}（存根）", serial, mask_name(record.name), _full_date(local_issue)
        )
    return Paper(
        kind=kind,
        title=kind.label,
        serial=serial,
        checkpoint=checkpoint.name,
        paragraphs=paragraphs,
        fields=_fields(kind, record, days=days, deadline=deadline, arrived=arrived),
        footer=footer,
        code=code,
        signed=signed,
        issued_at=issued_at,
        stub=stub,
    )


SLIP_PARAGRAPHS = (
    "本单随转运人员交接收点。护送人员须将人员直接送达，途中不停留、不下车。",
    "接收点工作人员：在接收确认页扫描下方二维码或输入转运码，确认到达（或未到），并撕下存根留存。",
)


def build_transfer_slip(
    transfer: StoredTransfer,
    record: TravellerRecord,
    checkpoint: Checkpoint,
    *,
    number: int | None,
    issued_at: datetime,
    hotline: str = DEFAULT_HOTLINE,
    signing_key: Ed25519PrivateKey | None = None,
) -> Paper:
    """The 闭环转运单 of `transfer` for `record`, numbered `number` (None: a preview).

    The traveller's ID and the escort's phone are masked; the site learns the full
    details from the county. The QR code carries the transfer code, signed.
    """
    kind = PaperKind.TRANSFER_SLIP
    serial = PREVIEW_SERIAL if number is None else format_serial(kind, number)
    code = format_transfer_code(transfer.code)
    departed = _date_time(transfer.departed_at.astimezone(CHINA_TIME))
    rows = [
        ("姓名", record.name),
        (record.document_type.label, mask_id_number(record.document_number)),
        ("处置", record.disposition.label),
        ("出发卡点", checkpoint.name),
        ("接收点", transfer.site_name),
        ("转运车辆", transfer.plate),
        ("护送人员", transfer.escort_name),
        ("护送人电话", mask_phone(transfer.escort_phone)),
        ("出发时间", departed),
    ]
    qr, signed = paper_code(
        kind,
        serial,
        record_uuid=record.uuid,
        device_id=checkpoint.device_id,
        issued_at=issued_at,
        signing_key=None if number is None else signing_key,
        transfer_code=transfer.code,
    )
    footer = _footer(checkpoint.name, hotline, serial, signed=signed)
    stub = PaperStub(
        f"{kind.label}（接收点存根）",
        serial,
        mask_name(record.name),
        _full_date(issued_at.astimezone(CHINA_TIME)),
        lines=(
            ("转运码", code),
            ("出发卡点", checkpoint.name),
            ("接收点", transfer.site_name),
            ("车辆", f"{transfer.plate} · 出发 {departed}"),
        ),
    )
    return Paper(
        kind=kind,
        title=kind.label,
        serial=serial,
        checkpoint=checkpoint.name,
        paragraphs=SLIP_PARAGRAPHS,
        fields=tuple((label, value) for label, value in rows if value),
        footer=footer,
        code=qr,
        signed=signed,
        issued_at=issued_at,
        stub=stub,
        headline=f"转运码 {code}",
    )


def _fields(
    kind: PaperKind, record: TravellerRecord, *, days: int, deadline: str, arrived: datetime
) -> tuple[tuple[str, str], ...]:
    rows = [
        ("姓名", record.name),
        (record.document_type.label, mask_id_number(record.document_number)),
        ("手机号", mask_phone(record.phone)),
        ("车牌", record.plate),
        ("来源地", record.origin_name),
        ("目的地", record.destination_township),
        ("查验时间", _date_time(arrived)),
        ("体温", "" if record.temperature is None else f"{record.temperature:.1f}℃"),
        ("处置", record.disposition.label),
    ]
    if kind is PaperKind.HOME_QUARANTINE:
        rows.append(("居家隔离", f"{days} 天，至 {deadline}"))
    elif kind is PaperKind.HOME_MONITORING:
        rows.append(("居家健康监测", f"{days} 天，至 {deadline}"))
    elif kind is PaperKind.ARRIVAL_TEST:
        rows.append(("落地检", f"{deadline} 前完成"))
    elif kind is PaperKind.HEALTH_CARD:
        rows[7:7] = [
            ("健康码", record.health_colour.label),
            ("行程卡", record.travel_colour.label),
            ("核酸", record.nat_result.label),
        ]
    return tuple((label, value) for label, value in rows if value)


def _footer(checkpoint: str, hotline: str, serial: str, *, signed: bool) -> str:
    # An unsigned paper (a preview, or no device key yet) says so where a site looks.
    footer = f"{checkpoint} · 县疫情防控热线 {hotline} · 编号 {serial}"
    return footer if signed else footer + " · 未签名"


def _full_date(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日"


def _day(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日"


def _date_time(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


# ------------------------------------------------------------------------ the code


class PaperCodeError(ValueError):
    """A code that is not a paper's, or whose signature does not hold; `.message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class PaperClaim:
    """What a paper's code says, once read back."""

    kind: PaperKind
    serial: str
    record_uuid: str
    device_id: str
    issued_at: datetime
    signed: bool
    transfer_code: str = ""  # a transfer slip's: "ABCD2345"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def paper_code(
    kind: PaperKind,
    serial: str,
    *,
    record_uuid: str,
    device_id: str,
    issued_at: datetime,
    signing_key: Ed25519PrivateKey | None,
    transfer_code: str = "",
) -> tuple[str, bool]:
    """The text of the paper's QR code and whether it is signed."""
    claim: dict[str, str | int] = {
        "k": kind.value,
        "s": serial,
        "r": record_uuid,
        "d": device_id,
        "t": int(issued_at.timestamp()),
    }
    if transfer_code:
        claim["c"] = transfer_code
    body = CODE_PREFIX + _b64(
        json.dumps(claim, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    )
    if signing_key is None:
        return f"{body}.{UNSIGNED_MARK}", False
    return f"{body}.{_b64(signing_key.sign(body.encode('ascii')))}", True


def is_paper_code(text: str) -> bool:
    """Whether `text` (typed or scanned) looks like a paper's code rather than a bare code."""
    return text.strip().startswith(CODE_PREFIX)


def read_paper_code(text: str) -> PaperClaim:
    """What the code `text` claims, its signature NOT checked (to learn which device's key
    checks it); PaperCodeError for text that is not a paper's code."""
    text = text.strip()
    if not text.startswith(CODE_PREFIX) or text.count(".") != 1:
        raise PaperCodeError("不是卡点通告知书上的二维码")
    body, _, signature = text.partition(".")
    try:
        claim = json.loads(_unb64(body.removeprefix(CODE_PREFIX)))
        return PaperClaim(
            kind=PaperKind(claim["k"]),
            serial=str(claim["s"]),
            record_uuid=str(claim["r"]),
            device_id=str(claim["d"]),
            issued_at=datetime.fromtimestamp(int(claim["t"]), CHINA_TIME),
            signed=signature != UNSIGNED_MARK,
            transfer_code=str(claim.get("c", "")),
        )
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise PaperCodeError("告知书二维码内容已损坏") from exc


def verify_paper_code(text: str, device_key: Ed25519PublicKey | None) -> PaperClaim:
    """What the code `text` claims, its signature checked with the device's public key.

    An unsigned code is returned with ``signed=False`` (the caller decides what it is
    worth); a signed one whose signature fails, or any code that is not a paper's, raises
    PaperCodeError. Without `device_key` a signed code cannot be checked and is refused.
    """
    parsed = read_paper_code(text)
    body, _, signature = text.strip().partition(".")
    if not parsed.signed:
        return parsed
    if device_key is None:
        raise PaperCodeError("没有该卡点的设备公钥，无法核验告知书签名")
    try:
        device_key.verify(_unb64(signature), body.encode("ascii"))
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise PaperCodeError("告知书签名不符：二维码被改动，或不是该卡点打印的") from exc
    return parsed


# ------------------------------------------------------------------- receipt printers

#: Characters per line at the printer's standard font (12×24 dots): 58 mm paper has 384
#: printable dots, 80 mm has 576. A Chinese character takes two columns.
RECEIPT_COLUMNS = {58: 32, 80: 48}
RECEIPT_ENCODING = "gb18030"
# FS & selects the Chinese character mode of printers sold in China (GB18030/GBK fonts in
# ROM); python-escpos's code pages are single-byte only, so the text goes raw.
_CHINESE_MODE = b"\x1c\x26"
_TEAR_LINE = "- - - - 沿此线撕下 - - - -"


def _width(text: str) -> int:
    # In the printer's Chinese mode every multi-byte GB18030 character takes two columns,
    # "·" in a plate too (its East Asian width is only "ambiguous").
    return sum(1 if len(c.encode(RECEIPT_ENCODING, errors="replace")) == 1 else 2 for c in text)


def wrap_columns(text: str, columns: int) -> list[str]:
    """`text` broken into lines of at most `columns` printer columns (CJK counts two)."""
    lines: list[str] = []
    line = ""
    for char in text:
        if _width(line + char) > columns:
            lines.append(line)
            line = char.lstrip()
        else:
            line += char
    if line or not lines:
        lines.append(line)
    return lines


def receipt_bytes(paper: Paper, *, paper_mm: int = 58) -> bytes:
    """The ESC/POS commands that print `paper` on a 58 or 80 mm receipt printer, cut at the end."""
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy

    columns = RECEIPT_COLUMNS.get(paper_mm, RECEIPT_COLUMNS[58])
    printer = Dummy()
    printer.hw("INIT")
    printer._raw(_CHINESE_MODE)

    def line(text: str = "", width: int = columns) -> None:
        for part in wrap_columns(text, width):
            printer._raw(part.encode(RECEIPT_ENCODING, errors="replace") + b"\n")

    printer.set(align="center", bold=True, double_height=True, double_width=True)
    line(paper.title, columns // 2)  # double width: half as many characters fit
    printer.set_with_default(align="center")
    line(f"编号 {paper.serial}")
    if paper.headline:
        printer.set(align="center", bold=True, double_height=True, double_width=True)
        line(paper.headline, columns // 2)
        printer.set_with_default()
    printer.set_with_default()
    line("-" * columns)
    for paragraph in paper.paragraphs:
        line(paragraph)
    line("-" * columns)
    for label, value in paper.fields:
        line(f"{label}：{value}")
    printer.set_with_default(align="center")
    printer.qr(paper.code, native=True, size=4 if paper_mm == 58 else 6, ec=QR_ECLEVEL_M)
    if not paper.signed:
        line("未签名")
    printer.set_with_default()
    line(paper.footer)
    if paper.stub is not None:
        line()
        printer.set_with_default(align="center")
        line(_TEAR_LINE)
        line(paper.stub.title)
        printer.set_with_default()
        line(f"编号：{paper.stub.serial}")
        line(f"姓名：{paper.stub.masked_name}")
        line(f"日期：{paper.stub.date}")
        for label, value in paper.stub.lines:
            line(f"{label}：{value}")
    printer.cut()
    return bytes(printer.output)
