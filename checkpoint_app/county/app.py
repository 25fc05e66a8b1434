"""The county's HTTP API (FastAPI). Handlers stay small: SQL lives in store.py.

Every request from a workstation is signed (see sync/protocol.py). A request that is
unsigned, badly signed, replayed or from a revoked device is refused with 401/403 before
anything is written. Answers to authenticated requests carry the county's signature,
bound to the request's sequence number, so a forged "accepted" cannot make a workstation
drop records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from checkpoint_app.county.keys import CountyKeys, load_county_keys
from checkpoint_app.county.store import (
    CountyError,
    CountyStore,
    DeviceRevoked,
    SequenceReplayed,
    StorageProblem,
)
from checkpoint_app.sync.protocol import (
    ENROLL_PATH,
    ERROR_BAD_CODE,
    ERROR_BAD_REQUEST,
    ERROR_BAD_SIGNATURE,
    ERROR_REPLAY,
    ERROR_REVOKED,
    ERROR_UNKNOWN_DEVICE,
    ERROR_UNSIGNED,
    HEADER_COUNTY_SIGNATURE,
    HEALTH_PATH,
    MAX_BATCH,
    MAX_INT32,
    POLICY_PATH,
    RECORDS_PATH,
    SITES_PATH,
    TRANSFER_RECEIPTS_PATH,
    TRANSFERS_PATH,
    WATCHLIST_PATH,
    WireFormatError,
    b64decode,
    b64encode,
    canonical_json,
    load_json,
    load_public_key,
    parse_request_headers,
    parse_wire_record,
    request_signing_bytes,
    response_signing_bytes,
    verify_signature,
)

MAX_BODY_BYTES = 32 * 1024 * 1024
#: The bodies anyone may send unsigned and unauthenticated (the public pre-registration
#: form, the login form) are a few hundred bytes.
MAX_PUBLIC_FORM_BYTES = 64 * 1024
log = logging.getLogger("checkpoint_app.county")


class _Document(Protocol):
    """A county-signed document as stored: its signed bytes and their ETag."""

    @property
    def envelope(self) -> bytes: ...

    @property
    def etag(self) -> str: ...


@dataclass(frozen=True, slots=True)
class _Caller:
    device_id: str
    sequence: int


@dataclass(frozen=True, slots=True)
class _Incoming:
    """What a handler needs from the request, read on the event loop."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


#: Seconds a device is told to wait when the county cannot store anything right now.
RETRY_AFTER_SECONDS = 300
#: What `serve --workers N` hands each worker process (see app_from_environment).
DB_URL_ENV = "CHECKPOINT_COUNTY_DB_URL"
DATA_DIR_ENV = "CHECKPOINT_COUNTY_DATA_DIR"
HSTS = b"max-age=31536000"


