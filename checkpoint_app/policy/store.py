"""Which policy is in force on this workstation.

The sync client verifies a pack's signature and stores it (sync/outbox.py); this module
refuses packs whose *content* is wrong. A stored pack that does not parse never replaces
the one before it: the newest pack that parses is in force, and before any pack (or if
none parses) the built-in :func:`default_policy` is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from checkpoint_app.policy.schema import Policy, PolicyError, default_policy, parse_policy
from checkpoint_app.sync import outbox
from checkpoint_app.sync.protocol import PolicyPack


@dataclass(frozen=True, slots=True)
class PolicyInForce:
    """The policy in force and, when a newer stored pack was refused, what was wrong with it."""

    policy: Policy
    refused_version: int | None = None
    problem: str = ""  # Chinese, for the status bar: "第 7 版策略内容有误：…，继续使用第 6 版"


def check_pack(pack: PolicyPack) -> Policy:
    """The policy a verified pack carries; PolicyError (Chinese) if its content is wrong.

    Call before ``outbox.store_policy`` so a pack with bad content is refused at once.
    """
    return parse_policy(pack.content, pack_version=pack.version)


def load_policy_in_force(db: Database) -> PolicyInForce:
    """The newest stored pack whose content parses, else the default; says what was refused.

    Reads only; safe on any thread's own connection.
    """
    if "policy_packs" not in db.table_names():
        return PolicyInForce(default_policy())
    newest = outbox.current_policy(db)
    if newest is None:
        return PolicyInForce(default_policy())
    try:
        return PolicyInForce(check_pack(newest))
    except PolicyError as exc:
        refused, problem = newest.version, exc.message
    # Older packs are kept by sync; the newest one of them that parses stays in force.
    fallback = default_policy()
    for version, content in db.execute(
        "SELECT version, content FROM policy_packs WHERE version < ? ORDER BY version DESC",
        [refused],
    ).fetchall():
        try:
            fallback = parse_policy(json.loads(content), pack_version=version)
            break
        except (PolicyError, ValueError):
            continue
    in_force = (
        f"第 {fallback.pack_version} 版" if fallback.pack_version is not None else "内置默认策略"
    )
    detail = problem.removeprefix("防控策略包")
    return PolicyInForce(fallback, refused, f"第 {refused} 版策略{detail}，继续使用{in_force}")


def policy_in_force(db: Database) -> Policy:
    """The policy the form applies now (see load_policy_in_force)."""
    return load_policy_in_force(db).policy
