"""Replies the county did not sign never move the workstation (a forged server on 127.0.0.1).

The attack: a machine on the checkpoint's network (or a captive portal) answers the
workstation's sync once with ``401 {"error":"replay","last_sequence":10^18}``. Before,
the workstation lifted its request counter to 10^18 and the real county refused it for
good, even after a new enrollment. Now an unsigned answer changes nothing, a signed one
lifts the counter only within bounds, re-enrollment starts the counter over, and a
county's Retry-After is obeyed within a cap.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from checkpoint_app.sync.client import (
    MAX_RETRY_AFTER_S,
    FailureKind,
    enroll,
    push_pending,
)
from checkpoint_app.sync.keys import (
    ENROLLMENT_FILENAME,
    SEQUENCE_FILENAME,
    current_sequence,
    sync_dir,
)
from checkpoint_app.workstation.sync import sync_once
from tests.county_fixtures import HUGE_SEQUENCE as HUGE


def test_an_unsigned_replay_answer_leaves_the_counter_and_the_real_county_still_syncs(
    enrolled, county_server, forged_county
):
    enrolled.save(2)
    before = current_sequence(enrolled.data_dir)
    fake = replace(enrolled.connection(), server_url=forged_county.url)
    report = push_pending(enrolled.db, fake)
    assert forged_county.requests == 1  # no second try with a lifted counter
    assert report.failure is not None and report.failure.kind is FailureKind.REJECTED
    assert current_sequence(enrolled.data_dir) == before + 1
    # The real county takes the next round as if nothing had happened.
    real = push_pending(enrolled.db, enrolled.connection())
    assert real.failure is None and real.accepted == 2 and real.remaining == 0
    assert county_server.store.device(enrolled.checkpoint.device_id).last_sequence < 10


def test_a_replay_answer_signed_by_the_county_still_lifts_a_restored_counter(enrolled):
    enrolled.save(1)
    push_pending(enrolled.db, enrolled.connection())
    county_last = current_sequence(enrolled.data_dir)
    (sync_dir(enrolled.data_dir) / SEQUENCE_FILENAME).write_text("0\n")
    enrolled.save(1)
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is None and report.remaining == 0
    assert county_last < current_sequence(enrolled.data_dir) < county_last + 10


def test_re_enrolling_starts_the_request_counter_over(enrolled, county_server):
    sequence_file = sync_dir(enrolled.data_dir) / SEQUENCE_FILENAME
    sequence_file.write_text(f"{HUGE}\n")  # stuck by an earlier release's forged answer
    device = county_server.store.device(enrolled.checkpoint.device_id)
    code = county_server.store.issue_enrollment_code(
        device.checkpoint_id, for_device=device.device_id
    )
    result = enroll(enrolled.data_dir, county_server.url, code)
    assert result.ok, result.failure
    assert current_sequence(enrolled.data_dir) == 0
    enrolled.save(1)
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is None and report.accepted == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        (str(10**9), float(MAX_RETRY_AFTER_S)),
        ("Wed, 21 Oct 2015", None),
        ("", None),
    ],
    ids=["seconds", "capped", "http-date-ignored", "absent"],
)
def test_a_busy_county_s_retry_after_is_obeyed_within_a_cap(
    enrolled, forged_county, header, expected
):
    forged_county.status = 503
    forged_county.body = {"error": "storage", "message": "县服务器磁盘已满"}
    forged_county.headers = {"Retry-After": header} if header else {}
    enrolled.save(1)
    before = current_sequence(enrolled.data_dir)
    fake = replace(enrolled.connection(), server_url=forged_county.url)
    report = push_pending(enrolled.db, fake)
    assert report.failure is not None and report.failure.kind is FailureKind.SERVER_ERROR
    assert report.failure.retry_after == expected
    assert report.remaining == 1  # nothing marked delivered
    assert current_sequence(enrolled.data_dir) == before + 1


def test_a_sync_round_against_a_forged_county_reports_and_keeps_every_record(
    enrolled, forged_county
):
    enrolled.save(3)
    pinned = sync_dir(enrolled.data_dir) / ENROLLMENT_FILENAME
    real_url = enrolled.connection().server_url
    pinned.write_text(pinned.read_text("utf-8").replace(real_url, forged_county.url), "utf-8")
    report = sync_once(enrolled.data_dir)
    assert not report.ok and report.pending == 3
    assert "重复" in report.failure.message
