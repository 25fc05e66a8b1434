"""Work that reads before it writes takes the write lock first, so a concurrent writer waits
instead of making it fail at once with "database is locked" (a WAL snapshot that went stale)."""

from __future__ import annotations

import threading
import time

from checkpoint_app.storage.database import DATABASE_FILENAME, open_database, write_transaction


def test_a_writer_that_read_first_is_not_refused_when_another_connection_writes(data_dir):
    path = data_dir / DATABASE_FILENAME
    mine = open_database(path)
    other_done = threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            other = open_database(path)
            with other.atomic():
                other.execute("INSERT INTO settings (key, value) VALUES ('other', '1')")
            other.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            other_done.set()

    with write_transaction(mine):
        mine.execute("SELECT count(*) FROM settings").fetchone()  # a read snapshot first
        thread = threading.Thread(target=other_writer)
        thread.start()
        time.sleep(0.3)  # the other connection now waits for our lock (busy timeout)
        assert not other_done.is_set()
        mine.execute("INSERT INTO settings (key, value) VALUES ('mine', '1')")
    thread.join(10)
    assert errors == []
    keys = {r[0] for r in mine.execute("SELECT key FROM settings")}
    assert {"mine", "other"} <= keys
    mine.close()
