"""Child process for the crash test: saves a record, then dies of an unhandled error.

    python -m tests.gui.crash_child DATA_DIR

Saves one record with `RecordRepository.save` and prints its uuid once save() returned
(the worker's "已保存"), installs the GUI crash handler without dialog or restart, and
raises from a Qt slot with the record's ID number, phone and name in the message and in
a local variable, as a careless bug would. The handler ends the process with exit code
CRASH_EXIT_CODE; the parent then reopens the store and reads the report.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from checkpoint_app.gui.crash import install_crash_handler
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from tests.storage.kill_writer import ensure_open_shift, traveller


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1])
    db = open_database(data_dir / DATABASE_FILENAME)
    staff, shift = ensure_open_shift(db)
    record = traveller(7, staff, shift)
    RecordRepository(db).save(
        record, flags=RecordFlags(fever=False, nat_expired=False), staff_id=staff.id
    )
    print(record.uuid, flush=True)

    app = QApplication(argv[:1])
    install_crash_handler(data_dir, show_dialog=False, restart=False)

    def save_next() -> None:
        document_number = record.document_number  # a local value the report must not show
        raise RuntimeError(
            f"保存失败：证件号码 {document_number}，手机 {record.phone}，姓名='{record.name}'"
        )

    QTimer.singleShot(0, save_next)
    app.exec()
    return 0  # not reached: the handler ends the process


if __name__ == "__main__":
    sys.exit(main(sys.argv))
