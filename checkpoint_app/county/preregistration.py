"""The public pre-registration page (出行预登记): a traveller fills it in on a phone before
setting out and gets a QR code signed with the county's key (records/preregistration.py).

No login, no JavaScript, no external assets; the form posts back to itself and the server
checks every field with the same validators the checkpoint uses, answering in Chinese next
to the field. The QR is inline SVG, with the expiry beside it in plain text.

Nothing the traveller enters is stored at the county: the code carries all of it, the
checkpoint's record (synced later) is what documents the passage, and keeping declarations
of people who may never travel would collect personal data the work does not need. Only
a per-address count of recent submissions is kept, in memory, to slow down abuse.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import segno
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from checkpoint_app.county.keys import CountyKeys
from checkpoint_app.county.reports import COUNTY_TZ
from checkpoint_app.county.shared_state import hit
from checkpoint_app.county.store import CountyStore
from checkpoint_app.county.web import SECURITY_HEADERS, template_environment
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.masking import mask_id_number, mask_phone
from checkpoint_app.records.model import DocumentType
from checkpoint_app.records.preregistration import (
    MAX_NAME_LENGTH,
    MAX_PLAN_LENGTH,
    REASONS,
    VALIDITY,
    Preregistration,
    PreregistrationInvalid,
    check_preregistration,
    encode_preregistration,
)
from checkpoint_app.resources import resource_path

PAGE_PATH = "/preregister"
CSS_PATH = "/static/preregister.css"
HERE = Path(__file__).resolve().parent
log = logging.getLogger("checkpoint_app.county.preregistration")

_FIELDS = (
    "name",
    "document_type",
    "document_number",
    "phone",
    "plate",
    "origin",
    "destination_township",
    "reason",
    "plan",
)
_MAX_FIELD_CHARS = 200


class SubmissionRate:
    """At most `limit` submissions per client address in a sliding window, in memory.

    Behind a reverse proxy every traveller shares the proxy's address, so there the proxy
    has to do the limiting per real client (this one would stop everybody at once).
    """

    def __init__(
        self,
        *,
        limit: int = 20,
        window_seconds: float = 10 * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window = window_seconds
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, address: str) -> float:
        """Count one submission; 0 when admitted, else the seconds to wait."""
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(address, deque())
            while times and times[0] <= now - self._window:
                times.popleft()
            if len(times) >= self._limit:
                return times[0] + self._window - now
            times.append(now)
            # Forget idle addresses so the table cannot grow without bound.
            if len(self._seen) > 10_000:
                for key in [k for k, v in self._seen.items() if not v]:
                    del self._seen[key]
            return 0.0


class SharedSubmissionRate:
    """SubmissionRate's limit counted in the county database (fixed windows), so that every
    worker process of a multi-process county counts the same submissions."""

    def __init__(
        self, store: CountyStore, *, limit: int = 20, window: timedelta = timedelta(minutes=10)
    ) -> None:
        self._store = store
        self._limit = limit
        self._window = window

    def admit(self, address: str) -> float:
        """Count one submission; 0 when admitted, else the seconds to wait."""
        counted = hit(self._store, f"prereg:{address[:64]}", self._window)
        return 0.0 if counted.count <= self._limit else max(1.0, counted.resets_in)


def county_townships(store: CountyStore) -> list[str]:
    """The destinations offered: the latest policy pack's townships, else the bundled list."""
    policy = store.latest_policy()
    if policy is not None:
        try:
            content = json.loads(policy.envelope)["pack"]["content"]
            townships = [str(t) for t in content.get("townships", [])]
        except (ValueError, KeyError, TypeError):
            townships = []
        if townships:
            return townships
    data = json.loads(resource_path("data", "townships.json").read_text(encoding="utf-8"))
    return [str(t) for t in data["townships"]]


def qr_svg(text: str) -> Markup:
    """The code as inline SVG that scales to its container (no size attributes)."""
    qr = segno.make(text, error="l", micro=False)
    svg = qr.svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr", lineclass=""
    )
    return Markup(svg)  # segno's own markup; the payload is ASCII base64url only


