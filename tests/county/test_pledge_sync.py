"""The county receives the pledge through a real sync, on both backends."""

from __future__ import annotations

import json

from sqlalchemy import select

from checkpoint_app.county.store import records
from checkpoint_app.records.pledge import decode_strokes
from checkpoint_app.sync.client import push_pending
from tests.county_fixtures import NOW
from tests.factories import make_pledge


def test_the_county_stores_how_each_traveller_signed_the_pledge(enrolled, county_server):
    paper = enrolled.save(pledge=make_pledge("paper", at=NOW, slip=4711))[0]
    screen = enrolled.save(pledge=make_pledge("screen", at=NOW))[0]
    refused = enrolled.save(pledge=make_pledge("refused", at=NOW))[0]
    unsigned = enrolled.save()[0]
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is None and enrolled.unsynced() == []

    with county_server.store.engine.connect() as conn:
        rows = {
            r.uuid: r
            for r in conn.execute(
                select(
                    records.c.uuid,
                    records.c.pledge_method,
                    records.c.pledge_version,
                    records.c.pledge_at,
                    records.c.pledge_slip,
                    records.c.wire,
                ).where(records.c.uuid.in_([paper.uuid, screen.uuid, refused.uuid, unsigned.uuid]))
            )
        }
    assert (rows[paper.uuid].pledge_method, rows[paper.uuid].pledge_slip) == ("paper", 4711)
    assert rows[paper.uuid].pledge_version == 0 and rows[paper.uuid].pledge_at.startswith(
        "2022-04-10T"
    )
    assert rows[refused.uuid].pledge_method == "refused"
    assert (rows[unsigned.uuid].pledge_method, rows[unsigned.uuid].pledge_at) == ("none", None)
    # The signature itself is kept as the county's evidence, in the record as received.
    strokes = json.loads(rows[screen.uuid].wire)["pledge"]["strokes"]
    assert decode_strokes(strokes) == decode_strokes(screen.pledge.strokes)
    assert "pledge" not in json.loads(rows[unsigned.uuid].wire)
