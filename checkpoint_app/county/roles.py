"""Dashboard roles and the county's own audit log (who published, added, exported what).

Three roles, least first, and `site`: the staff of one receiving site, who confirm the
arrival of the people sent to it and see nothing else of the county's. A user without a
role row (made before roles existed) is a viewer: roles only ever add rights, so an old
database loses nothing it had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update

from checkpoint_app.county.reports import local_time
from checkpoint_app.county.store import (
    CountyError,
    CountyStore,
    _now,
    county_audit,
    dashboard_sessions,
    dashboard_user_roles,
    sites,
)


class DashboardRole(StrEnum):
    VIEWER = "viewer"
    FOLLOW_UP = "follow_up"
    ADMIN = "admin"
    SITE = "site"

    @property
    def label(self) -> str:
        return {
            "viewer": "值班员（个人信息打码）",
            "follow_up": "乡镇跟进专员（可见完整联系方式）",
            "admin": "管理员（编辑策略与名单）",
            "site": "接收点工作人员（只确认本接收点的转运）",
        }[self.value]

    @property
    def may_unmask(self) -> bool:
        """Township cadres must phone the people they follow up; viewers never need to."""
        return self in (DashboardRole.FOLLOW_UP, DashboardRole.ADMIN)

    @property
    def may_edit(self) -> bool:
        return self is DashboardRole.ADMIN


def user_role(store: CountyStore, username: str) -> DashboardRole:
    """The user's role (VIEWER when none was given)."""
    with store.engine.connect() as conn:
        role = conn.execute(
            select(dashboard_user_roles.c.role).where(dashboard_user_roles.c.username == username)
        ).scalar_one_or_none()
    try:
        return DashboardRole(role) if role else DashboardRole.VIEWER
    except ValueError:
        return DashboardRole.VIEWER


def set_user_role(
    store: CountyStore,
    username: str,
    role: DashboardRole,
    *,
    by: str,
    township: str = "",
    site_id: int | None = None,
) -> None:
    """Give `username` a role (audited); CountyError if the user does not exist.

    `township` limits a follow_up user to that township's people (empty: the whole county).
    A site user needs `site_id`, the one receiving site whose transfers they confirm.
    """
    if store.user(username) is None:
        raise CountyError(f"找不到用户「{username}」")
    township = township.strip()
    if len(township) > 100:
        raise CountyError("乡镇名称最多 100 个字")
    if township and role is not DashboardRole.FOLLOW_UP:
        raise CountyError("只有乡镇跟进专员（follow_up）角色可以指定乡镇")
    if (site_id is not None) != (role is DashboardRole.SITE):
        raise CountyError("接收点工作人员（site）角色须指定一个接收点，其他角色不能指定")
    if site_id is not None:
        with store.engine.connect() as conn:
            known = conn.execute(
                select(sites.c.id).where(sites.c.id == site_id, sites.c.active.is_(True))
            ).first()
        if known is None:
            raise CountyError(f"找不到接收点 {site_id}（或已停用）")
    values = {"role": role.value, "township": township or None, "site_id": site_id}
    with store.engine.begin() as conn:
        changed = conn.execute(
            update(dashboard_user_roles)
            .where(dashboard_user_roles.c.username == username)
            .values(values)
        ).rowcount
        if changed != 1:
            conn.execute(dashboard_user_roles.insert().values(username=username, **values))
        # A new role takes effect now: open sessions end and the user signs in again.
        conn.execute(dashboard_sessions.delete().where(dashboard_sessions.c.username == username))
        details: dict[str, Any] = {"role": role.value}
        details |= ({"township": township} if township else {}) | (
            {"site_id": site_id} if site_id is not None else {}
        )
        _append(conn, by, "user.role", username, details)


def user_township(store: CountyStore, username: str) -> str:
    """The township a follow_up user works for; "" for the whole county."""
    with store.engine.connect() as conn:
        township = conn.execute(
            select(dashboard_user_roles.c.township).where(
                dashboard_user_roles.c.username == username
            )
        ).scalar_one_or_none()
    return township or ""


def user_site(store: CountyStore, username: str) -> int | None:
    """The receiving site a site user works for (None for every other user)."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(dashboard_user_roles.c.role, dashboard_user_roles.c.site_id).where(
                dashboard_user_roles.c.username == username
            )
        ).first()
    if row is None or row.role != DashboardRole.SITE.value or row.site_id is None:
        return None
    return int(row.site_id)


def _append(conn: Any, username: str, action: str, subject: str, details: dict[str, Any]) -> None:
    conn.execute(
        county_audit.insert().values(
            at=_now(),
            username=username,
            action=action,
            subject=subject[:200],
            details=json.dumps(details, ensure_ascii=False, sort_keys=True),
        )
    )


def audit(
    store: CountyStore,
    username: str,
    action: str,
    subject: str = "",
    details: dict[str, Any] | None = None,
    *,
    conn: Any = None,
) -> None:
    """Append one entry; pass `conn` to make it part of the caller's transaction.

    Never put a full document number or phone in `details`.
    """
    if conn is not None:
        _append(conn, username, action, subject, details or {})
        return
    with store.engine.begin() as own:
        _append(own, username, action, subject, details or {})


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: str  # county time, "2022-04-10 09:30"
    username: str
    action: str
    subject: str
    details: dict[str, Any]


def recent_audit(store: CountyStore, *, action_prefix: str = "", limit: int = 50) -> list[AuditRow]:
    """The newest entries first, optionally only actions starting with `action_prefix`."""
    query = select(county_audit).order_by(county_audit.c.id.desc()).limit(limit)
    if action_prefix:
        query = query.where(county_audit.c.action.startswith(action_prefix))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    result = []
    for row in rows:
        moment = local_time(row.at)
        result.append(
            AuditRow(
                moment.strftime("%Y-%m-%d %H:%M") if moment else "",
                row.username,
                row.action,
                row.subject,
                json.loads(row.details),
            )
        )
    return result
