"""What a USB barcode scanner (a keyboard that types a line) or a decoded QR delivered.

`parse_payload` cleans the text, refuses what could fool the worker or corrupt a
record (control characters, bidirectional overrides, invisible characters,
oversize input), and says what the text is: an ID number, a plate, a phone, a
health code, a pre-registration code, or unknown.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from checkpoint_app.records.preregistration import is_preregistration_text
from checkpoint_app.records.validation import (
    ValidationError,
    check_id_number,
    check_phone,
    check_plate,
)
from checkpoint_app.resources import resource_path

MAX_PAYLOAD_LENGTH = 512


class PayloadKind(StrEnum):
    ID_NUMBER = "id_number"
    PLATE = "plate"
    PHONE = "phone"
    HEALTH_CODE = "health_code"
    #: A county-signed pre-registration code (records/preregistration.py); the signature
    #: is checked by whoever holds the pinned county key, not here.
    PREREGISTRATION = "preregistration"
    UNKNOWN = "unknown"


class PayloadRejected(ValueError):
    """Scanned text that must not be used; `.message` is the Chinese text to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedPayload:
    """A scan, classified.

    `raw` is the scanned text without its line terminator and surrounding spaces;
    `value` is the normalised form for the field it fills (equal to `raw` for a
    health code or unknown text).
    """

    kind: PayloadKind
    value: str
    raw: str
    issuer: str = ""
    notice: str = ""


@dataclass(frozen=True, slots=True)
class CodeIssuer:
    """A health code's issuer and the patterns its QR content matches."""

    issuer: str
    province: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        """True when any of this issuer's patterns is found in `text`."""
        return any(pattern.search(text) for pattern in self.patterns)


def load_code_issuers(path: Path) -> tuple[CodeIssuer, ...]:
    """Read a code-issuer file (see resources/data/code_issuers.json for the format).

    Raises ValueError if the file is malformed, so a bad policy pack is refused
    whole instead of silently recognising nothing.
    """
    document = json.loads(path.read_text(encoding="utf-8"))
    try:
        entries = document["issuers"]
        return tuple(
            CodeIssuer(
                issuer=str(entry["issuer"]),
                province=str(entry["province"]),
                patterns=tuple(re.compile(str(p), re.IGNORECASE) for p in entry["patterns"]),
            )
            for entry in entries
        )
    except (KeyError, TypeError, re.error) as error:
        raise ValueError(f"malformed code issuer file {path}: {error}") from error


@functools.cache
def default_code_issuers() -> tuple[CodeIssuer, ...]:
    """The issuers bundled in resources/data/code_issuers.json, read once."""
    return load_code_issuers(resource_path("data", "code_issuers.json"))


# Unicode bidirectional controls can make "豫P12345" display as something else
# (the "Trojan Source" trick); a worker must see exactly what is stored.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f" + "".join(map(chr, range(0x202A, 0x202F))) + "\u2066\u2067\u2068\u2069"
)
# Invisible characters make two equal-looking values compare unequal (duplicate
# travellers, missed matches against a risk list).
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACES = " \u3000"


def _strip_terminator(raw: str) -> str:
    """Remove the surrounding spaces and the one line terminator a scanner appends."""
    text = raw.strip(_SPACES)
    for terminator in ("\r\n", "\r", "\n", "\t"):
        if text.endswith(terminator):
            text = text[: -len(terminator)]
            break
    return text.strip(_SPACES)


def _refuse_unsafe(text: str) -> None:
    if not text:
        raise PayloadRejected("扫码内容为空，请重新扫描")
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise PayloadRejected(f"扫码内容过长（超过{MAX_PAYLOAD_LENGTH}个字符），已拒收")
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":  # C0, DEL and C1
            raise PayloadRejected("扫码内容含有控制字符，已拒收，请重新扫描")
        if char in _BIDI_CONTROLS:
            raise PayloadRejected("扫码内容含有文字方向控制符，可能被篡改，已拒收")
        if char in _ZERO_WIDTH:
            raise PayloadRejected("扫码内容含有不可见的零宽字符，已拒收")
        # Other format characters and line separators hide in text the same way;
        # lone surrogates cannot even be stored as UTF-8 in SQLite.
        if category in ("Cf", "Zl", "Zp", "Cs"):
            raise PayloadRejected("扫码内容含有不可见字符，已拒收")


_ID_SHAPED = re.compile(r"[0-9]{17}[0-9Xx]")


def parse_payload(
    raw: str, *, today: date, issuers: Sequence[CodeIssuer] | None = None
) -> ParsedPayload:
    """Classify one scan; raise `PayloadRejected` for text that must not be used.

    An 18-character ID-shaped text that fails the ID check is refused with the
    ID check's message: a misread ID must not become "unknown" unnoticed.
    `issuers` defaults to the bundled list; tests and a pushed policy pack pass
    their own.
    """
    text = _strip_terminator(raw)
    _refuse_unsafe(text)

    if is_preregistration_text(text):
        return ParsedPayload(kind=PayloadKind.PREREGISTRATION, value=text, raw=text)

    if _ID_SHAPED.fullmatch(text):
        try:
            info = check_id_number(text, today=today)
        except ValidationError as error:
            raise PayloadRejected(error.message) from error
        return ParsedPayload(kind=PayloadKind.ID_NUMBER, value=info.number, raw=text)
    try:
        return ParsedPayload(kind=PayloadKind.PLATE, value=check_plate(text), raw=text)
    except ValidationError:
        pass
    try:
        return ParsedPayload(kind=PayloadKind.PHONE, value=check_phone(text), raw=text)
    except ValidationError:
        pass
    for issuer in default_code_issuers() if issuers is None else issuers:
        if issuer.matches(text):
            return ParsedPayload(
                kind=PayloadKind.HEALTH_CODE, value=text, raw=text, issuer=issuer.issuer
            )
    return ParsedPayload(
        kind=PayloadKind.UNKNOWN, value=text, raw=text, notice="未识别的扫码内容，已原样保存"
    )
