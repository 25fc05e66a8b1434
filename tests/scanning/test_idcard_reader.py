"""The serial driver and the poller against an emulated reader on a real socket."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial

import pytest

from checkpoint_app.scanning.idcard.model import IdCard
from checkpoint_app.scanning.idcard.protocol import ReaderError
from checkpoint_app.scanning.idcard.serial_driver import CardPoller, SerialCardReader
from tests.scanning.idcard_emulator import (
    ADDRESS,
    AYGUL,
    MA_YAN,
    PHOTO_MARKER,
    WANG,
    Fault,
    ReaderEmulator,
)

TIMEOUT = 0.5  # the silent reader's tests wait this long for each command


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    with ReaderEmulator() as reader:
        yield reader


@pytest.fixture
def reader(emulator: ReaderEmulator) -> Iterator[SerialCardReader]:
    with SerialCardReader(emulator.url, timeout=TIMEOUT) as opened:
        yield opened


class Reports:
    """What a poller told its user, in order."""

    def __init__(self) -> None:
        self.cards: list[IdCard] = []
        self.errors: list[str] = []

    def poller(self, emulator: ReaderEmulator) -> CardPoller:
        return CardPoller(
            partial(SerialCardReader, emulator.url, timeout=TIMEOUT),
            on_card=self.cards.append,
            on_error=self.errors.append,
        )


def test_a_card_on_the_reader_is_read_with_every_field_exact(emulator, reader):
    emulator.put(AYGUL)
    card = reader.read_card()
    assert card == IdCard(
        name="阿依古丽·买买提",
        sex="女",
        ethnicity="维吾尔",
        birth_date=date(1985, 11, 2),
        document_number="411623198511020021",
        valid_from=date(2010, 6, 1),
        valid_until=date(2030, 6, 1),
    )
    assert emulator.commands == [b"\x20\x01", b"\x20\x02", b"\x30\x01"]


def test_an_empty_reader_gives_no_card_and_no_error(emulator, reader):
    assert reader.read_card() is None
    assert emulator.commands == [b"\x20\x01"]


def test_neither_address_nor_photo_is_kept_anywhere_in_the_card(emulator, reader):
    emulator.put(MA_YAN)
    card = reader.read_card()
    assert card is not None
    texts = [repr(card), str(card), *(str(getattr(card, f)) for f in card.__slots__)]
    for text in texts:
        assert "谭庄" not in text and ADDRESS not in text
        assert PHOTO_MARKER.decode() not in text


def test_a_card_left_on_the_reader_is_reported_once(emulator):
    reports = Reports()
    poller = reports.poller(emulator)
    emulator.put(MA_YAN)
    for _ in range(5):
        poller.poll_once()
    poller.close()
    assert [c.document_number for c in reports.cards] == ["41162319900415111X"]
    assert reports.errors == []


def test_a_card_lifted_and_put_back_is_reported_again(emulator):
    reports = Reports()
    poller = reports.poller(emulator)
    emulator.put(MA_YAN)
    poller.poll_once()
    emulator.lift()
    poller.poll_once()
    poller.poll_once()
    emulator.put(MA_YAN)
    poller.poll_once()
    poller.close()
    assert [c.name for c in reports.cards] == ["马䶮", "马䶮"]


def test_a_single_missed_find_does_not_read_a_resting_card_twice(emulator):
    reports = Reports()
    poller = reports.poller(emulator)
    emulator.put(MA_YAN)
    poller.poll_once()
    emulator.lift()  # one poll sees no card, as when a module needs a moment after a read
    poller.poll_once()
    emulator.put(MA_YAN)
    poller.poll_once()
    poller.close()
    assert len(reports.cards) == 1


def test_another_card_replacing_the_first_is_reported_at_once(emulator):
    reports = Reports()
    poller = reports.poller(emulator)
    emulator.put(MA_YAN)
    poller.poll_once()
    emulator.replace(WANG)
    poller.poll_once()
    poller.close()
    assert [c.name for c in reports.cards] == ["马䶮", "王秀英"]
    assert reports.cards[1].valid_until is None


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (Fault.BAD_CHECK, "校验位不对"),
        (Fault.BAD_PREAMBLE, "帧头不对"),
        (Fault.BAD_LENGTH, "长度不对"),
        (Fault.UNKNOWN_STATUS, "读卡器返回未知状态 00 00 5A"),
        (Fault.SILENT, "读卡器没有应答"),
    ],
)
def test_a_broken_answer_gives_a_chinese_error_and_no_card(emulator, reader, fault, words):
    emulator.put(MA_YAN)
    emulator.fault = fault
    with pytest.raises(ReaderError) as refused:
        reader.read_card()
    assert words in refused.value.message


def test_the_poller_recovers_after_a_corrupt_frame_and_says_so_once(emulator):
    reports = Reports()
    poller = reports.poller(emulator)
    emulator.put(MA_YAN)
    emulator.fault = Fault.BAD_CHECK
    poller.poll_once()
    poller.poll_once()
    assert reports.cards == []
    assert len(reports.errors) == 1 and "校验位不对" in reports.errors[0]
    emulator.fault = Fault.NONE
    poller.poll_once()
    poller.close()
    assert [c.name for c in reports.cards] == ["马䶮"]


def test_a_reader_that_never_answers_gives_one_error_and_no_card(emulator):
    reports = Reports()
    poller = reports.poller(emulator)
    emulator.put(MA_YAN)
    emulator.fault = Fault.SILENT
    poller.poll_once()
    poller.poll_once()
    poller.close()
    assert reports.cards == []
    assert reports.errors == ["读卡器没有应答：请检查连接线、端口和读卡器电源"]


def test_a_port_that_cannot_be_opened_is_named_in_the_error():
    reports = Reports()
    with ReaderEmulator() as gone:
        url = gone.url
    poller = CardPoller(
        partial(SerialCardReader, url, timeout=TIMEOUT), on_error=reports.errors.append
    )
    poller.poll_once()
    assert len(reports.errors) == 1
    assert reports.errors[0].startswith(f"无法打开读卡器端口 {url}")


def test_no_port_set_is_said_plainly():
    with pytest.raises(ReaderError) as refused:
        SerialCardReader("").open()
    assert refused.value.message == "没有设置读卡器端口"
