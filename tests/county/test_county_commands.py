"""The county's admin commands against a real server: enroll, import bundles, publish policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checkpoint_app.app import main as app_main
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.policy.pull import PolicyStatus, import_policy_file
from checkpoint_app.sync.bundle import export_bundle
from checkpoint_app.sync.client import push_pending, sync_status
from tests.county_fixtures import CountyServer, Station, make_station


def county(server: CountyServer, *args: str) -> int:
    return county_main([*args, "--db", server.db_url, "--data-dir", str(server.data_dir)])


def export(station: Station, out: Path, **options: object) -> Path:
    report = export_bundle(station.db, station.data_dir, out, **options)  # type: ignore[arg-type]
    assert report.path is not None, report.error
    return report.path


def test_checkpoint_add_prints_a_code_and_its_qr_that_enrolls_a_workstation(
    county_server, tmp_path, capsys
):
    assert (
        county(
            county_server,
            "checkpoint",
            "add",
            "白寺镇村道卡点",
            "--kind",
            "village_road",
            "--township",
            "白寺镇",
        )
        == 0
    )
    out = capsys.readouterr().out
    code = re.search(r"注册码：([A-Z2-7]{8})", out).group(1)
    assert "█" in out or "▀" in out  # the QR, drawn in the terminal
    station = make_station(tmp_path, "白寺镇村道卡点")
    assert (
        app_main(
            [
                "--data-dir",
                str(station.data_dir),
                "enroll",
                "--server",
                county_server.url,
                "--code",
                code,
            ]
        )
        == 0
    )
    assert "白寺镇村道卡点" in capsys.readouterr().out
    assert county(county_server, "devices") == 0
    listing = capsys.readouterr().out
    assert station.checkpoint.device_id in listing and "正常" in listing
    station.db.close()


def test_bundle_import_reports_new_then_refuses_the_same_file_again(
    enrolled, county_server, tmp_path, capsys
):
    enrolled.save(3)
    usb = tmp_path / "usb"
    assert app_main(["export", "--out", str(usb), "--data-dir", str(enrolled.data_dir)]) == 0
    assert "已导出 3 条记录" in capsys.readouterr().out
    [bundle] = usb.iterdir()
    before = county_server.store.record_count()
    assert county(county_server, "import", str(bundle)) == 0
    assert "新增 3 条，已有 0 条，冲突 0 条" in capsys.readouterr().out
    assert county_server.store.record_count() == before + 3
    assert county(county_server, "import", str(bundle)) == 1
    assert "已导入过" in capsys.readouterr().out
    assert county_server.store.record_count() == before + 3


def test_records_imported_by_bundle_then_synced_online_are_not_duplicated(
    enrolled, county_server, tmp_path, capsys
):
    records = enrolled.save(4)
    assert county(county_server, "import", str(export(enrolled, tmp_path / "usb"))) == 0
    before = county_server.store.record_count()
    report = push_pending(enrolled.db, enrolled.connection())
    assert (report.accepted, report.already_had, report.remaining) == (0, 4, 0)
    assert county_server.store.record_count() == before
    for r in records:
        assert len(county_server.store.record_versions(r.uuid)) == 1


def test_a_second_bundle_with_overlapping_records_imports_as_already_had(
    enrolled, county_server, tmp_path, capsys
):
    enrolled.save(2)
    first = export(enrolled, tmp_path / "usb")
    enrolled.save(1)
    everything = export(enrolled, tmp_path / "usb", since_last_export=False)
    assert county(county_server, "import", str(first), str(everything)) == 0
    out = capsys.readouterr().out
    assert "新增 2 条" in out and "新增 1 条，已有 2 条" in out


def test_a_tampered_or_revoked_devices_bundle_is_refused_and_nothing_is_written(
    enrolled, county_server, tmp_path, capsys
):
    enrolled.save(2)
    bundle = export(enrolled, tmp_path / "usb")
    damaged = tmp_path / "damaged.kdtb"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x10
    damaged.write_bytes(bytes(data))
    before = county_server.store.record_count()
    assert county(county_server, "import", str(damaged)) == 1
    assert "篡改" in capsys.readouterr().out
    assert county(county_server, "revoke", enrolled.checkpoint.device_id[:8]) == 0
    assert county(county_server, "import", str(bundle)) == 1
    assert "吊销" in capsys.readouterr().out
    assert county_server.store.record_count() == before


def test_a_policy_with_rules_the_app_cannot_apply_is_not_published(county_server, tmp_path, capsys):
    policy_file = tmp_path / "policy.json"
    policy_file.write_text('{"thresholds": {"fever": 40}}', encoding="utf-8")
    assert county(county_server, "policy", "publish", str(policy_file)) != 0
    assert "未发布" in capsys.readouterr().err


def test_a_policy_published_from_a_file_reaches_the_app_online_and_by_usb(
    enrolled, county_server, tmp_path, capsys
):
    import json

    from checkpoint_app.resources import resource_path

    content = json.loads(resource_path("data", "default-policy.json").read_text("utf-8"))
    content["risk_areas"] = [
        {"code": "310115", "name": "上海市浦东新区", "level": "high", "since": "2022-03-28"}
    ]
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    assert county(county_server, "policy", "publish", str(policy_file)) == 0
    version = int(re.search(r"第 (\d+) 版", capsys.readouterr().out).group(1))
    assert app_main(["sync", "--data-dir", str(enrolled.data_dir)]) == 0
    assert sync_status(enrolled.db, enrolled.data_dir).policy_version == version

    # An offline checkpoint gets the next version on a stick.
    assert county(county_server, "policy", "publish", str(policy_file)) == 0
    exported = tmp_path / "policy.kdtp"
    assert county(county_server, "policy", "export", "--out", str(exported)) == 0
    offline = make_station(tmp_path, "郝岗镇卡点")
    from tests.sync.test_bundle import enroll_offline

    enroll_offline(offline, county_server.keys)
    report = import_policy_file(offline.db, offline.data_dir, exported)
    assert report.status is PolicyStatus.APPLIED and report.version == version + 1
    tampered = tmp_path / "tampered.kdtp"
    tampered.write_bytes(exported.read_bytes().replace(b"37.3", b"38.5"))
    refused = import_policy_file(offline.db, offline.data_dir, tampered)
    assert refused.status is PolicyStatus.REFUSED and refused.version == version + 1
    # Both the change and the refusal are in the workstation's audit log.
    audit = [
        (r[0], r[1])
        for r in offline.db.execute(
            "SELECT action, subject FROM audit_log WHERE action LIKE 'policy.%' ORDER BY id"
        )
    ]
    assert audit == [("policy.applied", str(version + 1)), ("policy.refused", "file")]
    offline.db.close()


def test_keys_init_never_overwrites_the_county_keys(county_server, capsys):
    before = (county_server.data_dir / "county_ed25519.pem").read_bytes()
    assert county(county_server, "keys", "init") == 0
    assert "未覆盖" in capsys.readouterr().out
    assert (county_server.data_dir / "county_ed25519.pem").read_bytes() == before
    assert (county_server.data_dir / "county_x25519.pem").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u@h/db"])
def test_postgres_urls_as_people_write_them_use_psycopg(url):
    from checkpoint_app.county.store import normalise_db_url

    assert normalise_db_url(url) == "postgresql+psycopg://u@h/db"
