"""Closed-loop transfers (闭环转运): the receiving sites and the transfer code, as values.

A person the checkpoint does not release into the county on their own (集中隔离, 转运发热门诊)
is driven to a receiving site by an escort. The checkpoint writes down where, in which car
and with whom; the site confirms the arrival with the transfer code the escort hands over
(typed, or scanned from the slip). The county names the sites and signs their list.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from checkpoint_app.records.model import Disposition

#: No 0/O, 1/I/L: a code read aloud over a phone or copied from a slip is never ambiguous.
TRANSFER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRANSFER_CODE_LENGTH = 8
_CODE = re.compile(f"[{TRANSFER_CODE_ALPHABET}]{{{TRANSFER_CODE_LENGTH}}}")
MAX_SITE_NAME_CHARS = 100
MAX_ESCORT_NAME_CHARS = 20
MAX_RECEIPT_NOTE_CHARS = 200


class SiteKind(StrEnum):
    QUARANTINE = "quarantine_site"  # 集中隔离点
    FEVER_CLINIC = "fever_clinic"  # 发热门诊
    TOWNSHIP_PICKUP = "township_pickup"  # 乡镇接回（点对点接回）

    @property
    def label(self) -> str:
        return {
            "quarantine_site": "集中隔离点",
            "fever_clinic": "发热门诊",
            "township_pickup": "乡镇接回",
        }[self.value]


class ReceiptOutcome(StrEnum):
    """What the site confirmed: the person arrived, or the car came without them."""

    RECEIVED = "received"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return "已接收" if self is ReceiptOutcome.RECEIVED else "未到"


#: The sites a disposition sends a person to. 集中隔离 goes to a quarantine point, or the
#: township fetches the person point to point (点对点接回) and takes them there itself.
SITE_KINDS_FOR: dict[Disposition, tuple[SiteKind, ...]] = {
    Disposition.CENTRAL_QUARANTINE: (SiteKind.QUARANTINE, SiteKind.TOWNSHIP_PICKUP),
    Disposition.FEVER_CLINIC: (SiteKind.FEVER_CLINIC,),
}


def needs_transfer(disposition: Disposition) -> bool:
    """Whether a person with `disposition` leaves the checkpoint in a closed loop."""
    return disposition in SITE_KINDS_FOR


@dataclass(frozen=True, slots=True)
class Site:
    """A receiving site as the county's signed list names it."""

    id: int
    name: str
    kind: SiteKind
    township: str
    capacity: int

    @property
    def label(self) -> str:
        """ "商水县第一隔离点（集中隔离点，城关乡）" — what a chooser shows."""
        where = f"，{self.township}" if self.township else ""
        return f"{self.name}（{self.kind.label}{where}）"


def sites_for(disposition: Disposition, sites: tuple[Site, ...] | list[Site]) -> list[Site]:
    """The sites a person with `disposition` may be sent to, in the list's order."""
    kinds = SITE_KINDS_FOR.get(disposition, ())
    return [site for site in sites if site.kind in kinds]


def new_transfer_code() -> str:
    """Eight characters from TRANSFER_CODE_ALPHABET (about 40 bits, from `secrets`)."""
    return "".join(secrets.choice(TRANSFER_CODE_ALPHABET) for _ in range(TRANSFER_CODE_LENGTH))


def format_transfer_code(code: str) -> str:
    """ "ABCD2345" → "ABCD-2345", as printed on the slip and shown on screens."""
    return f"{code[:4]}-{code[4:]}" if len(code) == TRANSFER_CODE_LENGTH else code


def normalise_transfer_code(text: str) -> str | None:
    """The code in what a person typed or a scanner sent ("abcd-2345", " ABCD 2345 "),
    or None when it cannot be one. A character outside the alphabet (O, 0, I, 1, L) is
    refused, not guessed at: the code on the slip never holds one."""
    cleaned = "".join(text.split()).replace("-", "").replace("－", "").upper()
    return cleaned if _CODE.fullmatch(cleaned) else None
