"""The county's refusal: a leaf module, so the schema code and the store can both raise it."""

from __future__ import annotations


class CountyError(Exception):
    """A refused county operation; `message` is Chinese, `reason` a wire error code."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
