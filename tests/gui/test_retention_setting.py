"""The retention fallback in 工具 → 设置: 7–365 days, audited, in force until the county's
policy pack gives a period, and honoured by the purge."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from checkpoint_app.gui.dialogs import SettingsDialog
from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.settings import Settings
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.timefmt import to_db_time, utc_now


def _delivered_record(workstation, n: int, *, age_days: int) -> str:
    record = TravellerRecord(
        uuid=f"00000000-0000-4000-8000-{n:012d}",
        checked_at=utc_now() - timedelta(days=age_days),
        document_number=f"41162319900415{n:04d}",
        disposition=Disposition.RELEASE,
        shift_id=workstation.shift.id,
        staff_id=workstation.registrar.id,
    )
    RecordRepository(workstation.db).save(record, flags=RecordFlags(False, False))
    workstation.db.execute(
        "UPDATE outbox SET synced_at = ? WHERE record_uuid = ?",
        [to_db_time(utc_now()), record.uuid],
    )
    workstation.db.conn.commit()
    return record.uuid


def _count(db, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


def test_the_dialog_says_which_retention_period_is_in_force(qtbot):
    own = SettingsDialog(Settings(retention_days=30))
    qtbot.addWidget(own)
    assert own.ui.retentionSpin.minimum() == 7 and own.ui.retentionSpin.maximum() == 365
    assert "现按本设置保留 30 天" in own.ui.retentionInForceLabel.text()
    own.ui.retentionSpin.setValue(14)
    assert "现按本设置保留 14 天" in own.ui.retentionInForceLabel.text()
    assert own.settings().retention_days == 14

    county = SettingsDialog(Settings(retention_days=30), county_retention_days=60)
    qtbot.addWidget(county)
    assert "县指挥部防控策略保留 60 天" in county.ui.retentionInForceLabel.text()
    assert county.ui.retentionInForceLabel.textFormat() == Qt.TextFormat.PlainText


def test_a_lead_shortens_retention_and_the_next_purge_follows_it(
    make_main_window, qtbot, workstation
):
    recent = _delivered_record(workstation, 1, age_days=3)
    _delivered_record(workstation, 2, age_days=15)
    window = make_main_window(staff=workstation.lead)
    # The sign-in purge under the default 30 days keeps both.
    qtbot.waitUntil(
        lambda: (
            _count(
                workstation.db, "SELECT count(*) FROM audit_log WHERE action = 'retention.purged'"
            )
            == 1
        ),
        timeout=10_000,
    )
    assert _count(workstation.db, "SELECT count(*) FROM records") == 2

    def set_ten_days() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.ui.retentionSpin.setFocus()
        dialog.ui.retentionSpin.selectAll()
        qtbot.keyClicks(dialog.ui.retentionSpin, "10")
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, set_ten_days)
    window.open_settings()
    assert window.retention_days() == 10
    audit = workstation.db.execute(
        "SELECT details FROM audit_log WHERE action = 'settings.changed'"
    ).fetchone()[0]
    assert '"retention_days": [30, 10]' in audit

    with qtbot.waitSignal(window.retention_purged, timeout=10_000) as purged:
        window.purgeAction.trigger()
    assert purged.args[0].records_purged == 1 and purged.args[0].retention_days == 10
    assert [r[0] for r in workstation.db.execute("SELECT uuid FROM records")] == [recent]
    assert window.statusBar().currentMessage() == "已清理 1 条超过保留期的记录（保留 10 天）"
    window.close()
