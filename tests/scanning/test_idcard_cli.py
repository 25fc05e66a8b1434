"""`checkpoint-app idcard probe`: the frames and the card, its number starred."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checkpoint_app.app import main as app_main
from tests.scanning.idcard_emulator import EXPIRED, MA_YAN, Fault, ReaderEmulator


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    with ReaderEmulator() as reader:
        yield reader


def probe(emulator: ReaderEmulator, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = app_main(["idcard", "probe", "--port", emulator.url, "--timeout", "0.5"])
    return code, capsys.readouterr().out


def test_probe_prints_every_frame_and_the_card_with_its_number_masked(emulator, capsys):
    emulator.put(MA_YAN)
    code, out = probe(emulator, capsys)
    assert code == 0
    assert "→ AA AA AA 96 69 00 03 20 01 22  寻卡" in out
    assert "← AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97  寻卡" in out
    assert "← AA AA AA 96 69 05 08 00 00 90 …（1284 字节证件信息不显示）…" in out
    assert "读卡成功" in out
    assert "姓名：马䶮" in out and "民族：回" in out
    assert "号码：4116**********111X" in out
    assert "41162319900415111X" not in out
    # The number's digits travel as UCS-2 in the read answer; none of it is printed.
    assert "34 00 31 00 31 00" not in out


def test_probe_of_an_expired_card_warns(emulator, capsys):
    emulator.put(EXPIRED)
    code, out = probe(emulator, capsys)
    assert code == 0
    assert "注意：身份证已过有效期（至 2021-05-01）" in out


def test_probe_of_an_empty_reader_says_there_is_no_card(emulator, capsys):
    code, out = probe(emulator, capsys)
    assert code == 1
    assert "读卡器应答正常，但读卡器上没有证件" in out


def test_probe_of_a_silent_reader_says_it_does_not_answer(emulator, capsys):
    emulator.fault = Fault.SILENT
    code, out = probe(emulator, capsys)
    assert code == 2
    assert "→ AA AA AA 96 69 00 03 20 01 22  寻卡" in out
    assert "读卡失败：读卡器没有应答" in out
