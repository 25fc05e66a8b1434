"""Test data from one place: a traveller as the tests register one.

`make_record()` is a complete, valid, unremarkable traveller (green codes, negative NAT
20 hours old, 36.5℃, a scanned ID card and a car); a test passes only what it is about:
`make_record(temperature=38.2)`. `make_bare_record()` is the same traveller with no
identity or contact fields, for rule and policy tests that judge codes and NAT alone.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    FieldSource,
    NatResult,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.records.pledge import Pledge, PledgeMethod, encode_strokes

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=UTC)

#: A valid (checksummed) resident ID number of a fictitious person.
ID_NUMBER = "411623199004151232"

# GB 11643-1999 weights and check characters, written out from the standard so the tests
# do not share the implementation's arithmetic.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def with_check_digit(first17: str) -> str:
    """The 18-character resident ID whose first 17 characters are `first17`."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK_CHARS[total % 11]


def make_id_number(rng: random.Random, region: str = "411623") -> str:
    """A valid resident ID of someone born 1940–2004 in `region`, drawn from `rng`."""
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65))
    return with_check_digit(f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}")


def make_bare_record(*, checked_at: datetime = NOW, **changes: Any) -> TravellerRecord:
    """A released traveller with green codes and a fresh negative NAT, nothing more."""
    values: dict[str, Any] = dict(
        uuid=new_record_uuid(),
        checked_at=checked_at,
        disposition=Disposition.RELEASE,
        temperature=36.5,
        health_colour=CodeColour.GREEN,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=checked_at - timedelta(hours=20),
    )
    values.update(changes)
    return TravellerRecord(**values)


def make_record(*, checked_at: datetime = NOW, **changes: Any) -> TravellerRecord:
    """`make_bare_record` with a name, ID number, phone, plate and travel-card cities."""
    values: dict[str, Any] = dict(
        document_number=ID_NUMBER,
        name="张伟",
        phone="13812345678",
        plate="豫P12345",
        travel_cities=("郑州市", "上海市*"),
        sources={"document_number": FieldSource.SCANNED},
    )
    values.update(changes)
    return make_bare_record(checked_at=checked_at, **values)


# ---------------------------------------------------------------------------- transfers


def make_sites() -> list[Any]:
    """The receiving sites of a county: a quarantine point, a fever clinic, a township."""
    from checkpoint_app.records.transfers import Site, SiteKind

    return [
        Site(1, "商水县第一集中隔离点", SiteKind.QUARANTINE, "城关乡", 80),
        Site(2, "商水县人民医院发热门诊", SiteKind.FEVER_CLINIC, "老城街道办事处", 10),
        Site(3, "谭庄镇接回专班", SiteKind.TOWNSHIP_PICKUP, "谭庄镇", 20),
    ]


def install_site_list(db: Any, sites: list[Any] | None = None, *, version: int = 1) -> None:
    """Put a county-signed site list in use on a workstation, as a verified pull would."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from checkpoint_app.storage.transfers import store_site_list
    from checkpoint_app.sync.protocol import SITE_LIST, sign_document
    from checkpoint_app.sync.transfers import site_list_content, verify_site_list

    key = Ed25519PrivateKey.generate()
    envelope = sign_document(
        key,
        SITE_LIST,
        version=version,
        published_at=NOW,
        content=site_list_content(make_sites() if sites is None else sites),
    )
    pack = verify_site_list(key.public_key(), envelope)
    store_site_list(
        db,
        version=pack.version,
        published_at=pack.published_at,
        content=pack.content,
        envelope=pack.envelope,
        etag="",
    )


# ---------------------------------------------------------------------------- pledges


def make_signature_strokes() -> list[list[tuple[float, float]]]:
    """Two strokes of a short handwritten name across the pad, in canvas units."""
    first = [(60 + 4 * i, 120 - 30 * math.sin(i / 5)) for i in range(40)]
    second = [(260 + 3 * i, 60 + 2 * i) for i in range(30)]
    return [first, second]


def make_pledge(method: str = "paper", *, at: datetime = NOW, **changes: Any) -> Pledge:
    """A recorded pledge of the built-in text: paper slip 12, a signature, or a refusal."""
    kind = PledgeMethod(method)
    values: dict[str, Any] = dict(method=kind, version=0, at=at)
    if kind is PledgeMethod.PAPER:
        values["slip"] = 12
    if kind is PledgeMethod.SCREEN:
        values["strokes"] = encode_strokes(make_signature_strokes())
    values.update(changes)
    return Pledge(**values)