class PreregistrationPage:
    """Handlers for the public page over the store (for townships) and the county's keys."""

    def __init__(self, store: CountyStore, keys: CountyKeys) -> None:
        self.store = store
        self.keys = keys
        self.rate = SharedSubmissionRate(store)
        self.env = template_environment()

    def _page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def _form(
        self,
        *,
        values: Mapping[str, str],
        errors: Mapping[str, str],
        message: str = "",
        status: int = 200,
    ) -> HTMLResponse:
        return self._page(
            "preregister.html",
            status,
            values={field: values.get(field, "") for field in _FIELDS},
            errors=errors,
            message=message,
            document_types=[(t.value, t.label) for t in DocumentType],
            townships=county_townships(self.store),
            reasons=REASONS,
            max_name=MAX_NAME_LENGTH,
            max_plan=MAX_PLAN_LENGTH,
            validity_hours=int(VALIDITY.total_seconds() // 3600),
        )

    async def get_form(self, request: Request) -> Response:
        return await run_in_threadpool(lambda: self._form(values={}, errors={}))

    async def post_form(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=len(_FIELDS) + 2)
        values = {field: str(form.get(field, ""))[:_MAX_FIELD_CHARS] for field in _FIELDS}
        address = request.client.host if request.client else "unknown"
        wait = await run_in_threadpool(self.rate.admit, address)
        if wait > 0:
            log.warning("preregistration refused: too many submissions from one address")
            return await run_in_threadpool(
                lambda: self._form(
                    values=values,
                    errors={},
                    message=f"提交太频繁，请 {math.ceil(wait / 60)} 分钟后再试",
                    status=429,
                )
            )
        return await run_in_threadpool(self._issue, values)

    def _issue(self, values: Mapping[str, str]) -> HTMLResponse:
        now = datetime.now(UTC)
        errors: dict[str, str] = {}
        try:
            document_type = DocumentType(values["document_type"])
        except ValueError:
            document_type = DocumentType.RESIDENT_ID
            errors["document_number"] = "请选择证件类型"
        origin_text = values["origin"].strip()
        origin = load_divisions().match_place(origin_text) if origin_text else None
        townships = county_townships(self.store)
        details = Preregistration(
            name=values["name"],
            document_type=document_type,
            document_number=values["document_number"],
            phone=values["phone"],
            plate=values["plate"],
            origin_code=origin.code if origin is not None else "",
            destination_township=values["destination_township"],
            reason=values["reason"],
            plan=values["plan"],
        )
        try:
            checked = check_preregistration(details, today=now.astimezone(COUNTY_TZ).date())
        except PreregistrationInvalid as exc:
            errors = {**exc.errors, **errors}
        if origin_text and origin is None:
            errors["origin_code"] = "没有找到这个地方，请写省、市、县，如「上海市浦东新区」"
        if values["destination_township"] and values["destination_township"] not in townships:
            errors["destination_township"] = "请从列表中选择目的乡镇"
        if errors:
            return self._form(
                values=values, errors=errors, message="请按提示修改后再提交", status=400
            )
        expires_at = now + VALIDITY
        code = encode_preregistration(checked, self.keys.signing, expires_at=expires_at)
        log.info("preregistration code issued")
        assert origin is not None
        return self._page(
            "preregister_code.html",
            qr=qr_svg(code),
            expires=expires_at.astimezone(COUNTY_TZ),
            name=checked.name,
            document=f"{checked.document_type.label} {mask_id_number(checked.document_number)}",
            phone=mask_phone(checked.phone),
            plate=checked.plate,
            origin=origin.full_name,
            destination=checked.destination_township,
            reason=checked.reason,
            plan=checked.plan,
        )

    async def get_css(self) -> Response:
        css = (HERE / "static" / "preregister.css").read_bytes()
        return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def install_preregistration(app: FastAPI, store: CountyStore, keys: CountyKeys) -> None:
    """Add the public pre-registration page to the county app."""
    page = PreregistrationPage(store, keys)
    app.add_api_route(PAGE_PATH, page.get_form, methods=["GET"], include_in_schema=False)
    app.add_api_route(PAGE_PATH, page.post_form, methods=["POST"], include_in_schema=False)
    app.add_api_route(CSS_PATH, page.get_css, methods=["GET"], include_in_schema=False)
