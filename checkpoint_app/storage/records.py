"""Traveller records, their versions, their outbox rows and their scan artefacts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from checkpoint_app.records.masking import mask_id_number
from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    DocumentType,
    FieldSource,
    NatResult,
    TravellerRecord,
)
from checkpoint_app.records.pledge import Pledge, PledgeMethod
from checkpoint_app.storage.access import scrub_reason
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.database import write_transaction
from checkpoint_app.storage.encryption import INTEGRITY_ERRORS, OPERATIONAL_ERRORS
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now


class StorageError(Exception):
    """A save that did not happen; `message` is for the worker, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ScanArtefact:
    """What a scan delivered for a record: the payload, or an image's hashes (never the image)."""

    source: str  # "wedge", "serial", "image", "camera"
    payload_kind: str = ""
    payload: str = ""
    issuer: str = ""
    image_sha256: str = ""
    image_phash: str = ""


@dataclass(frozen=True, slots=True)
class RecordFlags:
    """What the worker was shown at the moment of the check, under the thresholds then in force."""

    fever: bool
    nat_expired: bool
    # A rule of the policy then in force asked for this traveller to be reported to the
    # county command (须报告指挥部); the county lists them as alerts.
    report: bool = False


@dataclass(frozen=True, slots=True)
class SavedRecord:
    uuid: str
    version: int
    saved_at: str


