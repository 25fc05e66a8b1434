"""Registering one traveller: what the form holds → problems, or a submission and the
policy's decision; then saving it (with a car's shared disposition) in one transaction.

The form in gui/ only reads its widgets into `FormValues` and shows what comes back:
field keys in `Problem.field` name the widget to put the focus on.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from types import MappingProxyType

from sqlite_utils import Database

from checkpoint_app.policy.evaluate import Decision, evaluate
from checkpoint_app.policy.schema import Policy
from checkpoint_app.records.divisions import DivisionIndex
from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    DocumentType,
    FieldSource,
    NatResult,
    TravellerRecord,
)
from checkpoint_app.records.pledge import (
    NO_PLEDGE,
    Pledge,
    PledgeMethod,
    SignatureError,
    check_pledge,
)
from checkpoint_app.records.validation import (
    FREE_TEXT_LABELS,
    MAX_FIELD_CHARS,
    MAX_TRAVEL_CITIES,
    MAX_TRAVEL_CITIES_TEXT,
    TRAVEL_CITIES_LABEL,
    ValidationError,
    check_document_number,
    check_free_text,
    check_phone,
    check_plate,
    check_sampling_time,
    check_temperature,
    parse_sampling_time,
)
from checkpoint_app.storage.database import write_transaction
from checkpoint_app.storage.encryption import OPERATIONAL_ERRORS
from checkpoint_app.storage.pledge_slips import note_slip_used
from checkpoint_app.storage.preregistration_uses import (
    PreregistrationUse,
    earlier_preregistration_use,
    record_preregistration_use,
)
from checkpoint_app.storage.records import (
    RecordFlags,
    RecordRepository,
    SavedRecord,
    ScanArtefact,
    StorageError,
    storage_failure,
)
from checkpoint_app.watchlist.model import WatchList, match_watch_list
from checkpoint_app.watchlist.store import audit_watch_match


class CarStep(Enum):
    """What the worker asked for with the save: a car is registered as a group."""

    NONE = "none"  # Enter: save; a car being registered ends with this person
    NEXT_IN_CAR = "next_in_car"  # F8: save, then the next person of the same car
    WHOLE_CAR = "whole_car"  # Shift+F8: save, and give this disposition to the whole car


# Fields whose value is a check: never assumed, each must come from somewhere.
CHECK_FIELDS = ("health_colour", "travel_colour", "nat_result")
_CHECK_LABELS = {"health_colour": "健康码", "travel_colour": "行程卡", "nat_result": "核酸"}

# A plate as a wedge scanner or a person without a Chinese input method types it:
# the letter of the issuing city and 5 (or 6, new energy) characters, no province.
_PLATE_WITHOUT_PROVINCE = re.compile(r"^[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$")


def with_province(plate: str, province: str) -> str:
    """`P12345` → `豫P12345` with the checkpoint's default province; other text unchanged."""
    text = plate.strip().upper()
    if province and _PLATE_WITHOUT_PROVINCE.match(text):
        return province + text
    return plate.strip()


def _no_sources() -> Mapping[str, FieldSource]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class FormValues:
    """What the registration form holds, as the worker left it (text as typed)."""

    uuid: str
    version: int = 1
    checked_at: datetime | None = None  # set for a saved record being corrected
    document_type: DocumentType = DocumentType.RESIDENT_ID
    document_number: str = ""
    name: str = ""
    phone: str = ""
    plate: str = ""
    origin_code: str = ""
    origin_name: str = ""
    destination_township: str = ""
    destination_address: str = ""
    reason: str = ""
    temperature: str = ""
    health_colour: CodeColour = CodeColour.UNKNOWN
    health_payload: str = ""
    health_issuer: str = ""
    travel_colour: CodeColour = CodeColour.UNKNOWN
    travel_cities: str = ""
    nat_result: NatResult = NatResult.UNCHECKED
    nat_sampled_at: str = ""
    vaccine_doses: int | None = None
    override_reason: str = ""
    notes: str = ""
    disposition: Disposition | None = None
    vehicle_id: str | None = None
    sources: Mapping[str, FieldSource] = field(default_factory=_no_sources)
    # The digest of the pre-registration code that filled the form (records/
    # preregistration.code_digest), if one did: its use is recorded with the save.
    preregistration_digest: str = ""
    # What the worker recorded of the pledge (承诺书); 未签 unless they did.
    pledge: Pledge = NO_PLEDGE