class _Hsts:
    """Strict-Transport-Security on every answer given over TLS (directly, or through a
    trusted proxy that said X-Forwarded-Proto: https), so a browser that once reached the
    county over TLS never falls back to plain HTTP, where the session cookie could leak."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"strict-transport-security", HSTS)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_hsts)


def _refusal(status: int, reason: str, message: str, **extra: object) -> Response:
    # Refusals are not signed: they change nothing on either side. The one that does move
    # the device (a replay, which lifts its counter) is signed: _Api.refused.
    body = canonical_json({"error": reason, "message": message, **extra})
    return Response(body, status_code=status, media_type="application/json")


def _store_refusal(exc: CountyError) -> Response:
    """The answer to a refused store operation (revoked, disk full, …); replays: _Api.refused."""
    if isinstance(exc, DeviceRevoked):
        return _refusal(403, ERROR_REVOKED, exc.message)
    if isinstance(exc, StorageProblem):
        # Nothing was stored and nothing is acknowledged: the device keeps its outbox.
        log.error("county storage problem: %s", exc.__cause__ or exc)
        response = _refusal(503, exc.reason, exc.message)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _refusal(400, ERROR_BAD_REQUEST, exc.message)


class _BodyTooLarge(Exception):
    pass


class _BodyLimit:
    """Answers 413 once a request body passes its route's limit, whatever the route does.

    Routes check a declared Content-Length themselves (with their own page); this counts
    the bytes as they arrive, so a chunked body without a length cannot be read into
    memory, or spooled to disk by a form parser, past the limit either.
    """

    def __init__(self, app: ASGIApp, limits: Mapping[str, int], default: int) -> None:
        self.app = app
        self.limits = dict(limits)
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _BodyTooLarge:
            if started:
                raise
            await _refusal(413, ERROR_BAD_REQUEST, "请求过大")(scope, receive, send)


class _Api:
    def __init__(self, store: CountyStore, keys: CountyKeys) -> None:
        self.store = store
        self.keys = keys

    def signed(
        self,
        status: int,
        body: bytes,
        caller: _Caller,
        headers: dict[str, str] | None = None,
    ) -> Response:
        signature = self.keys.signing.sign(
            response_signing_bytes(status, body, caller.device_id, caller.sequence)
        )
        all_headers = {HEADER_COUNTY_SIGNATURE: b64encode(signature), **(headers or {})}
        media_type = "application/json" if body else None
        return Response(body, status_code=status, headers=all_headers, media_type=media_type)

    def refused(self, exc: CountyError, caller: _Caller) -> Response:
        """The answer to a refused store operation for a verified caller.

        A replay refusal tells the device the last sequence the county saw, and the device
        lifts its counter past it; so it is signed like an answer, and the device believes
        it only with a valid signature (a forged one could otherwise stall it for good).
        """
        if isinstance(exc, SequenceReplayed):
            body = canonical_json(
                {"error": ERROR_REPLAY, "message": exc.message, "last_sequence": exc.last_sequence}
            )
            return self.signed(401, body, caller)
        return _store_refusal(exc)

    def authenticate(self, incoming: _Incoming) -> _Caller | Response:
        """The verified caller, or the refusal to send. Reads only; writes nothing."""
        signed = parse_request_headers(incoming.headers)
        if signed is None:
            return _refusal(401, ERROR_UNSIGNED, "请求未签名")
        device = self.store.device(signed.device_id)
        if device is None:
            return _refusal(401, ERROR_UNKNOWN_DEVICE, "设备未注册")
        message = request_signing_bytes(
            incoming.method, incoming.path, incoming.body, signed.device_id, signed.sequence
        )
        if not verify_signature(device.public_key, signed.signature, message):
            return _refusal(401, ERROR_BAD_SIGNATURE, "请求签名无效")
        if device.revoked:
            return _refusal(403, ERROR_REVOKED, "设备已被吊销")
        return _Caller(signed.device_id, signed.sequence)

    def enroll(self, incoming: _Incoming) -> Response:
        try:
            data = load_json(incoming.body, "注册请求格式不对")
            code = str(data["code"])
            device_id = str(data["device_id"])
            public_raw = b64decode(str(data["public_key"]))
        except (ValueError, KeyError, TypeError, WireFormatError):
            return _refusal(400, ERROR_BAD_REQUEST, "注册请求格式不对")
        signed = parse_request_headers(incoming.headers)
        if signed is None or signed.device_id != device_id or signed.sequence != 0:
            return _refusal(400, ERROR_BAD_REQUEST, "注册请求未签名")
        if len(public_raw) != 32 or not 1 <= len(device_id) <= 64:
            return _refusal(400, ERROR_BAD_REQUEST, "注册请求格式不对")
        # Proof that the caller holds the private half of the key it registers.
        message = request_signing_bytes("POST", incoming.path, incoming.body, device_id, 0)
        if not verify_signature(load_public_key(public_raw), signed.signature, message):
            return _refusal(400, ERROR_BAD_SIGNATURE, "注册请求签名无效")
        try:
            checkpoint = self.store.enroll_device(code, device_id, public_raw)
        except StorageProblem as exc:
            return _store_refusal(exc)
        except CountyError as exc:
            return _refusal(403, ERROR_BAD_CODE, exc.message)
        log.info("device enrolled for checkpoint %s", checkpoint.id)
        body = canonical_json(
            {
                "device_id": device_id,
                "checkpoint": {
                    "name": checkpoint.name,
                    "kind": checkpoint.kind.value,
                    "township": checkpoint.township,
                },
                "county_signing_key": b64encode(self.keys.signing_public_raw),
                "county_sealing_key": b64encode(self.keys.sealing_public_raw),
            }
        )
        return self.signed(200, body, _Caller(device_id, 0))

    def post_records(self, incoming: _Incoming) -> Response:
        caller = self.authenticate(incoming)
        if isinstance(caller, Response):
            return caller
        try:
            data = load_json(incoming.body, "请求格式不对")
            raw_records = data["records"]
            if not isinstance(raw_records, list) or len(raw_records) > MAX_BATCH:
                raise ValueError("records must be a list of at most MAX_BATCH")
            batch = [parse_wire_record(r) for r in raw_records]
            # Optional (older workstations do not send it): the device's own count of
            # versions the county has not acknowledged, shown on the dashboard.
            waiting = data.get("waiting")
            if waiting is not None and (
                isinstance(waiting, bool)
                or not isinstance(waiting, int)
                or not 0 <= waiting <= MAX_INT32
            ):
                raise ValueError("waiting must be a non-negative integer")
        except WireFormatError as exc:
            return _refusal(400, ERROR_BAD_REQUEST, exc.message)
        except (ValueError, KeyError, TypeError):
            return _refusal(400, ERROR_BAD_REQUEST, "请求格式不对")
        try:
            outcomes = self.store.ingest_online(
                caller.device_id, caller.sequence, batch, waiting=waiting
            )
        except CountyError as exc:
            return self.refused(exc, caller)
        body = canonical_json(
            {
                "results": [
                    {
                        "uuid": o.uuid,
                        "version": o.version,
                        "status": o.status,
                        "county_hash": o.county_hash,
                    }
                    for o in outcomes
                ]
            }
        )
        return self.signed(200, body, caller)

    def _serve_document(
        self, incoming: _Incoming, current: Callable[[], _Document | None]
    ) -> Response:
        """A county-signed document (policy pack, watch list, site list) for a verified
        device: 204 when none is published, 304 for the ETag it already holds."""
        caller = self.authenticate(incoming)
        if isinstance(caller, Response):
            return caller
        try:
            self.store.claim_sequence(caller.device_id, caller.sequence)
        except CountyError as exc:
            return self.refused(exc, caller)
        document = current()
        if document is None:
            return self.signed(204, b"", caller)
        lowered = {k.lower(): v for k, v in incoming.headers.items()}
        if lowered.get("if-none-match") == document.etag:
            return self.signed(304, b"", caller, {"ETag": document.etag})
        return self.signed(200, document.envelope, caller, {"ETag": document.etag})

    def get_policy(self, incoming: _Incoming) -> Response:
        return self._serve_document(incoming, self.store.latest_policy)

    def get_watch_list(self, incoming: _Incoming) -> Response:
        from checkpoint_app.county.watchlist import current_watch_list

        return self._serve_document(
            incoming, lambda: current_watch_list(self.store, self.keys.signing)
        )

    def get_sites(self, incoming: _Incoming) -> Response:
        from checkpoint_app.county.transfers import current_site_list

        return self._serve_document(
            incoming, lambda: current_site_list(self.store, self.keys.signing)
        )

    def post_transfers(self, incoming: _Incoming) -> Response:
        caller = self.authenticate(incoming)
        if isinstance(caller, Response):
            return caller
        from checkpoint_app.county.transfers import ingest_transfers
        from checkpoint_app.sync.transfers import MAX_TRANSFER_BATCH, parse_wire_transfer

        try:
            data = load_json(incoming.body, "请求格式不对")
            raw = data["transfers"]
            if not isinstance(raw, list) or len(raw) > MAX_TRANSFER_BATCH:
                raise ValueError("transfers must be a list of at most MAX_TRANSFER_BATCH")
            batch = [parse_wire_transfer(t) for t in raw]
        except WireFormatError as exc:
            return _refusal(400, ERROR_BAD_REQUEST, exc.message)
        except (ValueError, KeyError, TypeError):
            return _refusal(400, ERROR_BAD_REQUEST, "请求格式不对")
        try:
            outcomes = ingest_transfers(self.store, caller.device_id, caller.sequence, batch)
        except CountyError as exc:
            return self.refused(exc, caller)
        body = canonical_json(
            {
                "results": [
                    {"code": o.code, "status": o.status, "message": o.message} for o in outcomes
                ]
            }
        )
        return self.signed(200, body, caller)

    def get_receipts(self, incoming: _Incoming) -> Response:
        caller = self.authenticate(incoming)
        if isinstance(caller, Response):
            return caller
        from checkpoint_app.county.transfers import receipts_for_device

        try:
            receipts = receipts_for_device(self.store, caller.device_id, caller.sequence)
        except CountyError as exc:
            return self.refused(exc, caller)
        body = canonical_json({"receipts": [r.to_wire() for r in receipts]})
        return self.signed(200, body, caller)


def create_app(db_url: str, county_key_path: Path) -> FastAPI:
    """The county API and dashboard over the database at `db_url`.

    `county_key_path` is the county's data folder: its keys and the dashboard's cookie key.
    The store brings the schema up to date (a no-op after `serve` did, one worker after
    another under the upgrade lock) and refuses a schema newer than this release.
    """
    api = _Api(CountyStore(db_url), load_county_keys(county_key_path))
    app = FastAPI(title="卡点通 县级服务器", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = api.store

    async def incoming(request: Request) -> _Incoming | Response:
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _refusal(413, ERROR_BAD_REQUEST, "请求过大")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _refusal(413, ERROR_BAD_REQUEST, "请求过大")
        return _Incoming(request.method, request.url.path, dict(request.headers), body)

    @app.get(HEALTH_PATH)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(ENROLL_PATH)
    async def enroll(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.enroll, got)

    @app.post(RECORDS_PATH)
    async def post_records(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.post_records, got)

    @app.get(POLICY_PATH)
    async def get_policy(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.get_policy, got)

    @app.get(WATCHLIST_PATH)
    async def get_watch_list(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.get_watch_list, got)

    @app.get(SITES_PATH)
    async def get_sites(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.get_sites, got)

    @app.post(TRANSFERS_PATH)
    async def post_transfers(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.post_transfers, got)

    @app.get(TRANSFER_RECEIPTS_PATH)
    async def get_receipts(request: Request) -> Response:
        got = await incoming(request)
        if isinstance(got, Response):
            return got
        return await run_in_threadpool(api.get_receipts, got)

    from checkpoint_app.county.dashboard import install_dashboard

    site = install_dashboard(app, api.store, api.keys, county_key_path)
    from checkpoint_app.county.decision_pages import install_decision_pages

    install_decision_pages(app, site)
    from checkpoint_app.county.site_pages import install_site_pages

    install_site_pages(app, site)
    from checkpoint_app.county.preregistration import install_preregistration

    install_preregistration(app, api.store, api.keys)
    from checkpoint_app.county.dashboard import MAX_UPLOAD_BYTES
    from checkpoint_app.county.preregistration import PAGE_PATH

    app.add_middleware(
        _BodyLimit,
        limits={
            "/upload": MAX_UPLOAD_BYTES,
            "/login": MAX_PUBLIC_FORM_BYTES,
            PAGE_PATH: MAX_PUBLIC_FORM_BYTES,
        },
        default=MAX_BODY_BYTES,
    )
    app.add_middleware(_Hsts)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of `checkpoint-county serve --workers N`."""
    import os

    return create_app(os.environ[DB_URL_ENV], Path(os.environ[DATA_DIR_ENV]))
