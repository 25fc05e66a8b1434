"""Make a county database the way the release before Alembic did (`metadata.create_all`).

Run with THAT release's code first on the path, never with the current tree's:

    git worktree add --detach /tmp/county-release 5ee8dad
    cd /tmp/county-release && PYTHONPATH=. /work/main/.venv/bin/python \\
        /work/main/tests/data/county/make_release_county.py OUT_DIR [POSTGRES_URL]

It starts that release's county server, enrolls real workstations, syncs their records,
imports a handover bundle, publishes a policy pack and a watch list, and adds users with
roles, so every table holds rows. OUT_DIR gets `county/` (the county's keys, which signed
the stored policy pack and watch list) and, without POSTGRES_URL, `county/county.db`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from checkpoint_app.county.auth import hash_password
from checkpoint_app.county.imports import import_bundle_bytes
from checkpoint_app.county.roles import DashboardRole, set_user_role
from checkpoint_app.county.watchlist import add_watch_entry, current_watch_list
from checkpoint_app.resources import resource_path
from checkpoint_app.sync.bundle import export_bundle
from checkpoint_app.sync.client import enroll, push_pending
from tests.county_fixtures import CLEAR, CountyServer, make_station

RELEASE_PASSWORD = "county-release-1"


def main(out: Path, db_url: str | None) -> None:
    server = CountyServer(out, db_url)
    server.start()
    try:
        stations = []
        for name in ("宁洛高速谭庄站", "谭庄镇人民医院门口", "张明乡服务区"):
            station = make_station(out / "stations", name)
            result = enroll(station.data_dir, server.url, server.enrollment_code(name))
            assert result.ok, result.failure
            stations.append(station)
        for count, station in zip((6, 4, 3), stations, strict=True):
            station.save(count)
            pushed = push_pending(station.db, station.connection())
            assert pushed.failure is None, pushed.failure
        # A correction: version 2 of a synced record.
        (first,) = stations[0].save(1)
        corrected = replace(first, version=2, temperature=37.6)
        stations[0].repo.correct(
            corrected, flags=CLEAR, reason="体温录错", staff_id=stations[0].admin.id
        )
        push_pending(stations[0].db, stations[0].connection())
        # Records carried on a stick, imported at the county.
        stations[1].save(2)
        report = export_bundle(stations[1].db, stations[1].data_dir, out / "usb")
        assert report.path is not None, report.error
        outcome = import_bundle_bytes(
            server.store, server.keys, report.path.name, report.path.read_bytes()
        )
        assert outcome.ok, outcome.summary()
        content = json.loads(resource_path("data", "default-policy.json").read_text("utf-8"))
        server.store.publish_policy(server.keys.signing, content)
        for name, role in (
            ("值班员", DashboardRole.VIEWER),
            ("谭庄跟进", DashboardRole.FOLLOW_UP),
            ("管理员", DashboardRole.ADMIN),
        ):
            server.store.add_user(name, hash_password(RELEASE_PASSWORD))
            set_user_role(server.store, name, role, by="命令行")
        add_watch_entry(server.store, "411623198801011234", "密接", days=60, by="管理员")
        current_watch_list(server.store, server.keys.signing)
        server.store.revoke_device(stations[2].checkpoint.device_id)
        for station in stations:
            station.db.close()
    finally:
        server.stop()
        server.store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
