"""The receiving site's page (/site/receive): confirm the arrival of a transfer by its code.

Site staff sign in to the dashboard with the `site` role, limited to one site; they see
the people on the way to that site and confirm each arrival by typing or scanning the
transfer code from the escort's slip (a scanner sends the slip's whole QR text, which
county/transfers.py reads the code from), with the arrival time (now unless given) and a
note. Admins may confirm for any site. A plain HTML form with the session's CSRF token
and the same-origin check, like the other dashboard forms; every receipt is audited.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from checkpoint_app.county import reports, transfers
from checkpoint_app.county.roles import DashboardRole, user_role, user_site
from checkpoint_app.county.store import CountyError
from checkpoint_app.records.transfers import ReceiptOutcome
from checkpoint_app.reports.papers import is_paper_code

if TYPE_CHECKING:
    from checkpoint_app.county.auth import Session
    from checkpoint_app.county.web import WebSite

RECEIVE_PATH = "/site/receive"
log = logging.getLogger("checkpoint_app.county.dashboard")


class SitePages:
    def __init__(self, board: WebSite) -> None:
        self.board = board
        self.store = board.store

    async def _who(self, request: Request) -> tuple[Session, DashboardRole, int | None] | None:
        session = await run_in_threadpool(self.board.session, request)
        if session is None:
            return None
        role = await run_in_threadpool(user_role, self.store, session.username)
        site_id = await run_in_threadpool(user_site, self.store, session.username)
        return session, role, site_id

    def _page(
        self,
        who: tuple[Session, DashboardRole, int | None],
        status: int = 200,
        *,
        notice: str = "",
        error: str = "",
        entered: dict[str, str] | None = None,
    ) -> Response:
        session, role, site_id = who
        allowed = role is DashboardRole.ADMIN or (role is DashboardRole.SITE and site_id)
        context: dict[str, Any] = {"site": None, "in_flight": [], "received": []}
        if allowed:
            now = datetime.now(UTC)
            day_start, _ = reports.day_range(reports.county_today(now))
            rows = transfers.transfer_rows(self.store, now=now, site_id=site_id, since=day_start)
            context = {
                "site": transfers.site_by_id(self.store, site_id) if site_id else None,
                "in_flight": [t for t in rows if t.in_flight],
                "received": [t for t in rows if not t.in_flight],
            }
        elif not error:
            status, error = 403, "只有接收点工作人员或管理员可以确认接收"
        return self.board.page(
            "site_receive.html",
            status,
            username=session.username,
            role=role,
            csrf_token=self.board.signer.csrf_token(session.nonce),
            allowed=allowed,
            outcomes=list(ReceiptOutcome),
            overdue_hours=transfers.overdue_hours(),
            notice=notice,
            error=error,
            entered=entered or {},
            **context,
        )

    async def get_receive(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        return await run_in_threadpool(self._page, who)

    async def post_receive(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        session, role, site_id = who
        form = await request.form(max_files=0, max_fields=8)
        fields = {key: str(value)[:500] for key, value in form.items()}
        entered = {k: fields.get(k, "") for k in ("code", "arrived_at", "outcome", "note")}

        async def page(status: int = 200, **extra: Any) -> Response:
            return await run_in_threadpool(lambda: self._page(who, status, **extra))

        if not self.board.form_ok(request, session, fields.get("csrf_token")):
            return await page(403, error="页面已过期，请刷新后重试", entered=entered)
        if not (role is DashboardRole.ADMIN or (role is DashboardRole.SITE and site_id)):
            return await page(403, error="只有接收点工作人员或管理员可以确认接收")
        try:
            receipt = await run_in_threadpool(
                lambda: transfers.record_receipt(
                    self.store,
                    entered["code"],
                    arrived_at=entered["arrived_at"],
                    outcome=entered["outcome"],
                    note=entered["note"],
                    by=session.username,
                    site_id=site_id if role is DashboardRole.SITE else None,
                )
            )
        except CountyError as exc:
            if is_paper_code(entered["code"]):
                # A scanned slip is not shown back: the next scan would land after it.
                entered["code"] = ""
            return await page(400, error=exc.message, entered=entered)
        log.info("transfer receipt recorded: %s", receipt.outcome.value)
        return await page(notice=f"已确认：{receipt.site} {receipt.text}")


def install_site_pages(app: FastAPI, board: WebSite) -> None:
    """Add the receiving site's page to the county app."""
    pages = SitePages(board)
    app.add_api_route(RECEIVE_PATH, pages.get_receive, methods=["GET"], include_in_schema=False)
    app.add_api_route(RECEIVE_PATH, pages.post_receive, methods=["POST"], include_in_schema=False)
