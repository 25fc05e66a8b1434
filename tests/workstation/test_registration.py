"""Registration as the workstation layer sees it: form values in, problems or a saved record out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    FieldSource,
    NatResult,
    new_record_uuid,
)
from checkpoint_app.storage.records import RecordRepository
from checkpoint_app.workstation.registration import (
    CarStep,
    FormValues,
    Problem,
    RegistrationContext,
    Submission,
    build_submission,
    register,
    with_province,
)

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=timezone(timedelta(hours=8)))
ID = "411623199004151232"


@pytest.fixture
def context() -> RegistrationContext:
    return RegistrationContext(default_policy(), load_divisions(), plate_province="豫")


def checked(**changes: object) -> FormValues:
    """A traveller the worker has looked at: green codes and a negative NAT seen on the phone."""
    values = FormValues(
        uuid=new_record_uuid(),
        document_number=ID,
        temperature="36.5",
        health_colour=CodeColour.GREEN,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        disposition=Disposition.RELEASE,
        sources={k: FieldSource.VIEWED for k in ("health_colour", "travel_colour", "nat_result")},
    )
    return replace(values, **changes)  # type: ignore[arg-type]


def test_nothing_checked_is_refused_naming_each_check(context: RegistrationContext) -> None:
    values = FormValues(uuid=new_record_uuid(), document_number=ID, temperature="36.5")
    result = build_submission(values, context, now=NOW)
    assert isinstance(result, list)
    unchecked = [p for p in result if p.field == "override_reason"]
    assert unchecked and "健康码、行程卡、核酸未查验" in unchecked[0].message
    assert "F12" in unchecked[0].message


def test_unchecked_codes_are_saved_only_with_a_written_reason(
    context: RegistrationContext,
) -> None:
    values = FormValues(
        uuid=new_record_uuid(),
        document_number=ID,
        temperature="36.5",
        disposition=Disposition.RELEASE_TEST,
        override_reason="旅客手机没电，无法出示",
    )
    submission = build_submission(values, context, now=NOW)
    assert isinstance(submission, Submission)
    assert submission.record.health_colour is CodeColour.UNKNOWN
    assert submission.record.travel_colour is CodeColour.UNKNOWN
    assert submission.record.nat_result is NatResult.UNCHECKED
    assert submission.assessment.nat_text == "核酸未查验"


def test_a_checked_traveller_becomes_a_submission_with_the_sources_kept(
    context: RegistrationContext,
) -> None:
    submission = build_submission(checked(), context, now=NOW)
    assert isinstance(submission, Submission)
    assert submission.record.temperature == 36.5
    assert submission.record.sources["nat_result"] is FieldSource.VIEWED
    assert submission.assessment.suggested is Disposition.RELEASE


def test_problems_name_the_field_to_fix(context: RegistrationContext) -> None:
    result = build_submission(checked(temperature="3", phone="12"), context, now=NOW)
    assert isinstance(result, list)
    fields = [p.field for p in result]
    assert "temperature" in fields and "phone" in fields
    assert all(isinstance(p, Problem) and p.message for p in result)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("P12345", "豫P12345"),
        ("p12345", "豫P12345"),
        ("PD12345", "豫PD12345"),
        ("沪A12345", "沪A12345"),
    ],
)
def test_a_plate_without_its_province_takes_the_checkpoints_default(
    context: RegistrationContext, typed: str, stored: str
) -> None:
    assert with_province(typed, "豫").upper() == stored
    submission = build_submission(checked(plate=typed), context, now=NOW)
    assert isinstance(submission, Submission)
    assert submission.record.plate == stored


def test_register_saves_the_traveller_with_its_outbox_row(workstation, context) -> None:
    submission = build_submission(checked(), context, now=NOW)
    assert isinstance(submission, Submission)
    registered = register(
        workstation.db,
        submission,
        shift_id=workstation.shift.id,
        staff_id=workstation.registrar.id,
        watch_list=None,
    )
    stored = RecordRepository(workstation.db).get(registered.record.uuid)
    assert stored is not None and stored.document_number == ID
    assert stored.shift_id == workstation.shift.id
    assert RecordRepository(workstation.db).pending_count() == 1


def test_whole_car_disposition_is_saved_with_the_last_person(workstation, context) -> None:
    car_values = {"plate": "豫P12345"}
    first = build_submission(checked(**car_values), context, now=NOW, car_step=CarStep.NEXT_IN_CAR)
    assert isinstance(first, Submission) and first.record.vehicle_id
    register(workstation.db, first, shift_id=workstation.shift.id, staff_id=None, watch_list=None)
    last = build_submission(
        checked(
            **car_values,
            document_number="110105197001010011",
            vehicle_id=first.record.vehicle_id,
            disposition=Disposition.TURN_BACK,
            override_reason="同车人来自高风险地区",
        ),
        context,
        now=NOW,
        car_step=CarStep.WHOLE_CAR,
    )
    assert isinstance(last, Submission)
    registered = register(
        workstation.db, last, shift_id=workstation.shift.id, staff_id=None, watch_list=None
    )
    assert registered.car_changed == 1
    driver = RecordRepository(workstation.db).get(first.record.uuid)
    assert driver is not None and driver.disposition is Disposition.TURN_BACK


def test_a_traveller_the_policy_asks_to_report_is_saved_and_sent_flagged(workstation, context):
    from checkpoint_app.sync.outbox import load_wire

    red = build_submission(
        checked(health_colour=CodeColour.RED, disposition=Disposition.CENTRAL_QUARANTINE),
        context,
        now=NOW,
    )
    green = build_submission(checked(uuid=new_record_uuid()), context, now=NOW)
    assert isinstance(red, Submission) and red.assessment.report  # the built-in 红码 rule
    assert isinstance(green, Submission) and not green.assessment.report
    for submission in (red, green):
        register(workstation.db, submission, shift_id=None, staff_id=None, watch_list=None)

    red_wire = load_wire(workstation.db, red.record.uuid, 1)
    green_wire = load_wire(workstation.db, green.record.uuid, 1)
    assert red_wire is not None and red_wire["report"] is True
    # A record nobody was asked to report keeps the wire form (and hash) it always had.
    assert green_wire is not None and "report" not in green_wire


def test_the_destination_address_is_saved_and_sent_only_when_given(workstation, context):
    from checkpoint_app.sync.outbox import load_wire

    home = build_submission(
        checked(
            disposition=Disposition.HOME_MONITORING,
            override_reason="返乡人员",
            destination_township="谭庄镇",
            destination_address="  李庄村3组12号 ",
        ),
        context,
        now=NOW,
    )
    passing = build_submission(checked(uuid=new_record_uuid()), context, now=NOW)
    assert isinstance(home, Submission) and isinstance(passing, Submission)
    for submission in (home, passing):
        register(workstation.db, submission, shift_id=None, staff_id=None, watch_list=None)

    saved = RecordRepository(workstation.db).get(home.record.uuid)
    assert saved is not None and saved.destination_address == "李庄村3组12号"
    home_wire = load_wire(workstation.db, home.record.uuid, 1)
    passing_wire = load_wire(workstation.db, passing.record.uuid, 1)
    assert home_wire is not None and home_wire["destination_address"] == "李庄村3组12号"
    # Without an address the wire form (and hash) is what it was before the field existed.
    assert passing_wire is not None and "destination_address" not in passing_wire


def test_an_address_longer_than_200_characters_is_refused_by_name(context) -> None:
    result = build_submission(checked(destination_address="李庄村" + "1" * 200), context, now=NOW)
    assert isinstance(result, list)
    assert any(
        p.field == "destination_address" and "目的地址最多200个字" in p.message for p in result
    )
