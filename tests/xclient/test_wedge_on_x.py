"""Wedge scanners and people on a real X display, into the real app, checked in its store.

xdotool types like a USB wedge scanner (2-5 ms per key, Shift pressed for capitals and
symbols, Return about 5 ms after the last key) or like a person (120-200 ms per key).
Every saved record is read back through the app's storage code and must equal what was
typed: nothing lost, nothing wrong, no scan split across two travellers.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from checkpoint_app.records.model import CodeColour
from tests.xclient.xdrive import Keyboard, StoreReader, Traveller, cpu_load, register, travellers

# Where the focus is when the scanner fires: the scan box, then every field a worker may
# have left it in.
STARTS: tuple[tuple[str, ...], ...] = (
    ("F9",),
    ("alt+n",),  # 姓名
    ("alt+p",),  # 手机号
    ("alt+l",),  # 车牌
    ("alt+o",),  # 来源地
)


@dataclass(frozen=True, slots=True)
class Mismatch:
    traveller: Traveller
    found: str


def _check(traveller: Traveller, record: object) -> str | None:
    number = getattr(record, "document_number", None)
    name = getattr(record, "name", None)
    temperature = getattr(record, "temperature", None)
    colour = getattr(record, "health_colour", None)
    if (
        number == traveller.id_number
        and name == traveller.name
        and temperature == float(traveller.temperature)
        and colour is CodeColour.GREEN
    ):
        return None
    return f"number={number!r} name={name!r} temperature={temperature!r} health={colour}"


def _register_all(
    keys: Keyboard,
    store: StoreReader,
    people: list[Traveller],
    shots: Path,
    *,
    timeout: float = 20,
    rescans: int = 0,
) -> list[Mismatch]:
    """Register each traveller and check the record the app saved for them (a screenshot
    of the screen is kept for each one that is wrong). With `rescans`, a traveller whose
    scan was refused (nothing saved) is registered again, as the worker told by the banner
    to scan again does; a record saved wrongly or twice is never forgiven."""
    wrong: list[Mismatch] = []
    expected = store.count()
    for i, person in enumerate(people):
        register(keys, person, start_in=STARTS[i % len(STARTS)])
        expected += 1
        found = store.wait_count(expected, timeout=timeout)
        for _ in range(rescans):
            if found != expected - 1:
                break
            keys.key("Escape", "F9")
            register(keys, person, start_in=STARTS[i % len(STARTS)])
            found = store.wait_count(expected, timeout=timeout)
        if found != expected:
            keys.screenshot(shots / f"traveller-{i:02d}.png")
            wrong.append(Mismatch(person, f"{found - expected + 1} records saved, not 1"))
            expected = found
            keys.key("Escape", "F9")
            continue
        problem = _check(person, store.newest(1)[0])
        if problem:
            keys.screenshot(shots / f"traveller-{i:02d}.png")
            wrong.append(Mismatch(person, problem))
    return wrong


def test_thirty_travellers_registered_keyboard_only_are_stored_exactly(
    keys: Keyboard, store: StoreReader, tmp_path: Path
) -> None:
    before = store.count()
    people = travellers(30, seed=30)
    assert sum(p.id_number.endswith("X") for p in people) >= 10  # Shift inside every third scan
    wrong = _register_all(keys, store, people, tmp_path)
    assert wrong == []
    assert store.count() == before + 30  # nothing saved twice, no half-scan saved


def test_scans_with_both_cores_saturated_are_whole_or_refused_never_split(
    keys: Keyboard, store: StoreReader, tmp_path: Path
) -> None:
    before = store.count()
    people = travellers(8, seed=8)
    with cpu_load(seconds=90):
        wrong = _register_all(keys, store, people, tmp_path, timeout=30, rescans=2)
    # Under load a scan may be refused (the worker scans again); what is saved is right.
    assert wrong == []
    assert store.count() == before + len(people)


def test_a_scan_into_the_name_field_leaves_the_typed_name_and_fills_the_id(
    keys: Keyboard, store: StoreReader
) -> None:
    """The county's case: an ID ending in X scanned while the focus was in 姓名 saved a
    record named `li41072219560619060X`."""
    before = store.count()
    keys.key("alt+n")
    keys.person("li si")
    keys.scan("41072219560619060X")
    time.sleep(0.15)
    keys.person("36.4")
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    record = store.newest(1)[0]
    assert (record.name, record.document_number) == ("li si", "41072219560619060X")  # type: ignore[attr-defined]
    assert record.temperature == 36.4  # type: ignore[attr-defined]


def test_a_second_scan_into_the_temperature_field_changes_no_temperature(
    keys: Keyboard, store: StoreReader
) -> None:
    """Scanned again while the focus is in 体温 with a half-typed value: the temperature
    is not `364107…`; the worker's next keys replace it."""
    before = store.count()
    keys.scan("41072219560619060X")
    time.sleep(0.15)
    keys.person("36")
    keys.scan("41072219560619060X")
    time.sleep(0.15)
    keys.person("36.8")
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    record = store.newest(1)[0]
    assert record.temperature == 36.8  # type: ignore[attr-defined]
    assert record.document_number == "41072219560619060X"  # type: ignore[attr-defined]