@dataclass(frozen=True, slots=True)
class RegistrationContext:
    """The rules in force: the county's policy, the divisions, the thermometer's range."""

    policy: Policy
    divisions: DivisionIndex
    temperature_range: tuple[float, float] = (34.0, 43.0)
    plate_province: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why the form cannot be saved yet; `field` names the field to fix (FormValues' names)."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The decision as the worker types, with the two fields that can be half-typed."""

    decision: Decision
    temperature: float | None
    temperature_problem: str
    nat_problem: str
    unchecked: tuple[str, ...]  # CHECK_FIELDS nobody has checked yet


@dataclass(frozen=True, slots=True)
class Submission:
    """A complete registration, ready to save."""

    record: TravellerRecord
    artefacts: tuple[ScanArtefact, ...]
    assessment: Decision
    car_step: CarStep = CarStep.NONE
    preregistration_digest: str = ""  # the code it was filled from, if any


def unchecked_fields(values: FormValues) -> tuple[str, ...]:
    """The checks that have no value yet (codes 未查验, NAT 未查验)."""
    missing = []
    if values.health_colour is CodeColour.UNKNOWN:
        missing.append("health_colour")
    if values.travel_colour is CodeColour.UNKNOWN:
        missing.append("travel_colour")
    if values.nat_result is NatResult.UNCHECKED:
        missing.append("nat_result")
    return tuple(missing)


def unchecked_message(fields: tuple[str, ...]) -> str:
    names = "、".join(_CHECK_LABELS[f] for f in fields)
    return (
        f"{names}未查验：看过手机后按 F12（绿码·行程卡绿·核酸 48 小时内阴性），"
        "或逐项选择；确实无法查验时在「原因」中写明"
    )


def _cities(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.replace("，", ",").split(",") if c.strip())


def _temperature(values: FormValues, context: RegistrationContext) -> float | None:
    text = values.temperature.strip()
    if not text:
        return None
    low, high = context.temperature_range
    return check_temperature(text, low=low, high=high)


def _sampled_at(values: FormValues, now: datetime) -> datetime | None:
    text = values.nat_sampled_at.strip()
    if not text:
        return None
    return check_sampling_time(parse_sampling_time(text, now=now), now=now)


def _record(
    values: FormValues,
    *,
    now: datetime,
    temperature: float | None,
    sampled_at: datetime | None,
    disposition: Disposition,
    plate: str,
) -> TravellerRecord:
    return TravellerRecord(
        uuid=values.uuid,
        version=values.version,
        checked_at=now,
        disposition=disposition,
        document_type=values.document_type,
        document_number=values.document_number.strip(),
        name=values.name.strip(),
        phone=values.phone.strip(),
        plate=plate,
        vehicle_id=values.vehicle_id,
        origin_code=values.origin_code,
        origin_name=values.origin_name,
        destination_township=values.destination_township,
        destination_address=values.destination_address.strip(),
        reason=values.reason.strip(),
        temperature=temperature,
        health_colour=values.health_colour,
        health_payload=values.health_payload,
        health_issuer=values.health_issuer,
        travel_colour=values.travel_colour,
        travel_cities=_cities(values.travel_cities),
        nat_result=values.nat_result,
        nat_sampled_at=sampled_at,
        vaccine_doses=values.vaccine_doses,
        override_reason=values.override_reason.strip(),
        notes=values.notes.strip(),
        sources=dict(values.sources),
        pledge=values.pledge,
    )


def assess(values: FormValues, context: RegistrationContext, *, now: datetime) -> Assessment:
    """The policy's view of the form so far (half-typed fields count as empty)."""
    now = values.checked_at or now
    temperature_problem = nat_problem = ""
    try:
        temperature = _temperature(values, context)
    except ValidationError as exc:
        temperature, temperature_problem = None, exc.message
    try:
        sampled_at = _sampled_at(values, now)
    except ValidationError as exc:
        sampled_at, nat_problem = None, exc.message
    draft = _record(
        values,
        now=now,
        temperature=temperature,
        sampled_at=sampled_at,
        disposition=Disposition.RELEASE,
        plate=values.plate.strip().upper(),
    )
    return Assessment(
        decision=evaluate(draft, context.policy, context.divisions),
        temperature=temperature,
        temperature_problem=temperature_problem,
        nat_problem=nat_problem,
        unchecked=unchecked_fields(values),
    )


def build_submission(
    values: FormValues,
    context: RegistrationContext,
    *,
    now: datetime,
    artefacts: tuple[ScanArtefact, ...] = (),
    car_step: CarStep = CarStep.NONE,
) -> Submission | list[Problem]:
    """The submission, or every problem that stops it (in the order of the form)."""
    now = values.checked_at or now
    problems: list[Problem] = []
    document = values.document_number.strip()
    phone = values.phone.strip()
    if document:
        try:
            document = check_document_number(values.document_type, document, today=now.date())
        except ValidationError as exc:
            problems.append(Problem("document_number", exc.message))
    if phone:
        try:
            phone = check_phone(phone)
        except ValidationError as exc:
            problems.append(Problem("phone", exc.message))
    if not document and not phone:
        problems.append(Problem("document_number", "请扫码或填写证件号码（或手机号）"))
    plate = with_province(values.plate, context.plate_province)
    if plate:
        try:
            plate = check_plate(plate)
        except ValidationError as exc:
            problems.append(Problem("plate", exc.message))
    if car_step is not CarStep.NONE and not plate:
        problems.append(Problem("plate", "同车登记需要车牌：请扫描或填写车牌"))
    # Checked as the boxes hold them, before trimming: a pasted tab, newline or invisible
    # direction mark is refused with its position, never kept or cut silently.
    texts: dict[str, str] = {}
    for name, text in (
        ("name", values.name),
        ("destination_address", values.destination_address),
        ("reason", values.reason),
        ("travel_cities", values.travel_cities),
        ("override_reason", values.override_reason),
        ("notes", values.notes),
    ):
        try:
            texts[name] = check_free_text(
                text,
                FREE_TEXT_LABELS.get(name, TRAVEL_CITIES_LABEL),
                max_chars=MAX_FIELD_CHARS.get(name, MAX_TRAVEL_CITIES_TEXT),
            )
        except ValidationError as exc:
            problems.append(Problem(name, exc.message))
    if len(_cities(texts.get("travel_cities", ""))) > MAX_TRAVEL_CITIES:
        problems.append(Problem("travel_cities", f"{TRAVEL_CITIES_LABEL}最多{MAX_TRAVEL_CITIES}个"))
    temperature: float | None = None
    try:
        temperature = _temperature(values, context)
        if temperature is None:
            problems.append(Problem("temperature", "请填写体温"))
    except ValidationError as exc:
        problems.append(Problem("temperature", exc.message))
    sampled_at: datetime | None = None
    try:
        sampled_at = _sampled_at(values, now)
    except ValidationError as exc:
        problems.append(Problem("nat_sampled_at", exc.message))
    unchecked = unchecked_fields(values)
    if unchecked and not values.override_reason.strip():
        # Nobody looked: saving it anyway is the worker's written decision, never a default.
        problems.append(Problem("override_reason", unchecked_message(unchecked)))
    try:
        check_pledge(values.pledge)
    except SignatureError as exc:
        problems.append(Problem("pledge", exc.message))
    disposition = values.disposition
    if disposition is None:
        problems.append(Problem("disposition", "请选择处置（F1–F7）"))
        return problems
    if context.policy.pledges.required(disposition) and not values.pledge.recorded:
        problems.append(Problem("pledge", pledge_required_message(disposition)))
    record = _record(
        values,
        now=now,
        temperature=temperature,
        sampled_at=sampled_at,
        disposition=disposition,
        plate=plate,
    )
    record = replace(
        record,
        document_number=document,
        phone=phone,
        name=texts.get("name", record.name),
        destination_address=texts.get("destination_address", record.destination_address),
        override_reason=texts.get("override_reason", record.override_reason),
        notes=texts.get("notes", record.notes),
    )
    if car_step is not CarStep.NONE and record.vehicle_id is None:
        record = replace(record, vehicle_id=str(uuid_module.uuid4()))
    decision = evaluate(record, context.policy, context.divisions)
    override = decision.override_problem(disposition, record.override_reason)
    if override:
        problems.append(Problem("override_reason", override))
    if problems:
        return problems
    step = car_step if (car_step is not CarStep.NONE or record.vehicle_id) else CarStep.NONE
    return Submission(record, artefacts, decision, step, values.preregistration_digest)


def pledge_required_message(disposition: Disposition) -> str:
    """Why a traveller given `disposition` cannot be saved with the pledge 未签."""
    return (
        f"防控策略要求「{disposition.label}」的旅客签承诺书："
        "Shift+F12 纸质签字，或 Shift+F11 屏幕签名 / 拒签"
    )


def pledge_for(
    policy: Policy,
    disposition: Disposition,
    *,
    method: PledgeMethod,
    now: datetime,
    slip: int | None = None,
    strokes: str = "",
) -> Pledge:
    """The pledge recorded now for a traveller given `disposition`: the pack's text version
    for that disposition, the time, the slip number or the strokes."""
    return Pledge(
        method=method,
        version=policy.pledges.text_for(disposition).version,
        at=now,
        slip=slip if method is PledgeMethod.PAPER else None,
        strokes=strokes if method is PledgeMethod.SCREEN else "",
    )


@dataclass(frozen=True, slots=True)
class Registered:
    """What was saved: the record, and for Shift+F8 the rest of the car changed with it."""

    record: TravellerRecord
    saved: SavedRecord
    car_changed: int = 0
    watch_matches: int = 0


def register(
    db: Database,
    submission: Submission,
    *,
    shift_id: int | None,
    staff_id: int | None,
    watch_list: WatchList | None,
) -> Registered:
    """Save a traveller — and for Shift+F8 the whole car's disposition, the watch-list
    audit and the use of the pre-registration code it came from — in ONE write
    transaction: a crash leaves all of it or none of it.

    Raises StorageError (a Chinese message) with nothing written.
    """
    record = replace(submission.record, shift_id=shift_id, staff_id=staff_id)
    repo = RecordRepository(db)
    matches = match_watch_list(watch_list, record.document_number, now=record.checked_at)
    changed = 0
    try:
        with write_transaction(db):
            saved = repo.save(
                record,
                flags=RecordFlags(
                    submission.assessment.fever,
                    submission.assessment.nat_expired,
                    report=submission.assessment.report,
                ),
                artefacts=submission.artefacts,
                staff_id=staff_id,
            )
            audit_watch_match(db, record.uuid, matches, staff_id=staff_id)
            if record.pledge.slip is not None:
                note_slip_used(db, record.pledge.slip)
            if submission.preregistration_digest:
                record_preregistration_use(
                    db, submission.preregistration_digest, record.uuid, at=record.checked_at
                )
            if submission.car_step is CarStep.WHOLE_CAR and record.vehicle_id is not None:
                reason = "整车处置：" + (
                    record.override_reason or submission.assessment.explanation
                )
                changed = len(
                    repo.apply_to_vehicle(
                        record.vehicle_id, record.disposition, reason=reason, staff_id=staff_id
                    )
                )
    except OPERATIONAL_ERRORS as exc:  # BEGIN or COMMIT itself failed (busy, disk full)
        raise storage_failure(exc) from exc
    return Registered(record, saved, changed, len(matches))


def earlier_use_of_code(
    db: Database, digest: str, *, current_uuid: str
) -> PreregistrationUse | None:
    """When and for whom (masked) this checkpoint already saved a traveller from the
    pre-registration code `digest`; None if it never did, or only for `current_uuid`
    (the traveller on the form: scanning their code again is no second use).

    Raises StorageError (a Chinese message) when the store cannot be read.
    """
    try:
        return earlier_preregistration_use(db, digest, other_than=current_uuid)
    except OPERATIONAL_ERRORS as exc:
        raise StorageError("无法查询此预登记码是否已在本卡点使用过，请核对是否本人") from exc


__all__ = [
    "CHECK_FIELDS",
    "Assessment",
    "CarStep",
    "FormValues",
    "PreregistrationUse",
    "Problem",
    "Registered",
    "RegistrationContext",
    "StorageError",
    "Submission",
    "assess",
    "build_submission",
    "earlier_use_of_code",
    "register",
    "unchecked_fields",
    "with_province",
]
