"""Settings kept in the store, so they travel with the data folder and are audited."""

from __future__ import annotations

import json

from sqlite_utils import Database

from checkpoint_app.settings import Settings
from checkpoint_app.storage.audit import append_audit

_KEY = "workstation"


def load_settings(db: Database) -> Settings:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [_KEY]).fetchone()
    if row is None:
        return Settings()
    try:
        data = json.loads(row[0])
    except json.JSONDecodeError:
        return Settings()
    return Settings.from_json(data if isinstance(data, dict) else {})


def save_settings(db: Database, settings: Settings, *, staff_id: int | None) -> None:
    old = load_settings(db).to_json()
    new = settings.to_json()
    changed = {k: [old[k], v] for k, v in new.items() if old.get(k) != v}
    with db.atomic():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [_KEY, json.dumps(new, ensure_ascii=False, sort_keys=True)],
        )
        if changed:
            append_audit(db, "settings.changed", staff_id=staff_id, details=changed)
