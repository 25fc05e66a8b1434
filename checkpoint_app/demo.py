"""A realistic shift at a 商水县 toll station, so a newcomer sees a living app (`--demo`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlite_utils import Database
from stdnum.cn import ric

from checkpoint_app.records.assessment import Thresholds, assess
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import (
    CheckpointKind,
    CodeColour,
    Disposition,
    DocumentType,
    FieldSource,
    NatResult,
    StaffRole,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.storage.records import RecordFlags, RecordRepository, ScanArtefact
from checkpoint_app.storage.staff import (
    add_staff,
    close_shift,
    get_checkpoint,
    open_shift,
    set_up_checkpoint,
)
from checkpoint_app.storage.timefmt import to_db_time

DEMO_PIN = "246810"
DEMO_REGISTRAR = "王建国"

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建国志强红梅海燕玉兰春生文华"
# Mostly from around Zhoukou, some from afar; 上海 and 长春 had high-risk areas in April 2022.
_ORIGINS = [
    "411602",
    "411603",
    "411622",
    "411624",
    "411625",
    "411627",
    "411681",
    "410105",
    "411400",
    "411700",
    "411500",
] * 4 + ["330100", "440300", "340100", "420100", "110105", "310115", "220100"]
_REASONS = ("返乡", "探亲访友", "务工", "物流运输", "公务", "就医", "过境")
_VILLAGES = ("李庄村", "王楼村", "小河社区", "前营村", "杨湾村", "新集村")
_TOWNSHIPS = (
    "谭庄镇",
    "城关乡",
    "张明乡",
    "郝岗镇",
    "大武乡",
    "白寺镇",
    "固墙镇",
    "魏集镇",
    "黄寨镇",
    "化河乡",
    "张庄镇",
    "汤庄乡",
    "东城街道",
    "老城街道",
    "新城街道",
)
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    name: str
    pin: str


def _id_number(rng: random.Random, region: str, now: datetime) -> str:
    birth = now.date() - timedelta(days=rng.randint(18 * 365, 75 * 365))
    body = f"{region}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # the function skips the last character


def _plate(rng: random.Random, province: str = "豫", city: str = "P") -> str:
    tail = "".join(rng.choice("0123456789" + _PLATE_LETTERS[:8]) for _ in range(4))
    return f"{province}{city}{rng.choice('0123456789')}{tail}"


def _traveller(
    rng: random.Random, when: datetime, shift_id: int, staff_id: int, plate: str
) -> TravellerRecord:
    origin = rng.choice(_ORIGINS)
    division = load_divisions().get(origin)
    health = rng.choices([CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED], weights=[90, 8, 2])[
        0
    ]
    risky_origin = origin in ("310115", "220100")
    travel = CodeColour.YELLOW if risky_origin else CodeColour.GREEN
    temperature = round(rng.gauss(36.5, 0.25), 1)
    if rng.random() < 0.03:
        temperature = round(rng.uniform(37.4, 38.6), 1)
    nat_hours = rng.choice([6, 12, 20, 26, 31, 40, 44, 47, 52, 70])
    record = TravellerRecord(
        uuid=new_record_uuid(),
        checked_at=when,
        disposition=Disposition.RELEASE,
        document_type=DocumentType.RESIDENT_ID,
        document_number=_id_number(rng, rng.choice(["411623", "411602", origin]), when),
        name=rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice([1, 2]))),
        phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
        plate=plate,
        origin_code=origin,
        origin_name=division.full_name if division else "",
        destination_township=rng.choice(_TOWNSHIPS),
        reason=rng.choice(_REASONS),
        temperature=temperature,
        health_colour=health,
        travel_colour=travel,
        travel_cities=(
            ("上海市*",) if origin == "310115" else ("长春市*",) if origin == "220100" else ()
        ),
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=when - timedelta(hours=nat_hours, minutes=rng.randint(0, 59)),
        vaccine_doses=rng.choice([2, 3, 3, 3]),
        sources={"document_number": FieldSource.SCANNED, "temperature": FieldSource.TYPED},
        shift_id=shift_id,
        staff_id=staff_id,
    )
    suggestion = assess(record, Thresholds()).suggested
    disposition = Disposition.TURN_BACK if risky_origin and rng.random() < 0.7 else suggestion
    override = ""
    if disposition is Disposition.TURN_BACK and suggestion.is_release:
        override = "来自中高风险地区，按县指挥部通知劝返"
    address = ""
    if not disposition.is_release or rng.random() < 0.2:
        # Those the township follows up give where they stay: a village, a group, a house.
        address = f"{rng.choice(_VILLAGES)}{rng.randint(1, 9)}组{rng.randint(1, 60)}号"
    return replace(
        record, disposition=disposition, override_reason=override, destination_address=address
    )


def _fill_shift(
    repo: RecordRepository,
    rng: random.Random,
    shift_id: int,
    staff_id: int,
    start: datetime,
    hours: float,
    count: int,
) -> None:
    moments = sorted(start + timedelta(seconds=rng.uniform(0, hours * 3600)) for _ in range(count))
    i = 0
    while i < len(moments):
        # At a toll station people arrive by car, often two or three together.
        plate = _plate(rng) if rng.random() < 0.85 else _plate(rng, "沪", "B")
        group = rng.choice([1, 1, 1, 2, 2, 3])
        # A car of two or more is registered as a group (F8), the driver first.
        vehicle_id = new_record_uuid() if group > 1 else None
        for when in moments[i : i + group]:
            record = replace(
                _traveller(rng, when, shift_id, staff_id, plate), vehicle_id=vehicle_id
            )
            assessment = assess(record, Thresholds())
            repo.save(
                record,
                flags=RecordFlags(assessment.fever, assessment.nat_expired),
                artefacts=[ScanArtefact(source="wedge", payload_kind="id_number")],
                staff_id=staff_id,
            )
        i += group


def seed_demo(db: Database, *, now: datetime, seed: int = 20220410) -> DemoLogin:
    """Fill an empty store with a checkpoint, three staff, two closed shifts and an open one."""
    if get_checkpoint(db) is not None:
        return DemoLogin(DEMO_REGISTRAR, DEMO_PIN)
    rng = random.Random(seed)
    _, admin = set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin=DEMO_PIN,
    )
    lead = add_staff(db, "李秀英", StaffRole.LEAD, DEMO_PIN, by_staff_id=admin.id)
    registrar = add_staff(db, DEMO_REGISTRAR, StaffRole.REGISTRAR, DEMO_PIN, by_staff_id=admin.id)
    repo = RecordRepository(db)
    for staff, hours_ago in ((lead, 31), (admin, 19)):
        shift = open_shift(db, staff)
        start = now - timedelta(hours=hours_ago)
        db.execute("UPDATE shifts SET started_at = ? WHERE id = ?", [to_db_time(start), shift.id])
        _fill_shift(repo, rng, shift.id, staff.id, start, 11.5, 160)
        close_shift(db, shift.id, staff=staff, note="交接正常")
    with db.atomic():
        db.execute("UPDATE outbox SET synced_at = queued_at")  # earlier shifts reached the county
    shift = open_shift(db, registrar)
    start = now - timedelta(hours=6, minutes=40)
    db.execute("UPDATE shifts SET started_at = ? WHERE id = ?", [to_db_time(start), shift.id])
    _fill_shift(repo, rng, shift.id, registrar.id, start, 6.5, 96)
    return DemoLogin(DEMO_REGISTRAR, DEMO_PIN)
