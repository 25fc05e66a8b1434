"""What every page of the county's web site shares: templates, security headers, the
signed-in session, the same-origin check and the caller's address.

The dashboard, the decision pages and the public pre-registration page each build on
this module and never on one another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from checkpoint_app.county.auth import (
    SESSION_COOKIE,
    CookieSigner,
    Session,
    load_session_secret,
    password_fingerprint,
)
from checkpoint_app.county.keys import CountyKeys
from checkpoint_app.county.shared_state import session_is_open
from checkpoint_app.county.store import CountyStore

HERE = Path(__file__).resolve().parent

# Pages hold personal data: never cached, never framed, nothing loaded from elsewhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # "same-origin", not "no-referrer": with no-referrer Chromium sends "Origin: null" on
    # our own form posts, and the Origin check below could not tell them from a forgery.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def template_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = lambda moment: "—" if moment is None else moment.strftime("%m-%d %H:%M")
    return env


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def same_origin(request: Request) -> bool:
    """A POST whose Origin (or Referer) names another site is a cross-site forgery attempt."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        # Browsers send Origin on every cross-site POST; its absence means a same-site
        # form or a non-browser client, which the CSRF token still has to pass.
        return claimed is None
    return urlsplit(claimed).netloc == request.headers.get("host", "")


class WebSite:
    """The signed-in part of the site: one store, the county's keys, the cookie signer."""

    def __init__(self, store: CountyStore, keys: CountyKeys, data_dir: Path) -> None:
        self.store = store
        self.keys = keys
        self.signer = CookieSigner(load_session_secret(data_dir))
        self.env = template_environment()

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def session(self, request: Request) -> Session | None:
        """The signed-in user's session, if the cookie is valid and the user still exists
        with the password the session was opened with."""
        session = self.signer.read_session(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return None
        user = self.store.user(session.username)
        if user is None or password_fingerprint(user.password_hash) != session.password_fingerprint:
            return None
        # The cookie alone is not enough: the session must still be open at the county
        # (a logout, a new password or a new role closes it, in every worker process).
        if not session_is_open(self.store, session.nonce, session.username):
            return None
        return session

    def form_ok(self, request: Request, session: Session, token: object) -> bool:
        """A same-origin post carrying this session's CSRF token."""
        return same_origin(request) and self.signer.check_csrf(session.nonce, str(token or ""))

    @staticmethod
    def set_cookie(
        response: Response, request: Request, name: str, value: str, max_age: int
    ) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
