"""Dashboard pages for decision support: the policy editor, follow-ups, the watch list.

Plain HTML forms (no JavaScript, which the page's CSP forbids anyway); every POST carries
the session's CSRF token and passes the same-origin check. Editing (publishing a pack,
changing the watch list) needs the admin role; whole names and numbers on the follow-up
page and in its Excel file need a role that may unmask (roles.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from checkpoint_app.county import followups, policy_admin, reports, watchlist
from checkpoint_app.county.roles import DashboardRole, audit, recent_audit, user_role
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
        session = await run_in_threadpool(self.board.session, request)
        if session is None:
            return None
        role = await run_in_threadpool(user_role, self.store, session.username)
        return session, role

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
            return RedirectResponse("/login", status_code=303)
        version, content = await run_in_threadpool(policy_admin.current_content, self.store)
        draft = policy_admin.draft_from_content(version, content)
        context = await run_in_threadpool(self._editor_context, draft)
        return self._page("policy.html", *who, errors=[], results=None, notice="", **context)

    async def post_policy(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
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

    async def get_follow_ups(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        township = request.query_params.get("township", "")[:100]
        items = await run_in_threadpool(
            lambda: followups.follow_up_items(self.store, unmask=who[1].may_unmask)
        )
        townships = sorted({i.township for i in items})
        shown = [i for i in items if not township or i.township == township]
        days = await run_in_threadpool(followups.follow_up_days, self.store)
        return self._page(
            "follow_ups.html",
            *who,
            groups=followups.group_by_township(shown),
            townships=townships,
            township=township,
            days=days,
            unmasked=who[1].may_unmask,
            export_query=f"?township={quote(township)}" if township else "",
        )

    async def get_follow_ups_xlsx(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        session, role = who
        township = request.query_params.get("township", "")[:100]
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
        headers = {
            "Content-Disposition": f'attachment; filename="follow-ups-{stamp}.xlsx"; '
            f"filename*=UTF-8''{quote(name)}",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return Response(data, media_type=XLSX_TYPE, headers=headers)

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
            return RedirectResponse("/login", status_code=303)
        return await self._watch_page(who)

    async def post_watch_list(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
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
        ("/follow-ups.xlsx", pages.get_follow_ups_xlsx, "GET"),
        ("/watchlist", pages.get_watch_list, "GET"),
        ("/watchlist", pages.post_watch_list, "POST"),
    ):
        app.add_api_route(path, handler, methods=[method], include_in_schema=False)
