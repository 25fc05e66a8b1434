"""The record list says whether the checkpoint's people arrived: a transferred traveller's
row reads 转运中 until the receiving site confirms, then, after a real sync with a real
county server, 已到达 with the time; 未到 when the site reports the car came without them;
超时 when no receipt came within the county's limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from checkpoint_app.county.roles import DashboardRole
from checkpoint_app.gui.records_model import COLUMNS, TRANSFER_COLUMN
from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.records.transfers import format_transfer_code
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.sync.client import enroll
from checkpoint_app.workstation.transfers import TransferRequest, record_transfer
from tests.county_fixtures import (
    CountyServer,
    confirm_receipt,
    dashboard_user,
    receiving_sites,
    signed_in,
)
from tests.factories import make_record


def _saved(workstation: Any, disposition: Disposition) -> TravellerRecord:
    record = make_record(
        disposition=disposition,
        checked_at=datetime.now(UTC),
        shift_id=workstation.shift.id,
        staff_id=workstation.registrar.id,
    )
    fever = disposition is Disposition.FEVER_CLINIC
    RecordRepository(workstation.db).save(
        record, flags=RecordFlags(fever=fever, nat_expired=False), staff_id=workstation.registrar.id
    )
    return record


def _state(window: Any, record: TravellerRecord) -> str:
    model = window.model
    for row in range(model.rowCount()):
        item = model.item_at(row)
        if item is not None and item.record.uuid == record.uuid:
            return str(model.index(row, TRANSFER_COLUMN).data())
    raise AssertionError(f"{record.uuid} is not in the list")


def _sync(window: Any, qtbot: Any) -> Any:
    with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000) as finished:
        window.sync.sync_now()
    report = finished.args[0]
    assert report.ok, report.summary()
    return report


def test_a_transferred_persons_row_turns_from_in_flight_to_arrived_after_the_sync(
    main_window: Any, qtbot: Any, county_server: CountyServer, workstation: Any
) -> None:
    assert COLUMNS[TRANSFER_COLUMN] == "转运"
    assert enroll(
        database_folder(workstation.db), county_server.url, county_server.enrollment_code()
    ).ok
    quarantine, clinic = receiving_sites(county_server)
    arriving = _saved(workstation, Disposition.CENTRAL_QUARANTINE)
    missing = _saved(workstation, Disposition.CENTRAL_QUARANTINE)
    late = _saved(workstation, Disposition.FEVER_CLINIC)
    released = _saved(workstation, Disposition.RELEASE)
    _sync(main_window, qtbot)  # the records up, the site list down

    def send(record: TravellerRecord, site_id: int, **kwargs: Any) -> str:
        request = TransferRequest(record.uuid, site_id, "豫PJ0931", "刘红梅", "13912345678")
        return record_transfer(
            workstation.db, request, staff_id=workstation.registrar.id, **kwargs
        ).code

    codes = {
        "arriving": send(arriving, quarantine.id),
        "missing": send(missing, quarantine.id),
        # Left four hours ago: past the county's three hours with no receipt.
        "late": send(late, clinic.id, departed_at=datetime.now(UTC) - timedelta(hours=4)),
    }
    main_window.model.reload()
    assert _state(main_window, arriving) == "转运中"
    assert _state(main_window, late) == "超时"
    assert _state(main_window, released) == ""
    assert _sync(main_window, qtbot).transfers.accepted == 3

    staff = dashboard_user(county_server, DashboardRole.SITE, quarantine.id)
    with signed_in(county_server, staff) as client:
        arrived_at = datetime.now(UTC).astimezone().replace(second=0, microsecond=0)
        answer = confirm_receipt(client, format_transfer_code(codes["arriving"]))
        assert answer.status_code == 200, answer.text
        answer = confirm_receipt(
            client, format_transfer_code(codes["missing"]), outcome="missing", note="车到人未到"
        )
        assert answer.status_code == 200, answer.text
    assert _state(main_window, arriving) == "转运中"  # nothing is known until the sync

    report = _sync(main_window, qtbot)
    assert report.receipts.arrived == 1
    shown = _state(main_window, arriving)
    assert shown.startswith("已到达 ")
    # The county's time of arrival, in this machine's time zone (to the minute).
    assert shown.removeprefix("已到达 ") in {
        (arrived_at + timedelta(minutes=m)).strftime("%m-%d %H:%M") for m in (0, 1)
    }
    assert _state(main_window, missing) == "未到"
    assert _state(main_window, late) == "超时"
