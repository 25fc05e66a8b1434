"""Dashboard pages for decision support: the policy editor, the follow-up work list, the
watch list, and the daily report's download.

Plain HTML forms (no JavaScript, which the page's CSP forbids anyway); every POST carries
the session's CSRF token and passes the same-origin check. Editing (publishing a pack,
changing the watch list) needs the admin role; recording follow-up states needs the
follow_up or admin role (a follow_up user with a township only for that township's people);
whole names and numbers on the follow-up page and in its Excel file need a role that may
unmask (roles.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from checkpoint_app.county import daily_report, followups, policy_admin, reports, watchlist
from checkpoint_app.county.roles import (
    DashboardRole,
    audit,
    recent_audit,
    user_role,
    user_township,
)
from checkpoint_app.county.store import CountyError
from checkpoint_app.sync.protocol import format_time

if TYPE_CHECKING:
    from checkpoint_app.county.auth import Session
    from checkpoint_app.county.web import WebSite

MAX_EDITOR_FIELDS = 3 * policy_admin.MAX_RISK_ROWS + 40
log = logging.getLogger("checkpoint_app.county.dashboard")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DecisionPages:
    def __init__(self, board: WebSite) -> None:
        self.board = board
        self.store = board.store

    # --------------------------------------------------------------- helpers

    async def _who(self, request: Request) -> tuple[Session, DashboardRole] | None:
        """The signed-in user and role; None for nobody, and for a receiving site's staff,
        whose role reaches only their site's page (`_elsewhere` sends them there)."""
        session = await run_in_threadpool(self.board.session, request)
        if session is None:
            return None
        role = await run_in_threadpool(user_role, self.store, session.username)
        if role is DashboardRole.SITE:
            return None
        return session, role

    async def _elsewhere(self, request: Request) -> Response:
        """Where a request `_who` refused goes: the login page, or a site's own page."""
        session = await run_in_threadpool(self.board.session, request)
        return RedirectResponse("/site/receive" if session else "/login", status_code=303)

    def _page(
        self,
        template: str,
        session: Session,
        role: DashboardRole,
        status: int = 200,
        **context: Any,
    ) -> Response:
        return self.board.page(
            template,
            status,
            username=session.username,
            role=role,
            csrf_token=self.board.signer.csrf_token(session.nonce),
            **context,
        )

    def _form_ok(self, request: Request, session: Session, token: object) -> bool:
        return self.board.form_ok(request, session, token)

    # --------------------------------------------------------------- policy editor

    def _editor_context(self, draft: policy_admin.Draft) -> dict[str, Any]:
        blank = policy_admin.RiskRow("", "", "", "")
        return {
            "draft": draft,
            "risk_rows": list(draft.risk_rows) + [blank] * policy_admin.BLANK_RISK_ROWS,
            "risk_levels": policy_admin.RISK_LEVELS,
            "threshold_fields": policy_admin.THRESHOLD_FIELDS,
            "follow_up_fields": policy_admin.FOLLOW_UP_FIELDS,
            "published": recent_audit(self.store, action_prefix="policy.", limit=10),
        }

    async def get_policy(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        version, content = await run_in_threadpool(policy_admin.current_content, self.store)
        draft = policy_admin.draft_from_content(version, content)
        context = await run_in_threadpool(self._editor_context, draft)
        return self._page("policy.html", *who, errors=[], results=None, notice="", **context)

    async def post_policy(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        session, role = who
        form = await request.form(max_files=0, max_fields=MAX_EDITOR_FIELDS)
        fields = {key: str(value) for key, value in form.items()}
        draft = policy_admin.draft_from_form(fields)
        if not self._form_ok(request, session, fields.get("csrf_token")):
            context = await run_in_threadpool(self._editor_context, draft)
            errors = ["页面已过期，请刷新后重试（填写的内容仍在下方）"]
            return self._page(
                "policy.html", *who, 403, errors=errors, results=None, notice="", **context
            )
        publishing = fields.get("action") == "publish"
        status, notice, results = 200, "", None
        _latest, base = await run_in_threadpool(policy_admin.current_content, self.store)
        today = reports.county_today()
        content, errors, rows = await run_in_threadpool(
            policy_admin.content_from_draft, draft, base, today=today
        )
        draft = _with_rows(draft, rows)
        if content is not None and publishing and not role.may_edit:
            status, errors = 403, ["只有管理员角色可以发布防控策略"]
        elif content is not None and publishing:
            keys = self.board.keys
            try:
                stored = await run_in_threadpool(
                    lambda: policy_admin.publish_policy_content(
                        self.store,
                        keys.signing,
                        content,
                        by=session.username,
                        expected_version=draft.base_version,
                    )
                )
            except CountyError as exc:
                status, errors = 409, [exc.message]
            else:
                log.info("policy version %d published from the dashboard", stored.version)
                notice = f"已签名并发布第 {stored.version} 版防控策略；卡点下次同步时生效"
                draft = policy_admin.draft_from_content(stored.version, content)
        elif content is not None:
            results = await run_in_threadpool(policy_admin.preview, content)
        else:
            status = 400
        context = await run_in_threadpool(self._editor_context, draft)
        return self._page(
            "policy.html", *who, status, errors=errors, results=results, notice=notice, **context
        )

    # --------------------------------------------------------------- follow-ups

    async def _township_limit(self, who: tuple[Session, DashboardRole]) -> str:
        """The township a follow_up user is limited to ("" for the whole county)."""
        if who[1] is not DashboardRole.FOLLOW_UP:
            return ""
        return await run_in_threadpool(user_township, self.store, who[0].username)

    def _follow_up_page(
        self,
        who: tuple[Session, DashboardRole],
        limit: str,
        township: str,
        show_closed: bool,
        status: int = 200,
        *,
        notice: str = "",
        error: str = "",
    ) -> Response:
        session, role = who
        shown = limit or township
        items = followups.follow_up_items(
            self.store, unmask=role.may_unmask, township=shown, include_closed=show_closed
        )
        if limit:
            townships = [limit]
        else:
            every = followups.follow_up_items(self.store, unmask=False)
            townships = sorted({i.township for i in every} | ({township} - {""}))
        query = {"township": township if not limit else "", "closed": "1" if show_closed else ""}
        kept = {k: v for k, v in query.items() if v}
        return self._page(
            "follow_ups.html",
            session,
            role,
            status,
            groups=followups.group_by_township(items),
            townships=townships,
            township=shown,
            limited=bool(limit),
            show_closed=show_closed,
            days=followups.follow_up_days(self.store),
            unmasked=role.may_unmask,
            may_record=may_record(role),
            states=list(followups.FollowUpState),
            results=list(followups.TestResult),
            overdue=sum(i.overdue for i in items),
            export_query=f"?township={quote(shown)}" if shown else "",
            back_township=township,
            back_closed="1" if show_closed else "",
            back_query=urlencode(kept),
            notice=notice,
            error=error,
        )

    async def get_follow_ups(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        limit = await self._township_limit(who)
        township = request.query_params.get("township", "")[:100]
        show_closed = request.query_params.get("closed") == "1"
        return await run_in_threadpool(self._follow_up_page, who, limit, township, show_closed)

    async def post_follow_up(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        session, role = who
        limit = await self._township_limit(who)
        form = await request.form(max_files=0, max_fields=12)
        fields = {key: str(value)[:2000] for key, value in form.items()}
        township = fields.get("back_township", "")[:100]
        show_closed = fields.get("back_closed") == "1"

        async def page(status: int = 200, **extra: str) -> Response:
            return await run_in_threadpool(
                self._follow_up_page, who, limit, township, show_closed, status, **extra
            )

        if not self._form_ok(request, session, fields.get("csrf_token")):
            return await page(403, error="页面已过期，请刷新后重试")
        if not may_record(role):
            return await page(403, error="值班员角色只能查看跟进名单，不能修改跟进状态")
        try:
            change = await run_in_threadpool(
                lambda: followups.record_state(
                    self.store,
                    uuid=fields.get("uuid", "")[:64],
                    state=fields.get("state", ""),
                    test_result=fields.get("test_result", ""),
                    at=fields.get("at", ""),
                    note=fields.get("note", ""),
                    by=session.username,
                    township=limit,
                )
            )
        except CountyError as exc:
            return await page(400, error=exc.message)
        log.info("follow-up state recorded: %s", change.state.value)
        return await page(notice=f"已记录：{change.text}（{change.at.strftime('%m-%d %H:%M')}）")

    async def get_follow_ups_xlsx(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        session, role = who
        limit = await self._township_limit(who)
        township = limit or request.query_params.get("township", "")[:100]
        now = datetime.now(UTC)

        def build() -> bytes:
            items = followups.follow_up_items(
                self.store, unmask=role.may_unmask, township=township, now=now
            )
            audit(
                self.store,
                session.username,
                "followups.export",
                township or "全部乡镇",
                {"rows": len(items), "unmasked": role.may_unmask},
            )
            return followups.follow_up_workbook(items, generated=now)

        data = await run_in_threadpool(build)
        stamp = now.astimezone(reports.COUNTY_TZ).strftime("%Y%m%d-%H%M")
        name = f"跟进名单-{township or '全部乡镇'}-{stamp}.xlsx"
        return _download(data, XLSX_TYPE, f"follow-ups-{stamp}.xlsx", name)

    # --------------------------------------------------------------- daily report

    async def get_daily_report(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        session, _role = who
        text = request.query_params.get("date", "")
        kind = request.query_params.get("format", "xlsx")
        try:
            day = date.fromisoformat(text) if text else reports.county_today()
        except ValueError:
            return Response("日期格式不对，应为 2026-12-01 这样", 400, media_type="text/plain")
        if kind not in ("xlsx", "pdf"):
            return Response("格式应为 xlsx 或 pdf", 400, media_type="text/plain")

        def build() -> bytes:
            report = daily_report.build_daily_report(self.store, day)
            audit(self.store, session.username, "report.daily", day.isoformat(), {"format": kind})
            if kind == "pdf":
                return daily_report.report_pdf(report)
            return daily_report.report_workbook(report)

        data = await run_in_threadpool(build)
        media = "application/pdf" if kind == "pdf" else XLSX_TYPE
        return _download(
            data, media, f"daily-report-{day.isoformat()}.{kind}", f"日报-{day.isoformat()}.{kind}"
        )

    # --------------------------------------------------------------- watch list

    async def _watch_page(
        self, who: tuple[Session, DashboardRole], status: int = 200, **extra: Any
    ) -> Response:
        def load() -> dict[str, Any]:
            now = datetime.now(UTC)
            listed = watchlist.listed_people(self.store, now)
            return {
                "people": [(p, reports.local_time(format_time(p.expires_at))) for p in listed],
                "version": watchlist.latest_watch_list(self.store),
                "changes": recent_audit(self.store, action_prefix="watchlist.", limit=20),
            }

        context = await run_in_threadpool(load)
        extra.setdefault("errors", [])
        extra.setdefault("notice", "")
        extra.setdefault("entered", {})
        session, role = who
        return self._page("watchlist.html", session, role, status, **{**context, **extra})

    async def get_watch_list(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        return await self._watch_page(who)

    async def post_watch_list(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return await self._elsewhere(request)
        session, role = who
        form = await request.form(max_files=0, max_fields=10)
        fields = {key: str(value) for key, value in form.items()}
        entered = {k: fields.get(k, "") for k in ("number", "reason", "days")}
        if not self._form_ok(request, session, fields.get("csrf_token")):
            return await self._watch_page(
                who, 403, errors=["页面已过期，请刷新后重试"], entered=entered
            )
        if not role.may_edit:
            return await self._watch_page(
                who, 403, errors=["只有管理员角色可以修改重点人员名单"], entered=entered
            )
        try:
            if fields.get("action") == "remove":
                entry_id = int(fields.get("entry_id", ""))
                await run_in_threadpool(
                    lambda: watchlist.remove_watch_entry(self.store, entry_id, by=session.username)
                )
                return await self._watch_page(who, notice=f"已移除条目 {entry_id}")
            try:
                days = int(entered["days"] or "14")
            except ValueError:
                raise CountyError("有效天数应为整数") from None
            await run_in_threadpool(
                lambda: watchlist.add_watch_entry(
                    self.store, entered["number"], entered["reason"], days=days, by=session.username
                )
            )
        except CountyError as exc:
            return await self._watch_page(who, 400, errors=[exc.message], entered=entered)
        except ValueError:
            return await self._watch_page(who, 400, errors=["条目编号不对"], entered=entered)
        return await self._watch_page(who, notice="已加入名单；卡点下次同步时收到")


def may_record(role: DashboardRole) -> bool:
    """Township cadres and admins record follow-up states; viewers only read the list."""
    return role in (DashboardRole.FOLLOW_UP, DashboardRole.ADMIN)


def _download(data: bytes, media_type: str, ascii_name: str, name: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type=media_type, headers=headers)


def _with_rows(
    draft: policy_admin.Draft, rows: tuple[policy_admin.RiskRow, ...]
) -> policy_admin.Draft:
    from dataclasses import replace

    return replace(draft, risk_rows=rows)


def install_decision_pages(app: FastAPI, board: WebSite) -> None:
    """Add the policy editor, follow-up and watch-list pages to the county app."""
    pages = DecisionPages(board)
    for path, handler, method in (
        ("/policy", pages.get_policy, "GET"),
        ("/policy", pages.post_policy, "POST"),
        ("/follow-ups", pages.get_follow_ups, "GET"),
        ("/follow-ups", pages.post_follow_up, "POST"),
        ("/follow-ups.xlsx", pages.get_follow_ups_xlsx, "GET"),
        ("/reports/daily", pages.get_daily_report, "GET"),
        ("/watchlist", pages.get_watch_list, "GET"),
        ("/watchlist", pages.post_watch_list, "POST"),
    ):
        app.add_api_route(path, handler, methods=[method], include_in_schema=False)
