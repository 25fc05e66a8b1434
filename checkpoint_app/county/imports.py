"""Import of end-of-shift bundles, shared by `checkpoint-county import` and the dashboard's form.

One path for both, so a bundle uploaded in the browser is verified exactly as one imported
from the command line: decrypted with the county's key, the manifest's device signature
checked against an enrolled, unrevoked device, replays refused — all before anything is
written — then imported with the same per-record idempotency as online sync.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from checkpoint_app.county.keys import CountyKeys
from checkpoint_app.county.store import CountyError, CountyStore, ImportReport, storage_errors
from checkpoint_app.sync.bundle import MAX_MEMBER_BYTES, BundleRejected, open_bundle

#: The largest bundle file read: its records member may not inflate past the same size,
#: and a stored (uncompressed) one is that size plus a few headers at most.
MAX_BUNDLE_FILE_BYTES = MAX_MEMBER_BYTES


@dataclass(frozen=True, slots=True)
class BundleOutcome:
    """What became of one bundle file: a report, or the reason (Chinese) it was refused."""

    filename: str
    checkpoint_name: str = ""
    report: ImportReport | None = None
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return self.report is not None

    def summary(self) -> str:
        """One line for the terminal or the result page."""
        if self.report is None:
            return f"{self.filename}：已拒绝 — {self.refusal}"
        r = self.report
        return (
            f"{self.filename}：{self.checkpoint_name}，新增 {r.new} 条，"
            f"已有 {r.already_had} 条，冲突 {r.conflicts} 条"
        )


class _Imported:
    """Bundle ids already imported, looked up one at a time (there may be many)."""

    def __init__(self, store: CountyStore) -> None:
        self._store = store

    def __contains__(self, bundle_id: object) -> bool:
        return isinstance(bundle_id, str) and self._store.is_imported(bundle_id)


def import_bundle_bytes(
    store: CountyStore, keys: CountyKeys, filename: str, data: bytes
) -> BundleOutcome:
    """Verify and import one bundle's bytes; never raises for a bad or replayed bundle."""
    try:
        # A database that cannot be read or written (disk full) refuses this file with a
        # message and leaves the caller free to try the next one.
        with storage_errors():
            opened = open_bundle(
                data, keys.sealing, store.active_device_keys(), already_imported=_Imported(store)
            )
            report = store.import_bundle(
                opened.manifest.device_id,
                opened.manifest.bundle_id,
                hashlib.sha256(data).hexdigest(),
                opened.records,
            )
    except (BundleRejected, CountyError) as exc:
        return BundleOutcome(filename, refusal=exc.message)
    return BundleOutcome(filename, opened.manifest.checkpoint_name, report)
