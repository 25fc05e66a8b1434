"""Valid, distinct resident ID numbers for watch-list tests."""

from __future__ import annotations

import itertools

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_serial = itertools.count(101)


def resident_id(prefix: str = "41162319900415") -> str:
    """A new 18-digit number with a correct check digit (serial part differs each call)."""
    body = f"{prefix}{next(_serial) % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + _CHECK[total % 11]
