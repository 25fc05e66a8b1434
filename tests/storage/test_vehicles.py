"""A car and its passengers registered as one group: driver, members, one disposition for all."""

from __future__ import annotations

import uuid

import pytest

from checkpoint_app.records.model import Disposition
from checkpoint_app.storage.audit import verify_audit_chain
from checkpoint_app.storage.records import RecordFilter, RecordRepository, StorageError
from tests.storage.test_store import CLEAR, traveller


@pytest.fixture
def car(workstation):
    """A car of three registered in the registrar's shift, the driver first."""
    repo = RecordRepository(workstation.db)
    vehicle_id = str(uuid.uuid4())
    people = [
        traveller(
            vehicle_id=vehicle_id,
            shift_id=workstation.shift.id,
            document_number=number,
            disposition=Disposition.RELEASE,
        )
        for number in ("411623199004151232", "11010519491231002X", "440524188001010014")
    ]
    for person in people:
        repo.save(person, flags=CLEAR, staff_id=workstation.registrar.id)
    return repo, vehicle_id, people


def test_first_registration_of_a_car_is_its_driver(car):
    repo, vehicle_id, people = car
    items = repo.list_items(RecordFilter(vehicle_id=vehicle_id))
    assert {i.record.uuid for i in items} == {p.uuid for p in people}
    drivers = [i.record.uuid for i in items if i.is_driver]
    assert drivers == [people[0].uuid]
    assert all(i.vehicle_size == 3 for i in items)


def test_people_without_a_car_are_not_grouped(workstation):
    repo = RecordRepository(workstation.db)
    walker = traveller(plate="", shift_id=workstation.shift.id)
    repo.save(walker, flags=CLEAR, staff_id=workstation.registrar.id)
    (item,) = repo.list_items(RecordFilter(shift_id=workstation.shift.id))
    assert item.vehicle_size == 0 and not item.is_driver


def test_turning_back_the_whole_car_changes_every_passenger_and_keeps_history(car, workstation):
    repo, vehicle_id, people = car
    saved = repo.apply_to_vehicle(
        vehicle_id,
        Disposition.TURN_BACK,
        reason="乘客来自高风险地区，整车劝返",
        staff_id=workstation.registrar.id,
    )
    assert len(saved) == 3
    for person in people:
        current = repo.get(person.uuid)
        assert current is not None
        assert current.disposition == Disposition.TURN_BACK
        assert current.version == 2
        assert repo.get(person.uuid, version=1).disposition == Disposition.RELEASE
    actions = [row[0] for row in workstation.db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "vehicle.disposition"
    assert actions.count("record.corrected") == 3
    assert verify_audit_chain(workstation.db) == []
    # Each change waits in the outbox for the county like any correction.
    assert repo.pending_count() == 6


def test_whole_car_disposition_skips_people_who_already_have_it(car, workstation):
    repo, vehicle_id, _ = car
    assert (
        repo.apply_to_vehicle(
            vehicle_id, Disposition.RELEASE, reason="全车放行", staff_id=workstation.registrar.id
        )
        == []
    )


def test_whole_car_disposition_needs_a_reason_and_a_known_car(car, workstation):
    repo, vehicle_id, _ = car
    with pytest.raises(StorageError, match="原因"):
        repo.apply_to_vehicle(vehicle_id, Disposition.TURN_BACK, reason=" ", staff_id=None)
    with pytest.raises(StorageError, match="找不到"):
        repo.apply_to_vehicle("no-such-car", Disposition.TURN_BACK, reason="x", staff_id=None)
