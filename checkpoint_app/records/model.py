"""Values that describe one traveller check.

Enum values are stable codes written to SQLite and sent to the county; the Chinese
labels are what the worker reads (the GUI translates them for the English UI).
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from checkpoint_app.records.pledge import NO_PLEDGE, Pledge


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _DOCUMENT_LABELS[self]


_DOCUMENT_LABELS = {
    DocumentType.RESIDENT_ID: "居民身份证",
    DocumentType.PASSPORT: "护照",
    DocumentType.HK_MACAO_PERMIT: "港澳通行证",
    DocumentType.TAIWAN_PERMIT: "台胞证",
    DocumentType.OTHER: "其他证件",
}


class CodeColour(StrEnum):
    """Colour of a health code or travel card. UNKNOWN means nobody has looked yet."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _COLOUR_LABELS[self]


_COLOUR_LABELS = {
    CodeColour.GREEN: "绿码",
    CodeColour.YELLOW: "黄码",
    CodeColour.RED: "红码",
    CodeColour.GREY: "灰码",
    CodeColour.UNKNOWN: "未查验",
}


class NatResult(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"
    NONE = "none"  # the traveller showed no proof
    UNCHECKED = "unchecked"  # nobody has looked yet: never recorded as a check

    @property
    def label(self) -> str:
        return _NAT_LABELS[self]


_NAT_LABELS = {
    NatResult.NEGATIVE: "阴性",
    NatResult.POSITIVE: "阳性",
    NatResult.NONE: "无证明",
    NatResult.UNCHECKED: "未查验",
}


class Disposition(StrEnum):
    RELEASE = "release"
    RELEASE_TEST = "release_test"
    TURN_BACK = "turn_back"
    CENTRAL_QUARANTINE = "central_quarantine"
    HOME_QUARANTINE = "home_quarantine"
    HOME_MONITORING = "home_monitoring"
    FEVER_CLINIC = "fever_clinic"

    @property
    def label(self) -> str:
        return _DISPOSITION_LABELS[self]

    @property
    def is_release(self) -> bool:
        return self in (Disposition.RELEASE, Disposition.RELEASE_TEST)


_DISPOSITION_LABELS = {
    Disposition.RELEASE: "放行",
    Disposition.RELEASE_TEST: "放行+落地检",
    Disposition.TURN_BACK: "劝返",
    Disposition.CENTRAL_QUARANTINE: "集中隔离",
    Disposition.HOME_QUARANTINE: "居家隔离",
    Disposition.HOME_MONITORING: "居家健康监测",
    Disposition.FEVER_CLINIC: "转运发热门诊",
}


class FieldSource(StrEnum):
    """How a field got its value; the county weighs a typed ID differently from a scanned one."""

    TYPED = "typed"  # typed, or chosen with a key (Ctrl+1, F1…)
    SCANNED = "scanned"
    SCREENSHOT = "screenshot"
    PREREGISTERED = "preregistered"
    ID_CARD = "id_card"  # read from the chip of a second-generation ID card
    VIEWED = "viewed"  # the one "all normal, seen on the phone" key: the worker's statement


class CheckpointKind(StrEnum):
    TOLL_STATION = "toll_station"
    VILLAGE_ROAD = "village_road"

    @property
    def label(self) -> str:
        return "高速收费站" if self is CheckpointKind.TOLL_STATION else "乡村道路"


class StaffRole(StrEnum):
    REGISTRAR = "registrar"
    LEAD = "lead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"registrar": "登记员", "lead": "卡点负责人", "admin": "管理员"}[self.value]


def new_record_uuid() -> str:
    """A fresh record UUID; made when the form opens and used as the sync idempotency key."""
    return str(uuid_module.uuid4())


def _no_sources() -> Mapping[str, FieldSource]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class TravellerRecord:
    """One version of one traveller's check. Corrections are new versions of the same uuid."""

    uuid: str
    checked_at: datetime
    disposition: Disposition
    version: int = 1
    document_type: DocumentType = DocumentType.RESIDENT_ID
    document_number: str = ""
    name: str = ""
    phone: str = ""
    plate: str = ""
    vehicle_id: str | None = None
    origin_code: str = ""
    origin_name: str = ""
    destination_township: str = ""
    # Village or street address the township needs for its follow-up (optional).
    destination_address: str = ""
    reason: str = ""
    temperature: float | None = None
    health_colour: CodeColour = CodeColour.UNKNOWN
    health_payload: str = ""
    health_issuer: str = ""
    travel_colour: CodeColour = CodeColour.UNKNOWN
    travel_cities: tuple[str, ...] = ()
    nat_result: NatResult = NatResult.NONE
    nat_sampled_at: datetime | None = None
    vaccine_doses: int | None = None
    override_reason: str = ""
    notes: str = ""
    sources: Mapping[str, FieldSource] = field(default_factory=_no_sources)
    shift_id: int | None = None
    staff_id: int | None = None
    # The pledge (承诺书): 未签 until the worker records a signature, a slip or a refusal.
    pledge: Pledge = NO_PLEDGE

    def corrected(self, **changes: object) -> TravellerRecord:
        """The next version of this record with `changes` applied."""
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]
