"""A record filled from the ID-card reader reaches the county with its fields marked id_card."""

from __future__ import annotations

import json

from sqlalchemy import select

from checkpoint_app.county.store import records as county_records
from checkpoint_app.records.model import FieldSource
from checkpoint_app.scanning.idcard.serial_driver import SerialCardReader
from checkpoint_app.sync.client import push_pending
from checkpoint_app.sync.protocol import parse_wire_record, record_to_wire
from tests.county_fixtures import county_server, enrolled, station  # noqa: F401
from tests.scanning.idcard_emulator import MA_YAN, ReaderEmulator

FROM_CARD = {"name": FieldSource.ID_CARD, "document_number": FieldSource.ID_CARD}


def _card_from_reader():
    with ReaderEmulator() as emulator, SerialCardReader(emulator.url, timeout=0.5) as reader:
        emulator.put(MA_YAN)
        card = reader.read_card()
    assert card is not None
    return card


def test_id_card_sources_survive_the_wire_format(station):  # noqa: F811
    card = _card_from_reader()
    [record] = station.save(name=card.name, document_number=card.document_number, sources=FROM_CARD)
    wire = record_to_wire(record, fever=False, nat_expired=False)
    assert wire["sources"] == {"document_number": "id_card", "name": "id_card"}
    assert parse_wire_record(json.loads(json.dumps(wire))).record.sources == FROM_CARD


def test_the_county_accepts_and_stores_a_record_read_from_an_id_card(enrolled, county_server):  # noqa: F811
    card = _card_from_reader()
    [record] = enrolled.save(
        name=card.name, document_number=card.document_number, sources=FROM_CARD
    )
    report = push_pending(enrolled.db, enrolled.connection())
    assert (report.accepted, report.conflicts, report.failure) == (1, 0, None)
    with county_server.store.engine.connect() as conn:
        stored = conn.execute(
            select(county_records.c.wire).where(county_records.c.uuid == record.uuid)
        ).scalar_one()
    at_county = parse_wire_record(json.loads(stored)).record
    assert at_county.sources == FROM_CARD
    assert (at_county.name, at_county.document_number) == ("马䶮", "41162319900415111X")