@dataclass(frozen=True, slots=True)
class RecordListItem:
    record: TravellerRecord
    fever: bool
    nat_expired: bool
    synced: bool
    #: people registered in this record's car (0 when it came on foot or alone)
    vehicle_size: int = 0
    #: this record is the driver of its car (the car's first registration)
    is_driver: bool = False


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Which current records a list shows. `shift_id=None` means every shift."""

    shift_id: int | None = None
    colour: CodeColour | None = None
    disposition: Disposition | None = None
    fever_only: bool = False
    expired_nat_only: bool = False
    text: str = ""
    #: only the people of one car
    vehicle_id: str | None = None


_COLUMNS = (
    "uuid",
    "version",
    "shift_id",
    "staff_id",
    "checked_at",
    "document_type",
    "document_number",
    "name",
    "phone",
    "plate",
    "vehicle_id",
    "origin_code",
    "origin_name",
    "destination_township",
    "destination_address",
    "reason",
    "temperature",
    "health_colour",
    "health_payload",
    "health_issuer",
    "travel_colour",
    "travel_cities",
    "nat_result",
    "nat_sampled_at",
    "vaccine_doses",
    "disposition",
    "override_reason",
    "notes",
    "sources",
    "pledge_method",
    "pledge_version",
    "pledge_at",
    "pledge_slip",
    "pledge_strokes",
)
_SELECT = ", ".join(f"r.{c}" for c in _COLUMNS)


def _record_to_row(record: TravellerRecord, flags: RecordFlags) -> dict[str, Any]:
    return {
        "uuid": record.uuid,
        "version": record.version,
        "is_current": 1,
        "shift_id": record.shift_id,
        "staff_id": record.staff_id,
        "checked_at": to_db_time(record.checked_at),
        "saved_at": to_db_time(utc_now()),
        "document_type": record.document_type.value,
        "document_number": record.document_number,
        "document_tail": record.document_number[-4:],
        "name": record.name,
        "phone": record.phone,
        "phone_tail": record.phone[-4:],
        "plate": record.plate,
        "vehicle_id": record.vehicle_id,
        "origin_code": record.origin_code,
        "origin_name": record.origin_name,
        "destination_township": record.destination_township,
        "destination_address": record.destination_address,
        "reason": record.reason,
        "temperature": record.temperature,
        "fever": int(flags.fever),
        "health_colour": record.health_colour.value,
        "health_payload": record.health_payload,
        "health_issuer": record.health_issuer,
        "travel_colour": record.travel_colour.value,
        "travel_cities": json.dumps(list(record.travel_cities), ensure_ascii=False),
        "nat_result": record.nat_result.value,
        "nat_sampled_at": (
            to_db_time(record.nat_sampled_at) if record.nat_sampled_at is not None else None
        ),
        "nat_expired": int(flags.nat_expired),
        "report": int(flags.report),
        "vaccine_doses": record.vaccine_doses,
        "disposition": record.disposition.value,
        "override_reason": record.override_reason,
        "notes": record.notes,
        "sources": json.dumps(
            {k: v.value for k, v in sorted(record.sources.items())}, ensure_ascii=False
        ),
        "pledge_method": record.pledge.method.value,
        "pledge_version": record.pledge.version,
        "pledge_at": to_db_time(record.pledge.at) if record.pledge.at is not None else None,
        "pledge_slip": record.pledge.slip,
        "pledge_strokes": record.pledge.strokes,
    }


def _row_to_record(row: Sequence[Any]) -> TravellerRecord:
    v = dict(zip(_COLUMNS, row, strict=True))
    checked_at = from_db_time(v["checked_at"])
    assert checked_at is not None
    return TravellerRecord(
        uuid=v["uuid"],
        version=v["version"],
        shift_id=v["shift_id"],
        staff_id=v["staff_id"],
        checked_at=checked_at,
        document_type=DocumentType(v["document_type"]),
        document_number=v["document_number"],
        name=v["name"],
        phone=v["phone"],
        plate=v["plate"],
        vehicle_id=v["vehicle_id"],
        origin_code=v["origin_code"],
        origin_name=v["origin_name"],
        destination_township=v["destination_township"],
        destination_address=v["destination_address"],
        reason=v["reason"],
        temperature=v["temperature"],
        health_colour=CodeColour(v["health_colour"]),
        health_payload=v["health_payload"],
        health_issuer=v["health_issuer"],
        travel_colour=CodeColour(v["travel_colour"]),
        travel_cities=tuple(json.loads(v["travel_cities"])),
        nat_result=NatResult(v["nat_result"]),
        nat_sampled_at=from_db_time(v["nat_sampled_at"]),
        vaccine_doses=v["vaccine_doses"],
        disposition=Disposition(v["disposition"]),
        override_reason=v["override_reason"],
        notes=v["notes"],
        sources={k: FieldSource(s) for k, s in json.loads(v["sources"]).items()},
        pledge=Pledge(
            method=PledgeMethod(v["pledge_method"]),
            version=v["pledge_version"],
            at=from_db_time(v["pledge_at"]),
            slip=v["pledge_slip"],
            strokes=v["pledge_strokes"],
        ),
    )


MIN_NAME_PREFIX = 2  # "王" alone is a tenth of China
MIN_CODE_PREFIX = 4  # "豫P12" narrows a plate; "豫P" does not
COUNT_CAP = 1000  # lists say "1000+" rather than count a million rows on the GUI thread


def _upper_bound(prefix: str) -> str:
    # Prefix search as an index range: every string starting with `prefix` sorts below this.
    return prefix + "\U0010ffff"


def _search_condition(text: str) -> tuple[str, list[Any]]:
    """SQL over indexed columns for what a worker types in the search box."""
    query = text.strip().upper().replace(" ", "")
    if not query:
        return "", []
    if query.isdigit() and len(query) == 11:
        return "r.phone = ?", [query]
    if len(query) in (15, 18) and query[:-1].isdigit():
        return "r.document_number = ?", [query]
    if len(query) == 4 and query[:3].isdigit():
        return "(r.document_tail = ? OR r.phone_tail = ?)", [query, query]
    # Names, plates and other documents: exact matches always; prefix matches only once
    # the prefix is selective enough, because "豫P" alone matches most of a million-row
    # store and the list must answer while the worker types.
    name = text.strip()
    clauses = ["r.name = ?", "r.plate = ?", "r.document_number = ?"]
    params: list[Any] = [name, query, query]
    if len(name) >= MIN_NAME_PREFIX:
        clauses.append("(r.name >= ? AND r.name < ?)")
        params += [name, _upper_bound(name)]
    if len(query) >= MIN_CODE_PREFIX:
        clauses.append("(r.plate >= ? AND r.plate < ?)")
        clauses.append("(r.document_number >= ? AND r.document_number < ?)")
        params += [query, _upper_bound(query), query, _upper_bound(query)]
    return "(" + " OR ".join(clauses) + ")", params


def _filter_sql(flt: RecordFilter) -> tuple[str, list[Any]]:
    clauses = ["r.is_current = 1"]
    params: list[Any] = []
    if flt.shift_id is not None:
        clauses.append("r.shift_id = ?")
        params.append(flt.shift_id)
    if flt.colour is not None:
        clauses.append("r.health_colour = ?")
        params.append(flt.colour.value)
    if flt.disposition is not None:
        clauses.append("r.disposition = ?")
        params.append(flt.disposition.value)
    if flt.vehicle_id is not None:
        clauses.append("r.vehicle_id = ?")
        params.append(flt.vehicle_id)
    if flt.fever_only:
        clauses.append("r.fever = 1")
    if flt.expired_nat_only:
        clauses.append("r.nat_expired = 1")
    search_sql, search_params = _search_condition(flt.text)
    if search_sql:
        clauses.append(search_sql)
        params.extend(search_params)
    return " AND ".join(clauses), params


class RecordRepository:
    """Reads and writes records on one connection (one per thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(
        self,
        record: TravellerRecord,
        *,
        flags: RecordFlags,
        artefacts: Iterable[ScanArtefact] = (),
        staff_id: int | None = None,
    ) -> SavedRecord:
        """Write a new record, its outbox row, its artefacts and an audit entry atomically.

        Returns only after COMMIT: the caller may then tell the worker it is saved.
        """
        if record.version != 1:
            raise ValueError("save() writes first versions; use correct() for later ones")
        row = _record_to_row(record, flags)
        try:
            with self.db.atomic():
                self._insert_version(row, artefacts)
                details: dict[str, object] = {"disposition": record.disposition.value}
                if record.override_reason:
                    # A choice against the policy's suggestion is audited with its reason.
                    details["override_reason"] = scrub_reason(record.override_reason)
                append_audit(
                    self.db,
                    "record.saved",
                    staff_id=staff_id,
                    subject=record.uuid,
                    details=details,
                )
        except INTEGRITY_ERRORS as exc:
            if "UNIQUE" in str(exc) and "records" in str(exc):
                raise StorageError("该登记已保存过（重复提交），未重复写入") from exc
            raise StorageError("保存失败，数据未写入：数据校验未通过") from exc
        except OPERATIONAL_ERRORS as exc:
            raise StorageError(f"保存失败，数据未写入：{_explain(exc)}") from exc
        return SavedRecord(record.uuid, record.version, row["saved_at"])

    def correct(
        self,
        record: TravellerRecord,
        *,
        flags: RecordFlags,
        reason: str,
        staff_id: int | None,
    ) -> SavedRecord:
        """Save `record` as the next version; the previous version stays, no longer current."""
        if not reason.strip():
            raise StorageError("更正记录需要填写原因")
        row = _record_to_row(record, flags)
        try:
            with write_transaction(self.db):
                current = self.db.execute(
                    "SELECT version, document_number FROM records"
                    " WHERE uuid = ? AND is_current = 1",
                    [record.uuid],
                ).fetchone()
                if current is None:
                    raise StorageError("找不到要更正的记录")
                if current[0] != record.version - 1:
                    raise StorageError("该记录已被他人更正，请重新打开后再改")
                self.db.execute(
                    "UPDATE records SET is_current = 0 WHERE uuid = ? AND version = ?",
                    [record.uuid, current[0]],
                )
                self._insert_version(row, ())
                append_audit(
                    self.db,
                    "record.corrected",
                    staff_id=staff_id,
                    subject=record.uuid,
                    details={
                        "old_version": current[0],
                        "new_version": record.version,
                        "reason": reason.strip(),
                        "document": mask_id_number(record.document_number),
                    },
                )
        except OPERATIONAL_ERRORS as exc:
            raise StorageError(f"保存失败，数据未写入：{_explain(exc)}") from exc
        return SavedRecord(record.uuid, record.version, row["saved_at"])

    def _insert_version(self, row: dict[str, Any], artefacts: Iterable[ScanArtefact]) -> None:
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        if row["vehicle_id"] is not None:
            # The car's first registration creates it and is its driver; later ones join it.
            self.db.execute(
                "INSERT OR IGNORE INTO vehicles (id, plate, shift_id, created_at, driver_uuid)"
                " VALUES (?, ?, ?, ?, ?)",
                [row["vehicle_id"], row["plate"], row["shift_id"], row["saved_at"], row["uuid"]],
            )
        self.db.execute(f"INSERT INTO records ({names}) VALUES ({marks})", list(row.values()))
        self.db.execute(
            "INSERT INTO outbox (record_uuid, record_version, queued_at) VALUES (?, ?, ?)",
            [row["uuid"], row["version"], row["saved_at"]],
        )
        for a in artefacts:
            self.db.execute(
                "INSERT INTO scan_artefacts (record_uuid, record_version, source, payload_kind,"
                " payload, issuer, image_sha256, image_phash, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    row["uuid"],
                    row["version"],
                    a.source,
                    a.payload_kind,
                    a.payload,
                    a.issuer,
                    a.image_sha256,
                    a.image_phash,
                    row["saved_at"],
                ],
            )

    def get(self, uuid: str, version: int | None = None) -> TravellerRecord | None:
        if version is None:
            sql = f"SELECT {_SELECT} FROM records r WHERE r.uuid = ? AND r.is_current = 1"
            params: list[Any] = [uuid]
        else:
            sql = f"SELECT {_SELECT} FROM records r WHERE r.uuid = ? AND r.version = ?"
            params = [uuid, version]
        row = self.db.execute(sql, params).fetchone()
        return None if row is None else _row_to_record(row)

    def history(self, uuid: str) -> list[TravellerRecord]:
        return [
            _row_to_record(row)
            for row in self.db.execute(
                f"SELECT {_SELECT} FROM records r WHERE r.uuid = ? ORDER BY r.version", [uuid]
            )
        ]

    def list_items(
        self, flt: RecordFilter, *, limit: int = 200, offset: int = 0
    ) -> list[RecordListItem]:
        """Current records matching `flt`, newest check first."""
        where, params = _filter_sql(flt)
        rows = self.db.execute(
            f"SELECT {_SELECT}, r.fever, r.nat_expired, o.synced_at IS NOT NULL,"
            " CASE WHEN r.vehicle_id IS NULL THEN 0 ELSE (SELECT count(*) FROM records m"
            "  WHERE m.vehicle_id = r.vehicle_id AND m.is_current = 1) END,"
            " v.driver_uuid IS NOT NULL AND v.driver_uuid = r.uuid"
            " FROM records r LEFT JOIN outbox o"
            " ON o.record_uuid = r.uuid AND o.record_version = r.version"
            " LEFT JOIN vehicles v ON v.id = r.vehicle_id"
            f" WHERE {where} ORDER BY r.checked_at DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        n = len(_COLUMNS)
        return [
            RecordListItem(
                _row_to_record(row[:n]),
                fever=bool(row[n]),
                nat_expired=bool(row[n + 1]),
                synced=bool(row[n + 2]),
                vehicle_size=int(row[n + 3]),
                is_driver=bool(row[n + 4]),
            )
            for row in rows
        ]

    def apply_to_vehicle(
        self,
        vehicle_id: str,
        disposition: Disposition,
        *,
        reason: str,
        staff_id: int | None,
    ) -> list[SavedRecord]:
        """Give every person of one car `disposition`, as new versions, in one transaction.

        Members that already have it are left alone. Each change is an audited correction
        with `reason`, so the whole car's outcome can be traced back to one decision.
        """
        if not reason.strip():
            raise StorageError("整车处置需要填写原因")
        saved: list[SavedRecord] = []
        try:
            with write_transaction(self.db):
                rows = self.db.execute(
                    f"SELECT {_SELECT}, r.fever, r.nat_expired FROM records r"
                    " WHERE r.vehicle_id = ? AND r.is_current = 1 ORDER BY r.checked_at",
                    [vehicle_id],
                ).fetchall()
                if not rows:
                    raise StorageError("找不到这辆车的登记")
                n = len(_COLUMNS)
                for row in rows:
                    member = _row_to_record(row[:n])
                    if member.disposition == disposition:
                        continue
                    saved.append(
                        self.correct(
                            member.corrected(disposition=disposition),
                            flags=RecordFlags(fever=bool(row[n]), nat_expired=bool(row[n + 1])),
                            reason=reason,
                            staff_id=staff_id,
                        )
                    )
                append_audit(
                    self.db,
                    "vehicle.disposition",
                    staff_id=staff_id,
                    subject=vehicle_id,
                    details={
                        "disposition": disposition.value,
                        "changed": len(saved),
                        "members": len(rows),
                        "reason": reason.strip(),
                    },
                )
        except OPERATIONAL_ERRORS as exc:
            raise StorageError(f"保存失败，数据未写入：{_explain(exc)}") from exc
        return saved

    def count(self, flt: RecordFilter, *, cap: int | None = None) -> int:
        """How many current records match; with `cap`, stops counting at cap + 1."""
        where, params = _filter_sql(flt)
        if cap is None:
            sql = f"SELECT count(*) FROM records r WHERE {where}"
        else:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM records r WHERE {where} LIMIT ?)"
            params = [*params, cap + 1]
        row = self.db.execute(sql, params).fetchone()
        return int(row[0])

    def disposition_counts(self, flt: RecordFilter) -> dict[Disposition, int]:
        where, params = _filter_sql(flt)
        counts = {d: 0 for d in Disposition}
        for value, n in self.db.execute(
            f"SELECT r.disposition, count(*) FROM records r WHERE {where} GROUP BY 1", params
        ):
            counts[Disposition(value)] = n
        return counts

    def pending_count(self) -> int:
        """Records waiting in the outbox for the county."""
        row = self.db.execute("SELECT count(*) FROM outbox WHERE synced_at IS NULL").fetchone()
        return int(row[0])


def storage_failure(exc: Exception) -> StorageError:
    """The Chinese message for an SQLite error that stopped a write (nothing was written)."""
    return StorageError(f"保存失败，数据未写入：{_explain(exc)}")


def _explain(exc: Exception) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "数据库正忙，请稍后重试"
    if "disk" in text or "full" in text:
        return "磁盘已满或无法写入"
    if "readonly" in text:
        return "数据文件只读"
    return "存储出错"


def recent_image_hashes(db: Database, *, since: str, exclude_uuid: str = "") -> list[str]:
    """Perceptual hashes of screenshots used since `since` (ISO UTC) for other travellers."""
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT image_phash FROM scan_artefacts"
            " WHERE image_phash != '' AND created_at >= ? AND record_uuid != ?",
            [since, exclude_uuid],
        )
    ]