def test_a_mixed_case_health_code_url_arrives_whole_and_stays_out_of_the_name(
    keys: Keyboard, store: StoreReader
) -> None:
    url = "https://jkm.henan.gov.cn/Code?id=AbC123xyz"
    before = store.count()
    keys.scan("41072219560619060X")
    time.sleep(0.15)
    keys.person("36.5")
    keys.key("alt+n")
    keys.person("wang wu")
    keys.scan(url)  # the focus is still in 姓名
    time.sleep(0.2)
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    record = store.newest(1)[0]
    assert record.name == "wang wu"  # type: ignore[attr-defined]
    assert record.health_payload == url  # type: ignore[attr-defined]


def test_an_id_typed_by_a_person_is_typed_not_scanned(keys: Keyboard, store: StoreReader) -> None:
    """A worker typing the number into 证件号码 and pressing Enter saves that traveller
    (Enter is Save, not the end of a scan)."""
    before = store.count()
    keys.key("alt+d")
    keys.person("41072219560619060X")
    keys.key("alt+n")
    keys.person("zhao liu")
    keys.key("alt+w")
    keys.person("36.6")
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    record = store.newest(1)[0]
    assert (record.document_number, record.name) == ("41072219560619060X", "zhao liu")  # type: ignore[attr-defined]


def test_a_scan_while_a_dialog_is_open_fills_the_form_after_it_closes(
    keys: Keyboard, store: StoreReader
) -> None:
    before = store.count()
    keys.key("alt+s", "Down", "Return")  # 班次 → 修改PIN…: a modal dialog
    keys.wait_active("PIN")
    dialog = keys.active_window_name()
    keys.person("12")  # the worker had begun typing the old PIN
    keys.scan("41072219560619060X")
    time.sleep(0.3)
    assert keys.active_window_name() == dialog  # the scan's Return did not press OK
    keys.key("Escape")
    keys.wait_active("宁洛高速谭庄站")
    time.sleep(0.6)  # the queued scan is applied once the dialog is gone
    keys.person("36.2")
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    assert store.newest(1)[0].document_number == "41072219560619060X"  # type: ignore[attr-defined]


def test_people_typing_fast_never_make_a_scan(keys: Keyboard, store: StoreReader) -> None:
    """A quick typist (60-110 ms per key) in 姓名: what they type stays in the field."""
    rng = random.Random(5)
    before = store.count()
    keys.scan("41072219560619060X")
    time.sleep(0.15)
    keys.person("37.0")
    keys.key("alt+n")
    name = "".join(rng.choice("abcdefghij") for _ in range(8))
    keys.person(name, low_ms=60, high_ms=110)
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    assert store.newest(1)[0].name == name  # type: ignore[attr-defined]


def test_a_scan_with_the_origin_completer_open_is_one_scan(
    keys: Keyboard, store: StoreReader
) -> None:
    """The completer list takes the keys first: the scan must neither put `4` into 来源地
    nor become a payload of the other 17 digits."""
    before = store.count()
    keys.key("alt+o")
    keys.person("郑州")  # the list of matching places opens
    time.sleep(1.5)  # xdotool sends Chinese characters late
    keys.scan("41072219560619060X")
    time.sleep(0.15)
    keys.person("36.3")
    keys.key("F12", "Return")
    assert store.wait_count(before + 1) == before + 1
    record = store.newest(1)[0]
    assert record.document_number == "41072219560619060X"  # type: ignore[attr-defined]
    assert "4" not in record.origin_name  # type: ignore[attr-defined]
    assert record.health_payload == ""  # type: ignore[attr-defined]


def test_the_scanner_test_dialog_shows_shifted_scans_as_scans(keys: Keyboard) -> None:
    keys.key("alt+t", "Return")  # 工具 → 测试扫码枪…
    keys.wait_active("测试扫码枪")
    for payload in ("41072219560619060X", "https://jkm.henan.gov.cn/Code?id=AbC123xyz"):
        keys.scan(payload)
        time.sleep(0.3)
    assert "测试扫码枪" in keys.active_window_name()  # Return pressed neither Save nor Close
    keys.key("ctrl+a", "ctrl+c")
    log = keys.clipboard()
    keys.key("Escape")
    assert "识别为扫码：41072219560619060X（18 个字符）" in log
    assert "识别为扫码：https://jkm.henan.gov.cn/Code?id=AbC123xyz（42 个字符）" in log
