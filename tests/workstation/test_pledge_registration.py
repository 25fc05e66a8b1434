"""The pledge saved with the traveller: one transaction, read back, sent, required by policy."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from checkpoint_app.policy.schema import PledgeSettings, default_policy, parse_policy
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.pledge import NO_PLEDGE, PledgeMethod, decode_strokes
from checkpoint_app.storage.database import open_database
from checkpoint_app.storage.migrations import MIGRATIONS
from checkpoint_app.storage.pledge_slips import next_slip, set_next_slip
from checkpoint_app.storage.records import RecordFilter, RecordFlags, RecordRepository
from checkpoint_app.sync.outbox import load_wire
from checkpoint_app.workstation.registration import (
    RegistrationContext,
    Submission,
    build_submission,
    pledge_for,
    register,
)
from tests.factories import make_pledge, make_signature_strokes
from tests.policy.test_pledges import TEXTS, _content
from tests.workstation.test_registration import checked

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=timezone(timedelta(hours=8)))
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def context() -> RegistrationContext:
    return RegistrationContext(default_policy(), load_divisions(), plate_province="豫")


def _save(workstation, context, **changes):
    submission = build_submission(checked(**changes), context, now=NOW)
    assert isinstance(submission, Submission), submission
    register(workstation.db, submission, shift_id=None, staff_id=None, watch_list=None)
    return submission.record.uuid


@pytest.mark.parametrize("method", ["paper", "screen", "refused"])
def test_the_pledge_is_saved_with_the_traveller_and_sent_to_the_county(
    workstation, context, method
):
    pledge = make_pledge(method, at=NOW)
    uuid = _save(workstation, context, pledge=pledge)
    saved = RecordRepository(workstation.db).get(uuid)
    assert saved is not None and saved.pledge == pledge
    wire = load_wire(workstation.db, uuid, 1)
    assert wire is not None and wire["pledge"]["method"] == method
    if method == "screen":
        assert decode_strokes(wire["pledge"]["strokes"]) == decode_strokes(pledge.strokes)
    if method == "paper":
        assert wire["pledge"]["slip"] == 12


def test_a_traveller_without_a_pledge_is_saved_unsigned_and_sent_as_before(workstation, context):
    uuid = _save(workstation, context)
    saved = RecordRepository(workstation.db).get(uuid)
    assert saved is not None and saved.pledge == NO_PLEDGE
    wire = load_wire(workstation.db, uuid, 1)
    assert wire is not None and "pledge" not in wire


def test_a_correction_keeps_the_pledge_of_the_check(workstation, context):
    uuid = _save(workstation, context, pledge=make_pledge("paper", at=NOW))
    repo = RecordRepository(workstation.db)
    first = repo.get(uuid)
    assert first is not None
    repo.correct(
        first.corrected(notes="补记"),
        flags=RecordFlags(False, False),
        reason="补记备注",
        staff_id=workstation.registrar.id,
    )
    again = repo.get(uuid)
    assert again is not None and again.version == 2 and again.pledge.slip == 12


def test_a_disposition_the_policy_requires_a_pledge_for_is_not_saved_unsigned(context):
    policy = replace(
        default_policy(),
        pledges=PledgeSettings(required_for=frozenset({Disposition.HOME_QUARANTINE})),
    )
    strict = replace(context, policy=policy)
    values = checked(disposition=Disposition.HOME_QUARANTINE, override_reason="返乡人员")
    refused = build_submission(values, strict, now=NOW)
    assert isinstance(refused, list)
    (problem,) = [p for p in refused if p.field == "pledge"]
    assert "居家隔离" in problem.message and "Shift+F12" in problem.message
    # A refusal is an answer: it is recorded, and the policy may act on it.
    for method in (PledgeMethod.PAPER, PledgeMethod.REFUSED):
        pledge = pledge_for(policy, Disposition.HOME_QUARANTINE, method=method, now=NOW, slip=7)
        assert isinstance(
            build_submission(replace(values, pledge=pledge), strict, now=NOW), Submission
        )
    # Released travellers are not asked by this pack.
    assert isinstance(build_submission(checked(), strict, now=NOW), Submission)


def test_a_signature_with_no_strokes_is_refused_before_saving(context):
    pledge = pledge_for(
        default_policy(), Disposition.RELEASE, method=PledgeMethod.SCREEN, now=NOW, strokes=""
    )
    refused = build_submission(checked(pledge=pledge), context, now=NOW)
    assert isinstance(refused, list)
    assert [p.message for p in refused if p.field == "pledge"] == ["屏幕签名没有笔画"]


def test_the_pledge_records_the_text_version_shown_for_the_disposition():
    policy = parse_policy(_content({"texts": TEXTS}))
    home = pledge_for(
        policy, Disposition.HOME_MONITORING, method=PledgeMethod.PAPER, now=NOW, slip=3
    )
    release = pledge_for(
        policy,
        Disposition.RELEASE,
        method=PledgeMethod.SCREEN,
        now=NOW,
        slip=3,
        strokes="x",
    )
    assert (home.version, home.slip, home.strokes) == (4, 3, "")
    assert (release.version, release.slip) == (3, None)


def test_a_store_of_schema_0001_upgrades_and_its_records_read_back_unsigned(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.db", path)
    db = open_database(path)
    assert "0009_pledge" in [m.name for m in MIGRATIONS.applied(db)]
    repo = RecordRepository(db)
    uuids = [row[0] for row in db.execute("SELECT uuid FROM records")]
    assert len(uuids) == repo.count(RecordFilter()) == 3
    assert {repo.get(u).pledge for u in uuids} == {NO_PLEDGE}
    # The upgraded store takes a signed pledge like a new one.
    old = repo.get(uuids[0])
    signed = make_pledge("screen", at=NOW)
    repo.correct(
        old.corrected(pledge=signed), flags=RecordFlags(False, False), reason="补签", staff_id=None
    )
    assert repo.get(uuids[0]).pledge.strokes == signed.strokes
    assert len(decode_strokes(signed.strokes)) == len(make_signature_strokes())


def test_the_slip_pad_moves_past_a_slip_only_when_its_traveller_is_saved(workstation, context):
    db = workstation.db
    assert next_slip(db) == 1
    set_next_slip(db, 300)  # a new pad
    _save(workstation, context, pledge=make_pledge("paper", at=NOW, slip=300))
    assert next_slip(db) == 301
    # A slip from the old pad, typed in afterwards, does not move the pad back.
    _save(workstation, context, pledge=make_pledge("paper", at=NOW, slip=17))
    assert next_slip(db) == 301
