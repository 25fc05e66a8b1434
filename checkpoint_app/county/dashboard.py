"""The county's dashboard (数据看板): pages in the same FastAPI process as the sync API.

Behind a login (auth.py). Pages are rendered on the server with Jinja2 (autoescape on, so
every value that comes from a traveller record is HTML-escaped); the chart is inline SVG
drawn here, and the CSS is a file served by this module, because the county network may
have no internet and a CDN would leave the page blank. Personal data on the pages is
masked (records/masking.py); the whole values are only in an `--unmask` export.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from checkpoint_app.county import reports
from checkpoint_app.county.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    verify_password,
)
from checkpoint_app.county.imports import BundleOutcome, import_bundle_bytes
from checkpoint_app.county.keys import CountyKeys
from checkpoint_app.county.roles import DashboardRole, user_role
from checkpoint_app.county.shared_state import LoginLimits, close_session, open_session
from checkpoint_app.county.store import CountyStore
from checkpoint_app.county.transfers import transfer_overview
from checkpoint_app.county.web import HERE, WebSite, client_address, same_origin
from checkpoint_app.records.model import CodeColour, Disposition

MAX_UPLOAD_BYTES = 64 * 1024 * 1024
MAX_UPLOAD_FILES = 50
STALE_SYNC_HOURS = 2
ARGON2_AT_ONCE = 2
ARGON2_QUEUE = 16
#: Longer "passwords" are refused without hashing them (a real one is far shorter).
MAX_PASSWORD_CHARS = 1024
log = logging.getLogger("checkpoint_app.county.dashboard")

# ---------------------------------------------------------------------------- the chart


@dataclass(frozen=True, slots=True)
class Bar:
    hour: int
    x: float
    width: float
    released_y: float
    released_h: float
    other_y: float
    other_h: float
    released: int
    other: int


@dataclass(frozen=True, slots=True)
class HourChart:
    """Geometry of the arrivals-per-hour bar chart (stacked: released / not released)."""

    width: int
    height: int
    left: int
    top: int
    plot_height: int
    bars: tuple[Bar, ...]
    gridlines: tuple[tuple[float, int], ...]
    total: int


def _nice_step(maximum: int) -> int:
    """A step of 1, 2 or 5 × 10^k giving at most about 4 gridlines."""
    raw = max(1.0, maximum / 4)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def hour_chart(hours: list[tuple[int, int]]) -> HourChart:
    """Lay out 24 stacked bars; numbers only, so the SVG needs no escaping concerns."""
    width, height, left, top, bottom = 960, 240, 44, 16, 28
    plot_w, plot_h = width - left - 12, height - top - bottom
    peak = max((a + b for a, b in hours), default=0)
    step = _nice_step(peak)
    ceiling = max(step, math.ceil(peak / step) * step)
    slot = plot_w / 24
    bars = []
    for hour, (released, other) in enumerate(hours):
        rh = plot_h * released / ceiling
        oh = plot_h * other / ceiling
        base = top + plot_h
        bars.append(
            Bar(
                hour,
                round(left + hour * slot + slot * 0.15, 1),
                round(slot * 0.7, 1),
                round(base - rh, 1),
                round(rh, 1),
                round(base - rh - oh, 1),
                round(oh, 1),
                released,
                other,
            )
        )
    gridlines = tuple(
        (round(top + plot_h - plot_h * value / ceiling, 1), value)
        for value in range(0, ceiling + 1, step)
    )
    return HourChart(
        width, height, left, top, plot_h, tuple(bars), gridlines, sum(a + b for a, b in hours)
    )


# ---------------------------------------------------------------------------- the page


def _dashboard_context(store: CountyStore, day: date, now: datetime) -> dict[str, Any]:
    """Everything the dashboard shows for one county day (runs on a worker thread)."""
    since, until = reports.day_range(day)
    per_cp = reports.totals(store, since, until)
    people, follow_up_count = reports.follow_ups(store, since, until)
    alerts, alert_count = reports.reported(store, since, until)
    sync_rows = reports.checkpoint_sync(store)
    local_now = now.astimezone(reports.COUNTY_TZ)
    stale = {
        row.checkpoint
        for row in sync_rows
        if row.devices
        and (
            row.last_sync is None
            or (local_now - row.last_sync).total_seconds() > STALE_SYNC_HOURS * 3600
        )
    }
    overall: dict[str, int] = {
        d.value: sum(t.by_disposition[d.value] for t in per_cp) for d in Disposition
    }
    flagged = sum(
        t.by_colour[CodeColour.RED.value] + t.by_colour[CodeColour.YELLOW.value] for t in per_cp
    )
    return {
        "day": day,
        "is_today": day == reports.county_today(now),
        "now": local_now,
        "dispositions": list(Disposition),
        "totals": per_cp,
        "overall": overall,
        "total": sum(t.total for t in per_cp),
        "released": overall["release"] + overall["release_test"],
        "quarantined": overall["central_quarantine"] + overall["home_quarantine"],
        "fever": sum(t.fever for t in per_cp),
        "flagged": flagged,
        "follow_ups": people,
        "follow_up_count": follow_up_count,
        "alerts": alerts,
        "alert_count": alert_count,
        "follow_up_limit": reports.FOLLOW_UP_LIMIT,
        "chart": hour_chart(reports.arrivals_per_hour(store, day)),
        "sync_rows": sync_rows,
        "stale": stale,
        "stale_hours": STALE_SYNC_HOURS,
        "conflicts": reports.open_conflicts(store),
        "transfers": transfer_overview(store, now=now),
    }


class Dashboard(WebSite):
    """The dashboard's handlers over one store and the county's keys."""

    def __init__(self, store: CountyStore, keys: CountyKeys, data_dir: Path) -> None:
        super().__init__(store, keys, data_dir)
        self.limits = LoginLimits(store)
        # Argon2id takes 64 MiB and a core for a fraction of a second: at most two at once
        # per process, and a short queue; past it a login is told to retry, so a flood of
        # logins cannot exhaust memory or starve /healthz and the sync API.
        self._verifying = asyncio.Semaphore(ARGON2_AT_ONCE)
        self._queued = 0

    def login_page(
        self, request: Request, *, message: str = "", status: int = 200, username: str = ""
    ) -> Response:
        cookie = request.cookies.get(LOGIN_COOKIE)
        nonce = self.signer.login_nonce(cookie)
        if nonce is None:
            cookie = self.signer.issue_login_cookie()
            nonce = self.signer.login_nonce(cookie)
            assert nonce is not None
        response = self.page(
            "login.html",
            status,
            csrf_token=self.signer.csrf_token(nonce),
            message=message,
            username=username,
        )
        assert cookie is not None
        self.set_cookie(response, request, LOGIN_COOKIE, cookie, 30 * 60)
        return response

    # --------------------------------------------------------------- handlers

    async def get_login(self, request: Request) -> Response:
        if await run_in_threadpool(self.session, request) is not None:
            return RedirectResponse("/", status_code=303)
        return self.login_page(request)

    async def post_login(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        username = str(form.get("username", "")).strip()[:64]
        password = str(form.get("password", ""))
        nonce = self.signer.login_nonce(request.cookies.get(LOGIN_COOKIE))
        if not same_origin(request) or not self.signer.check_csrf(
            nonce, str(form.get("csrf_token", ""))
        ):
            return self.login_page(request, message="页面已过期，请重新登录", status=403)
        address = client_address(request)
        if self._queued >= ARGON2_QUEUE:
            response = self.login_page(
                request, message="登录的人太多，请稍后再试", status=503, username=username
            )
            response.headers["Retry-After"] = "5"
            return response
        # Counted before the password is checked, so parallel posts cannot race the limit.
        verdict = await run_in_threadpool(self.limits.attempt, username, address)
        if not verdict.allowed:
            log.warning("dashboard login refused: too many attempts")
            return self.login_page(request, message=verdict.message, status=429, username=username)
        user = await run_in_threadpool(self.store.user, username)
        ok = False
        if len(password) <= MAX_PASSWORD_CHARS:
            self._queued += 1
            try:
                async with self._verifying:
                    ok = await run_in_threadpool(
                        verify_password, user.password_hash if user else None, password
                    )
            finally:
                self._queued -= 1
        if not ok or user is None:
            await run_in_threadpool(self.limits.failed, username, address)
            log.warning("dashboard login failed")
            return self.login_page(
                request, message="用户名或密码错误", status=401, username=username
            )
        await run_in_threadpool(self.limits.succeeded, username, address)
        log.info("dashboard login succeeded")
        cookie = self.signer.issue_session(user.username, user.password_hash)
        opened = self.signer.read_session(cookie)
        assert opened is not None
        await run_in_threadpool(
            open_session,
            self.store,
            opened.nonce,
            user.username,
            timedelta(seconds=SESSION_SECONDS),
        )
        response = RedirectResponse("/", status_code=303)
        self.set_cookie(response, request, SESSION_COOKIE, cookie, SESSION_SECONDS)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    async def post_logout(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=5)
        session = await run_in_threadpool(self.session, request)
        response = RedirectResponse("/login", status_code=303)
        if (
            session is not None
            and same_origin(request)
            and self.signer.check_csrf(session.nonce, str(form.get("csrf_token", "")))
        ):
            # Closed at the county, not only forgotten by this browser: a copy of the
            # cookie opens nothing afterwards.
            await run_in_threadpool(close_session, self.store, session.nonce)
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def get_dashboard(self, request: Request) -> Response:
        session = await run_in_threadpool(self.session, request)
        if session is None:
            return RedirectResponse("/login", status_code=303)
        # A receiving site's staff see their own site's transfers, not the county's figures.
        if await run_in_threadpool(user_role, self.store, session.username) is DashboardRole.SITE:
            return RedirectResponse("/site/receive", status_code=303)
        now = datetime.now(UTC)
        day = reports.county_today(now)
        requested = request.query_params.get("day", "")
        if requested:
            # A malformed date in the address shows today rather than an error page.
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(requested)
        context = await run_in_threadpool(_dashboard_context, self.store, day, now)
        return self.page(
            "dashboard.html",
            username=session.username,
            csrf_token=self.signer.csrf_token(session.nonce),
            **context,
        )

    async def post_upload(self, request: Request) -> Response:
        session = await run_in_threadpool(self.session, request)
        if session is None:
            return RedirectResponse("/login", status_code=303)
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
            return self.page(
                "upload_result.html",
                413,
                outcomes=[],
                error="文件过大（每次最多 64 MB）",
                username=session.username,
                csrf_token=self.signer.csrf_token(session.nonce),
            )
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=5)
        if not same_origin(request) or not self.signer.check_csrf(
            session.nonce, str(form.get("csrf_token", ""))
        ):
            return self.page(
                "upload_result.html",
                403,
                outcomes=[],
                error="页面已过期，请返回看板重新上传",
                username=session.username,
                csrf_token=self.signer.csrf_token(session.nonce),
            )
        outcomes: list[BundleOutcome] = []
        for item in form.getlist("bundles"):
            if not isinstance(item, UploadFile) or not item.filename:
                continue
            data = await item.read()
            # Only the base name is shown: a browser may send a client-side path.
            name = Path(item.filename.replace("\\", "/")).name[:200]
            outcomes.append(
                await run_in_threadpool(import_bundle_bytes, self.store, self.keys, name, data)
            )
        log.info(
            "dashboard upload: %d bundle(s), %d refused",
            len(outcomes),
            sum(not o.ok for o in outcomes),
        )
        return self.page(
            "upload_result.html",
            200 if outcomes else 400,
            outcomes=outcomes,
            error="" if outcomes else "请选择要上传的交班导出包（.kdtb）",
            username=session.username,
            csrf_token=self.signer.csrf_token(session.nonce),
        )

    async def get_css(self) -> Response:
        css = (HERE / "static" / "dashboard.css").read_bytes()
        return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def install_dashboard(
    app: FastAPI, store: CountyStore, keys: CountyKeys, data_dir: Path
) -> WebSite:
    """Add the dashboard's pages to the county app; the site other pages build on."""
    board = Dashboard(store, keys, data_dir)
    app.add_api_route("/", board.get_dashboard, methods=["GET"], include_in_schema=False)
    app.add_api_route("/login", board.get_login, methods=["GET"], include_in_schema=False)
    app.add_api_route("/login", board.post_login, methods=["POST"], include_in_schema=False)
    app.add_api_route("/logout", board.post_logout, methods=["POST"], include_in_schema=False)
    app.add_api_route("/upload", board.post_upload, methods=["POST"], include_in_schema=False)
    app.add_api_route(
        "/static/dashboard.css", board.get_css, methods=["GET"], include_in_schema=False
    )
    return board
